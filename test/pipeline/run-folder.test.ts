import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/core/errors.js';
import { listRunFiles } from '../../src/run/manifest.js';
import { demoGithubConfig } from '../../src/sandbox/demo/github.js';
import { demoCompany } from '../../src/sandbox/demo/company.js';
import { runAgainstSandbox, type SandboxRun } from '../helpers/sandbox.js';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('run folder', () => {
  let run: SandboxRun;
  beforeAll(async () => {
    run = await runAgainstSandbox(demoCompany(), {
      config: () => ({ organization: 'Kestrel Data, Inc.', period: { start: '2026-07-01', end: '2026-09-30' }, aws: { organization: true, roleName: 'soc2-evidence-readonly' } }),
    });
  });
  afterAll(() => run.cleanup());

  it('has the SPEC files, and nothing half-written beside it', () => {
    const files = readdirSync(run.dir);
    for (const f of ['run.json', 'findings.json', 'gaps.md', 'gaps.csv', 'gaps.json', 'manifest.json', 'evidence-pack.pdf', 'evidence']) expect(files).toContain(f);
    expect(readdirSync(path.dirname(run.dir)).filter((n) => n.endsWith('.partial'))).toEqual([]);
    expect(path.basename(run.dir)).toMatch(/^2026-11-26T120000Z$/);
  });

  it('lists every file in the manifest with its SHA-256', () => {
    const manifest = JSON.parse(readFileSync(path.join(run.dir, 'manifest.json'), 'utf8')) as { files: Record<string, string> };
    expect(Object.keys(manifest.files).sort()).toEqual(listRunFiles(run.dir));
    for (const [file, hash] of Object.entries(manifest.files)) expect(sha256(path.join(run.dir, file)), file).toBe(hash);
  });

  it('names each evidence file by the SHA-256 of its content, and every finding reference exists', () => {
    const evidenceDir = path.join(run.dir, 'evidence');
    const names = readdirSync(evidenceDir);
    expect(names.length).toBeGreaterThan(3);
    for (const name of names) expect(`${sha256(path.join(evidenceDir, name))}.json`).toBe(name);
    for (const f of run.findings) for (const ref of f.evidence) expect(names).toContain(path.basename(ref.file));
  });

  it('writes no secret: not the access key secret, nor the assumed-role credentials', () => {
    const all = listRunFiles(run.dir).map((f) => readFileSync(path.join(run.dir, f), 'latin1')).join('\n');
    expect(all).not.toContain('sandbox-secret-not-a-real-key');
    expect(all).not.toContain('sandbox-session-token');
    expect(all).not.toMatch(/"SecretAccessKey":\s*"(?!\[redacted\])/);
  });

  it('records scope: the discovered accounts (suspended ones skipped) and out-of-scope sources', () => {
    expect(run.run.scope.aws?.accounts.map((a) => a.id)).toEqual(['111122223333', '444455556666', '777788889999']);
    expect(run.run.scope.aws?.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(run.run.sources.aws?.notes?.skippedAccounts).toEqual(['121212121212 (SUSPENDED)']);
    expect(run.run.sources.github?.status).toBe('out_of_scope');
    expect(run.run.sources.idp?.status).toBe('out_of_scope');
    expect(run.run.scope.checksOutOfScope.map((c) => c.checkId)).toContain('github.repo.branch-protection');
    expect(run.findings.some((f) => f.checkId.startsWith('github.') || f.checkId.startsWith('idp.'))).toBe(false);
    // AC-01 mixes AWS, GitHub and IdP checks: with only AWS in scope it can never be "met".
    expect(run.run.controls.find((c) => c.id === 'AC-01')?.status).not.toBe('met');
    expect(run.run.controls.find((c) => c.id === 'CM-01')?.status).toBe('out_of_scope');
  });
});

describe('a source whose credentials do not work', () => {
  it('turns every check of that source into an error, never a pass, while the other sources run', async () => {
    const run = await runAgainstSandbox(demoCompany(), {
      config: (url) => ({ organization: 'K', aws: { organization: false }, github: demoGithubConfig(url) }),
      faults: { deny: ['sts:GetCallerIdentity'] },
      only: ['aws.iam.root-mfa', 'aws.guardduty.enabled', 'github.org.2fa-required'],
    });
    try {
      expect(run.run.sources.aws?.status).toBe('failed');
      expect(run.run.sources.aws?.reason).toMatch(/credentials could not be used/);
      expect(run.run.sources.github?.status).toBe('ok');
      expect(run.findings.map((f) => [f.checkId, f.status])).toEqual([
        ['aws.iam.root-mfa', 'error'],
        ['aws.guardduty.enabled', 'error'],
        ['github.org.2fa-required', 'fail'],
      ]);
      expect(run.run.exitCode).toBe(1);
    } finally {
      await run.cleanup();
    }
  });

  it('is not a run when it was the only source: exit 2, the cause named, no folder', async () => {
    await expect(
      runAgainstSandbox(demoCompany(), {
        config: () => ({ organization: 'K', aws: { organization: false } }),
        faults: { deny: ['sts:GetCallerIdentity'] },
        only: ['aws.iam.root-mfa'],
      }),
    ).rejects.toSatisfy((err: unknown) => err instanceof UserInputError && /not a run[\s\S]*aws: AWS credentials could not be used: Access denied to sts:GetCallerIdentity/.test(err.message));
  });
});

describe('manual evidence', () => {
  it('indexes every file of the manual evidence folder with its SHA-256', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const folder = mkdtempSync(path.join(tmpdir(), 'manual-'));
    mkdirSync(path.join(folder, 'policies'));
    writeFileSync(path.join(folder, 'policies', 'information-security-policy.pdf'), 'approved 2026-01-15');
    writeFileSync(path.join(folder, 'training-2026.csv'), 'name,completed\nŁukasz Żółć,2026-03-01\n');
    writeFileSync(path.join(folder, '.DS_Store'), 'noise');
    const run = await runAgainstSandbox(demoCompany(), {
      config: () => ({ organization: 'K', aws: { organization: false }, manualEvidence: folder }),
      only: ['aws.iam.password-policy'],
    });
    try {
      expect(run.run.manualEvidence).toEqual([
        { path: 'policies/information-security-policy.pdf', sha256: sha256(path.join(folder, 'policies', 'information-security-policy.pdf')), bytes: 19 },
        { path: 'training-2026.csv', sha256: sha256(path.join(folder, 'training-2026.csv')), bytes: Buffer.byteLength('name,completed\nŁukasz Żółć,2026-03-01\n') },
      ]);
      expect(run.run.controls.filter((c) => c.manual).every((c) => c.status === 'manual')).toBe(true);
    } finally {
      await run.cleanup();
    }
  });
});
