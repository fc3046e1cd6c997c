import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoCompany } from '../../src/sandbox/demo/company.js';
import { runAgainstSandbox } from '../helpers/sandbox.js';
import { pdfText } from './pack-helpers.js';

describe('an exception that matches no resource', () => {
  it('is a warning in run.json, the gap list and the pack (a typo in an id silently did nothing before)', async () => {
    const run = await runAgainstSandbox(demoCompany(), {
      config: () => ({
        organization: 'K',
        aws: { organization: false, regions: ['us-east-1'] },
        exceptions: [{ check: 'aws.iam.password-policy', resource: '11111111111', reason: 'typo: 11 digits', approvedBy: 'CTO', expires: '2027-01-31' }],
      }),
      only: ['aws.iam.password-policy'],
    });
    try {
      expect(run.run.exceptions[0]).toMatchObject({ matched: 0, resourceFound: false });
      const gaps = JSON.parse(readFileSync(path.join(run.dir, 'gaps.json'), 'utf8')) as { warnings: string[] };
      expect(gaps.warnings).toHaveLength(1);
      expect(gaps.warnings[0]).toContain('"11111111111", which this run did not judge');
      expect(readFileSync(path.join(run.dir, 'gaps.md'), 'utf8')).toMatch(
        /## Warnings\n\n- The exception for aws\.iam\.password-policy names resource "11111111111"/,
      );
      const pack = await pdfText(path.join(run.dir, 'evidence-pack.pdf'));
      expect(pack.compact).toContain('NOSUCHRESOURCEinthisrun');
      expect(pack.compact).toContain('Warning:Theexceptionforaws.iam.password-policy');
    } finally {
      await run.cleanup();
    }
  });

  it('gives no warning for an exception whose resource was judged (even when it now passes)', async () => {
    const probe = await runAgainstSandbox(demoCompany(), {
      config: () => ({ organization: 'K', aws: { organization: false, regions: ['us-east-1'] } }),
      only: ['aws.iam.password-policy'],
    });
    const resource = probe.findings[0]!.resource.id;
    await probe.cleanup();
    const run = await runAgainstSandbox(demoCompany(), {
      config: () => ({
        organization: 'K',
        aws: { organization: false, regions: ['us-east-1'] },
        exceptions: [{ check: 'aws.iam.password-policy', resource, reason: 'r', approvedBy: 'CTO', expires: '2027-01-31' }],
      }),
      only: ['aws.iam.password-policy'],
    });
    try {
      expect(run.run.exceptions[0]!.resourceFound).toBe(true);
      expect((JSON.parse(readFileSync(path.join(run.dir, 'gaps.json'), 'utf8')) as { warnings: string[] }).warnings).toEqual([]);
    } finally {
      await run.cleanup();
    }
  });
});
