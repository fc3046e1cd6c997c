// A 4-shard run on separate "machines" (processes), each stored in S3 under its own prefix, merged
// with the CLI into one run that shows no change against an unsharded run of the same company.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { demoCompany, DEMO_MANAGEMENT_ACCOUNT } from '../../src/sandbox/demo/company.js';
import { demoConfig, demoEnv } from '../../src/sandbox/demo/config.js';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/server.js';
import { runCli } from '../helpers/cli.js';

let sandbox: SandboxHandle;
let cwd: string;
beforeAll(async () => {
  // One server for both: the demo estate, and an Object Lock bucket in its management account for the runs.
  const company = demoCompany();
  company
    .aws!.accounts.find((a) => a.id === DEMO_MANAGEMENT_ACCOUNT)!
    .s3.buckets!.push({ name: 'evidence', region: 'us-east-1', encryption: { algorithm: 'AES256' }, objectLock: {} });
  sandbox = await startSandbox(company);
  cwd = mkdtempSync(path.join(tmpdir(), 'shards-cli-'));
  writeFileSync(path.join(cwd, 'soc2-evidence.yaml'), YAML.stringify(demoConfig(sandbox.url, cwd).config));
});
afterAll(() => sandbox.close());

describe('collect --shard K/N on separate machines, then merge (CLI, S3)', () => {
  it('merges 4 shard runs into a run with no change against the unsharded run, and refuses a missing shard', async () => {
    const env = demoEnv(sandbox.url);
    const unsharded = await runCli(['collect', '--out', 's3://evidence/monthly', '--retain-days', '7'], { cwd, env });
    expect(unsharded.code).toBe(1); // the demo company's gaps are real gaps for collect
    const shards = await Promise.all(
      [1, 2, 3, 4].map((k) => runCli(['collect', '--shard', `${k}/4`, '--out', `s3://evidence/shards/batch-1/${k}`], { cwd, env })),
    );
    for (const s of shards) {
      expect(s.code).toBe(0);
      expect(s.stderr).toMatch(/Shard \d\/4 collected/);
    }

    const missing = await runCli(
      ['merge', 's3://evidence/shards/batch-1/1', 's3://evidence/shards/batch-1/2', 's3://evidence/shards/batch-1/4', '--out', 's3://evidence/monthly'],
      { cwd, env },
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: shard 3\/4 missing: merge needs all 4 shards/);

    const merged = await runCli(['merge', 's3://evidence/shards/batch-1', '--out', 's3://evidence/monthly', '--retain-days', '7', '--fail-on', 'new'], {
      cwd,
      env,
    });
    expect(merged.stderr).toMatch(/Since run \S+: 0 new gaps, 0 resolved/);
    expect(merged.code).toBe(0);
    const diff = await runCli(['diff', unsharded.stdout.trim(), merged.stdout.trim()], { cwd, env });
    expect(diff.stdout).toMatch(/0 new, 0 resolved/);
    const verify = await runCli(['verify', merged.stdout.trim()], { cwd, env });
    expect(verify.code).toBe(0);
  }, 1_200_000);
});
