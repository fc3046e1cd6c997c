// The demo company's whole run (AWS, GitHub, Okta): what an auditor relies on in the stored evidence.
// Every fail cites evidence that is in the folder; no personal data beyond what a check needs is kept.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { silentProgress } from '../../src/cli/progress.js';
import { runCollection, type RunResult } from '../../src/pipeline/run.js';
import { demoCompany } from '../../src/sandbox/demo/company.js';
import { demoConfig, demoEnv } from '../../src/sandbox/demo/config.js';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/server.js';
import { TEST_NOW } from '../helpers/sandbox.js';

describe('the demo run, as an auditor reads it', () => {
  let sandbox: SandboxHandle;
  let out: string;
  let result: RunResult;
  beforeAll(async () => {
    sandbox = await startSandbox(demoCompany());
    out = mkdtempSync(path.join(tmpdir(), 'demo-evidence-'));
    result = await runCollection({
      loaded: demoConfig(sandbox.url, out),
      catalog: loadCatalog(),
      outDir: out,
      env: demoEnv(sandbox.url),
      progress: silentProgress,
      now: TEST_NOW,
      tuning: { retryBaseMs: 2 },
    });
  }, 120_000);
  afterAll(async () => {
    await sandbox?.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('every fail cites at least one evidence file, and every cited file is in the run folder', () => {
    const fails = result.findings.filter((f) => f.status === 'fail');
    expect(fails.length).toBeGreaterThan(50);
    const uncited = fails.filter((f) => f.evidence.length === 0).map((f) => `${f.checkId} ${f.resource.id}`);
    expect(uncited).toEqual([]);
    for (const f of fails) for (const ref of f.evidence) expect(existsSync(path.join(result.dir, ref.file)), `${f.checkId} ${ref.file}`).toBe(true);
  });

  it('an S3 bucket without a policy cites the NoSuchBucketPolicy answer', () => {
    const noPolicy = result.findings.find((f) => f.checkId === 'aws.s3.tls-only' && f.status === 'fail' && f.details?.hasPolicy === false)!;
    expect(noPolicy).toBeDefined();
    const stored = noPolicy.evidence.map(
      (ref) => JSON.parse(readFileSync(path.join(result.dir, ref.file), 'utf8')) as { operation: string; response: { Error?: { Code?: string } } },
    );
    expect(stored).toContainEqual(
      expect.objectContaining({ operation: 's3:GetBucketPolicy', response: { Error: expect.objectContaining({ Code: 'NoSuchBucketPolicy' }) } }),
    );
    expect(readdirSync(path.join(result.dir, 'evidence')).length).toBeGreaterThan(10);
  });

  it('keeps no personal data the checks do not need: no phone numbers (Okta profiles, SMS factors), no addresses', () => {
    const evidence = readdirSync(path.join(result.dir, 'evidence')).map((f) => readFileSync(path.join(result.dir, 'evidence', f), 'utf8'));
    const okta = evidence.filter((e) => e.includes('"service": "okta"'));
    expect(okta.length).toBeGreaterThan(5);
    // The sandbox serves them (as Okta does): phone numbers in profiles and SMS factors, a home address.
    for (const text of evidence) {
      expect(text).not.toMatch(/\+1-202-555-01\d\d/);
      expect(text).not.toMatch(/mobilePhone|primaryPhone|phoneNumber|streetAddress|zipCode|Sandbox Street/);
    }
    // What the checks need is still there: logins and factor types (an SMS factor is kept, its number is not).
    expect(okta.some((e) => e.includes('"factorType": "sms"'))).toBe(true);
    expect(okta.some((e) => e.includes('margaret.hamilton@'))).toBe(true);
  });
});
