// The credential report: CSV parsing, and a report that never becomes ready, through the real SDK.
import { describe, expect, it } from 'vitest';
import { parseCredentialReport } from '../../../src/collectors/aws/iam.js';
import { runAgainstSandbox } from '../../helpers/sandbox.js';
import { MGMT, identityConfig, identityEstate } from './identity-estate.js';

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,' +
  'password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,' +
  'access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
  'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,' +
  'access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,' +
  'cert_2_active,cert_2_last_rotated';

describe('parseCredentialReport', () => {
  it('keeps the report vocabulary, handles CRLF, a BOM and quoted cells', () => {
    const csv =
      `\uFEFF${HEADER}\r\n<root_account>,arn:aws:iam::1:root,2019-01-01T00:00:00+00:00,not_supported,` +
      'no_information,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,' +
      `N/A,false,N/A\r\n"a,b",arn:aws:iam::1:user/x,2020-01-01T00:00:00+00:00,true,N/A,` +
      '2020-01-01T00:00:00+00:00,N/A,false,true,2020-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,' +
      `N/A,false,N/A,false,N/A\r\n`;
    const report = parseCredentialReport(csv, '2026-11-26T00:00:00Z');
    expect(report.rows).toHaveLength(2);
    expect(report.rows[0]).toMatchObject({
      user: '<root_account>',
      password_enabled: 'not_supported',
      password_last_used: 'no_information',
      mfa_active: 'true',
    });
    expect(report.rows[1]).toMatchObject({ user: 'a,b', password_last_used: 'N/A', access_key_1_active: 'true' });
  });

  it('rejects a report without the columns the checks read', () => {
    expect(() => parseCredentialReport('user,arn\nx,arn:aws:iam::1:user/x\n', '')).toThrow(/lacks the column/);
  });

  it('rejects malformed CSV', () => {
    expect(() => parseCredentialReport(`${HEADER}\n"unterminated,arn\n`, '')).toThrow();
  });
});

describe('a credential report that never becomes ready', () => {
  it('makes the user checks error (never pass) and leaves the rest alone', async () => {
    const estate = identityEstate();
    estate.aws!.accounts.find((a) => a.id === MGMT)!.iam.reportGenerationPolls = 1000;
    const run = await runAgainstSandbox(estate, {
      config: identityConfig,
      only: ['aws.iam.user-console-mfa', 'aws.iam.unused-credentials', 'aws.iam.root-mfa'],
    });
    try {
      const mgmt = run.findings.filter((f) => f.resource.account === MGMT);
      expect(mgmt.map((f) => [f.checkId, f.status])).toEqual([
        ['aws.iam.root-mfa', 'pass'],
        ['aws.iam.user-console-mfa', 'error'],
        ['aws.iam.unused-credentials', 'error'],
      ]);
      expect(mgmt[1]!.message).toMatch(/still not ready after 15 polls/);
      expect(run.sandbox.stats.get('aws:iam:GenerateCredentialReport')).toBeGreaterThanOrEqual(15);
    } finally {
      await run.cleanup();
    }
  });
});
