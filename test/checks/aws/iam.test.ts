import { describe, expect, it } from 'vitest';
import { awsIamChecks } from '../../../src/checks/aws/iam.js';
import { collected, failed } from '../../../src/core/types.js';
import type { CredentialReportRow } from '../../../src/evidence/aws/iam.js';
import { account, byId, daysAgo, denied, evidenceOf, find, ref, row, run, unreachable } from './fixtures.js';

const ACCT = '111111111111';
const ROOT = `arn:aws:iam::${ACCT}:root`;
const userArn = (u: string) => `arn:aws:iam::${ACCT}:user/${u}`;
const report = (...rows: CredentialReportRow[]) => collected({ generatedTime: '2026-11-26T11:00:00Z', rows }, [ref('iam:GetCredentialReport')]);
const summary = (map: Record<string, number>) => collected(map, [ref('iam:GetAccountSummary')]);

describe('aws.iam.root-mfa', () => {
  const check = find(awsIamChecks, 'aws.iam.root-mfa');
  it.each([
    ['summary 1, report agrees', { AccountMFAEnabled: 1 }, 'true', 'pass'],
    ['summary 1, report unavailable', { AccountMFAEnabled: 1 }, undefined, 'pass'],
    ['summary 0', { AccountMFAEnabled: 0 }, 'false', 'fail'],
    ['summary 1 but the report root row says false', { AccountMFAEnabled: 1 }, 'false', 'fail'],
    ['summary lacks the flag, report says true', { Users: 3 }, 'true', 'pass'],
    ['summary lacks the flag, report says false', { Users: 3 }, 'false', 'fail'],
    ['summary lacks the flag, no report', { Users: 3 }, undefined, 'error'],
    ['summary lacks the flag, report unreadable', { Users: 3 }, 'not_supported', 'error'],
  ] as const)('%s → %s', (_name, map, rootMfa, expected) => {
    const iam = { accountSummary: summary(map), ...(rootMfa ? { credentialReport: report(row('<root_account>', { mfa_active: rootMfa }, ACCT)) } : {}) };
    const [f, ...rest] = run(check, evidenceOf(account(ACCT, { iam })));
    expect(rest).toEqual([]);
    expect(f!.status).toBe(expected);
    expect(f!.resource.id).toBe(ROOT);
  });

  it('GetAccountSummary denied → error naming the action; an unreachable account → error', () => {
    const findings = run(check, evidenceOf(account(ACCT, { iam: { accountSummary: failed(denied('iam:GetAccountSummary')) } }), unreachable('222222222222')));
    expect(findings.map((f) => [f.resource.id, f.status, f.missing])).toEqual([
      [ROOT, 'error', 'iam:GetAccountSummary'],
      ['arn:aws:iam::222222222222:root', 'error', 'sts:AssumeRole on arn:aws:iam::222222222222:role/r'],
    ]);
  });
});

describe('aws.iam.root-access-keys', () => {
  const check = find(awsIamChecks, 'aws.iam.root-access-keys');
  it.each([
    ['no keys', 0, { access_key_1_active: 'false' }, 'pass'],
    ['summary 0 but the report shows an active key', 0, { access_key_2_active: 'true' }, 'fail'],
    ['an active key', 1, { access_key_1_active: 'true' }, 'fail'],
    ['only an inactive key', 1, { access_key_1_active: 'false', access_key_2_active: 'false' }, 'pass'],
    ['a key, report unavailable', 1, undefined, 'fail'],
    ['a key, report value unreadable', 1, { access_key_1_active: 'no_information' }, 'fail'],
    ['summary lacks the flag, report: no active key', undefined, { access_key_1_active: 'false' }, 'pass'],
    ['summary lacks the flag, report: active key', undefined, { access_key_1_active: 'true' }, 'fail'],
    ['summary lacks the flag, report unreadable', undefined, { access_key_1_active: '' }, 'error'],
    ['summary lacks the flag, no report', undefined, undefined, 'error'],
  ] as const)('%s → %s', (_name, present, rootRow, expected) => {
    const iam = {
      accountSummary: summary({ AccountMFAEnabled: 1, ...(present === undefined ? {} : { AccountAccessKeysPresent: present }) }),
      ...(rootRow ? { credentialReport: report(row('<root_account>', rootRow, ACCT)) } : {}),
    };
    const [f] = run(check, evidenceOf(account(ACCT, { iam })));
    expect([f!.resource.id, f!.status]).toEqual([ROOT, expected]);
  });
});

describe('aws.iam.user-console-mfa', () => {
  const check = find(awsIamChecks, 'aws.iam.user-console-mfa');
  it('judges users with a password only, skips the root row, errors on unreadable values', () => {
    const findings = byId(
      run(
        check,
        evidenceOf(
          account(ACCT, {
            iam: {
              credentialReport: report(
                row('<root_account>', { mfa_active: 'false' }, ACCT),
                row('alice', { password_enabled: 'true', mfa_active: 'true' }, ACCT),
                row('bob', { password_enabled: 'true', mfa_active: 'false' }, ACCT),
                row('svc', { password_enabled: 'false', mfa_active: 'false' }, ACCT),
                row('odd', { password_enabled: 'not_supported', mfa_active: 'false' }, ACCT),
                row('odd2', { password_enabled: 'true', mfa_active: '' }, ACCT),
              ),
            },
          }),
        ),
      ),
    );
    expect([...findings.entries()].map(([id, f]) => [id, f.status])).toEqual([
      [userArn('alice'), 'pass'],
      [userArn('bob'), 'fail'],
      [userArn('odd'), 'error'],
      [userArn('odd2'), 'error'],
    ]);
  });

  it('an account with no console users → not_applicable on the account; report denied → error naming it', () => {
    const findings = run(
      check,
      evidenceOf(
        account(ACCT, { iam: { credentialReport: report(row('<root_account>', {}, ACCT)) } }),
        account('222222222222', { iam: { credentialReport: failed(denied('iam:GetCredentialReport')) } }),
      ),
    );
    expect(findings.map((f) => [f.resource.id, f.status, f.missing])).toEqual([
      [ACCT, 'not_applicable', undefined],
      ['222222222222', 'error', 'iam:GetCredentialReport'],
    ]);
  });
});

describe('aws.iam.password-policy', () => {
  const check = find(awsIamChecks, 'aws.iam.password-policy');
  it.each([
    ['no policy (NoSuchEntity)', null, {}, 'fail'],
    ['length 8', { MinimumPasswordLength: 8 }, {}, 'fail'],
    ['length 14', { MinimumPasswordLength: 14 }, {}, 'pass'],
    ['length 14 with minLength 16', { MinimumPasswordLength: 14 }, { minLength: 16 }, 'fail'],
    ['policy without a length', { RequireSymbols: true }, {}, 'fail'],
  ] as const)('%s → %s', (_name, policy, params, expected) => {
    const [f] = run(check, evidenceOf(account(ACCT, { iam: { passwordPolicy: collected(policy, [ref('iam:GetAccountPasswordPolicy')]) } })), params);
    expect([f!.resource.id, f!.status]).toEqual([ACCT, expected]);
  });

  it('denied → error with the action', () => {
    const [f] = run(check, evidenceOf(account(ACCT, { iam: { passwordPolicy: failed(denied('iam:GetAccountPasswordPolicy')) } })));
    expect([f!.status, f!.missing]).toEqual(['error', 'iam:GetAccountPasswordPolicy']);
    expect(f!.message).toMatch(/^Could not verify/);
  });
});

describe('aws.iam.access-key-rotation', () => {
  const check = find(awsIamChecks, 'aws.iam.access-key-rotation');
  it.each([
    ['one key 30 days old', { access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(30) }, 'pass'],
    ['key exactly 90 days old', { access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(90) }, 'pass'],
    ['key 91 days old', { access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(91) }, 'fail'],
    ['key 90 days and an hour old', { access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(90 + 1 / 24) }, 'fail'],
    [
      'old key 2 is inactive',
      { access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(10), access_key_2_active: 'false', access_key_2_last_rotated: daysAgo(500) },
      'pass',
    ],
    [
      'second active key old',
      { access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(10), access_key_2_active: 'true', access_key_2_last_rotated: daysAgo(500) },
      'fail',
    ],
    ['active key with last_rotated N/A', { access_key_1_active: 'true', access_key_1_last_rotated: 'N/A' }, 'error'],
    ['active key with a garbled date', { access_key_1_active: 'true', access_key_1_last_rotated: '2026-13-45' }, 'error'],
    ['active flag unreadable', { access_key_1_active: 'maybe' }, 'error'],
  ] as const)('%s → %s', (_name, patch, expected) => {
    const findings = run(
      check,
      evidenceOf(
        account(ACCT, {
          iam: {
            credentialReport: report(
              row('<root_account>', { access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(900) }, ACCT),
              row('u', patch, ACCT),
            ),
          },
        }),
      ),
    );
    expect(findings.map((f) => [f.resource.id, f.status])).toEqual([[userArn('u'), expected]]);
  });

  it('says "over 90 days" rather than "90 days" when just past the limit', () => {
    const [f] = run(
      check,
      evidenceOf(
        account(ACCT, { iam: { credentialReport: report(row('u', { access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(90.5) }, ACCT)) } }),
      ),
    );
    expect(f!.message).toBe('u has an active access key (key 1) over 90 days old; the limit is 90 days.');
    expect(f!.details).toEqual({ accessKey1LastRotated: daysAgo(90.5) });
  });

  it('no active keys anywhere → not_applicable on the account', () => {
    const [f] = run(check, evidenceOf(account(ACCT, { iam: { credentialReport: report(row('u', {}, ACCT)) } })));
    expect([f!.resource.id, f!.status]).toEqual([ACCT, 'not_applicable']);
  });
});

describe('aws.iam.unused-credentials', () => {
  const check = find(awsIamChecks, 'aws.iam.unused-credentials');
  it.each([
    ['password used 10 days ago', { password_enabled: 'true', password_last_used: daysAgo(10) }, 'pass'],
    ['password used 120 days ago', { password_enabled: 'true', password_last_used: daysAgo(120) }, 'fail'],
    ['password used exactly 90 days ago', { password_enabled: 'true', password_last_used: daysAgo(90) }, 'pass'],
    ['password used 90 days and a minute ago', { password_enabled: 'true', password_last_used: daysAgo(90 + 1 / 1440) }, 'fail'],
    ['password never used (N/A), user created 20 days ago', { user_creation_time: daysAgo(20), password_enabled: 'true', password_last_used: 'N/A' }, 'pass'],
    ['password never used (N/A), user created 200 days ago', { user_creation_time: daysAgo(200), password_enabled: 'true', password_last_used: 'N/A' }, 'fail'],
    [
      'password no_information, user created years ago',
      { user_creation_time: '2014-01-01T00:00:00+00:00', password_enabled: 'true', password_last_used: 'no_information' },
      'fail',
    ],
    [
      'key never used (N/A), created 10 days ago',
      { access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(10), access_key_1_last_used_date: 'N/A' },
      'pass',
    ],
    [
      'key never used (N/A), created 100 days ago (user new-ish)',
      { user_creation_time: daysAgo(100), access_key_1_active: 'true', access_key_1_last_rotated: daysAgo(100), access_key_1_last_used_date: 'N/A' },
      'fail',
    ],
    [
      'key used yesterday, other key idle 95 days',
      {
        access_key_1_active: 'true',
        access_key_1_last_rotated: daysAgo(10),
        access_key_1_last_used_date: daysAgo(1),
        access_key_2_active: 'true',
        access_key_2_last_rotated: daysAgo(200),
        access_key_2_last_used_date: daysAgo(95),
      },
      'fail',
    ],
    [
      'old inactive key is not judged',
      {
        password_enabled: 'true',
        password_last_used: daysAgo(5),
        access_key_1_active: 'false',
        access_key_1_last_rotated: daysAgo(900),
        access_key_1_last_used_date: daysAgo(800),
      },
      'pass',
    ],
    [
      'never-used key with an unreadable creation date',
      { access_key_1_active: 'true', access_key_1_last_rotated: 'N/A', access_key_1_last_used_date: 'N/A' },
      'error',
    ],
    ['password last used unreadable', { password_enabled: 'true', password_last_used: 'sometime' }, 'error'],
    ['password_enabled not_supported', { password_enabled: 'not_supported' }, 'error'],
    [
      'unreadable key, but a stale password → fail',
      { password_enabled: 'true', password_last_used: daysAgo(300), access_key_1_active: 'true', access_key_1_last_rotated: 'N/A' },
      'fail',
    ],
  ] as const)('%s → %s', (_name, patch, expected) => {
    const findings = run(
      check,
      evidenceOf(
        account(ACCT, { iam: { credentialReport: report(row('<root_account>', { password_last_used: 'no_information' }, ACCT), row('u', patch, ACCT)) } }),
      ),
    );
    expect(findings.map((f) => [f.resource.id, f.status])).toEqual([[userArn('u'), expected]]);
  });

  it('users with no password and no active key are not judged', () => {
    const findings = run(
      check,
      evidenceOf(
        account(ACCT, { iam: { credentialReport: report(row('idle', { access_key_1_active: 'false', access_key_1_last_rotated: daysAgo(900) }, ACCT)) } }),
      ),
    );
    expect(findings.map((f) => [f.resource.id, f.status])).toEqual([[ACCT, 'not_applicable']]);
  });

  it('maxAgeDays is configurable', () => {
    const evidence = evidenceOf(
      account(ACCT, { iam: { credentialReport: report(row('u', { password_enabled: 'true', password_last_used: daysAgo(40) }, ACCT)) } }),
    );
    expect(run(check, evidence)[0]!.status).toBe('pass');
    expect(run(check, evidence, { maxAgeDays: 30 })[0]!.status).toBe('fail');
  });
});
