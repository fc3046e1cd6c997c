// Every remediation an engineer copies from the gap list must work as written.
import { parse } from '@cdktf/hcl2json';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/checks/registry.js';
import { demoCompany } from '../../src/sandbox/demo/company.js';
import { runAgainstSandbox } from '../helpers/sandbox.js';

describe('remediation snippets', () => {
  const withTerraform = ALL_CHECKS.filter((c) => c.remediation.terraform);

  it('most checks carry a Terraform snippet', () => {
    expect(withTerraform.length).toBeGreaterThan(10);
  });

  it.each(withTerraform.map((c) => [c.id, c.remediation.terraform!]))('%s: the Terraform snippet is valid HCL', async (id, hcl) => {
    await expect(parse(`${id}.tf`, hcl)).resolves.toBeTypeOf('object');
  });
});

describe('gap list wording', () => {
  it('never says "could not verify" twice in a row nor ends a sentence with two periods', async () => {
    const run = await runAgainstSandbox(demoCompany(), {
      config: () => ({ organization: 'K', aws: { organization: false, regions: ['us-east-1'] } }),
      faults: { deny: ['s3:GetBucketPolicy', 'iam:GetAccountSummary', 'ec2:DescribeVolumes'] },
      only: ['aws.s3.tls-only', 'aws.iam.root-mfa', 'aws.ebs.volume-encryption', 'aws.iam.password-policy'],
    });
    try {
      expect(run.findings.filter((f) => f.status === 'error').length).toBeGreaterThan(2);
      const md = readFileSync(path.join(run.dir, 'gaps.md'), 'utf8');
      expect(md).not.toMatch(/could not verify:?\s*could not verify/i);
      const prose = md.replace(/```[\s\S]*?```/g, '');
      expect(prose).not.toMatch(/[^.]\.\.(?!\.)/);
      for (const f of run.findings) expect(f.message).not.toMatch(/[^.]\.\.$/);
    } finally {
      await run.cleanup();
    }
  });
});
