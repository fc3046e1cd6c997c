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
      config: () => ({
        organization: 'Kestrel Data, Inc.',
        period: { start: '2026-07-01', end: '2026-09-30' },
        aws: { organization: true, roleName: 'soc2-evidence-readonly' },
      }),
    });
  });
  afterAll(() => run.cleanup());

  it('has the SPEC files, and nothing half-written beside it', () => {
    const files = readdirSync(run.dir);
    for (const f of ['run.json', 'findings.json', 'gaps.md', 'gaps.csv', 'gaps.json', 'manifest.json', 'evidence-pack.pdf', 'evidence'])
      expect(files).toContain(f);
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
    const all = listRunFiles(run.dir)
      .map((f) => readFileSync(path.join(run.dir, f), 'latin1'))
      .join('\n');
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
    ).rejects.toSatisfy(
      (err: unknown) =>
        err instanceof UserInputError && /not a run[\s\S]*aws: AWS credentials could not be used: Access denied to sts:GetCallerIdentity/.test(err.message),
    );
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
        {
          path: 'training-2026.csv',
          sha256: sha256(path.join(folder, 'training-2026.csv')),
          bytes: Buffer.byteLength('name,completed\nŁukasz Żółć,2026-03-01\n'),
        },
      ]);
      expect(run.run.controls.filter((c) => c.manual).every((c) => c.status === 'manual')).toBe(true);
    } finally {
      await run.cleanup();
    }
  });

  it('ties documents in a <CONTROL-ID>/ sub-folder to that control and copies them into the run', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, readFileSync, symlinkSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const folder = mkdtempSync(path.join(tmpdir(), 'manual-'));
    mkdirSync(path.join(folder, 'GV-01'));
    writeFileSync(path.join(folder, 'GV-01', 'policy.pdf'), 'approved 2026-01-15');
    symlinkSync('/etc/hostname', path.join(folder, 'GV-01', 'linked.txt'));
    mkdirSync(path.join(folder, 'NOT-A-CONTROL'));
    writeFileSync(path.join(folder, 'NOT-A-CONTROL', 'x.txt'), 'x');
    const run = await runAgainstSandbox(demoCompany(), {
      config: () => ({ organization: 'K', aws: { organization: false }, manualEvidence: folder }),
      only: ['aws.iam.password-policy'],
    });
    try {
      const gv01 = run.run.controls.find((c) => c.id === 'GV-01')!;
      expect(gv01.documents?.provided.map((f) => f.copy)).toEqual(['manual-evidence/GV-01/policy.pdf']);
      expect(gv01.documents?.expected.length).toBeGreaterThan(0);
      expect(run.run.controls.find((c) => c.id === 'GV-02')!.documents?.provided).toEqual([]);
      expect(readFileSync(path.join(run.dir, 'manual-evidence/GV-01/policy.pdf'), 'utf8')).toBe('approved 2026-01-15');
      const manifest = JSON.parse(readFileSync(path.join(run.dir, 'manifest.json'), 'utf8')) as { files: Record<string, string> };
      expect(manifest.files['manual-evidence/GV-01/policy.pdf']).toBe(sha256(path.join(folder, 'GV-01', 'policy.pdf')));
      expect(Object.keys(manifest.files).filter((f) => f.startsWith('manual-evidence/'))).toEqual(['manual-evidence/GV-01/policy.pdf']);
      expect(run.run.manualEvidence.find((m) => m.path === 'NOT-A-CONTROL/x.txt')?.controlId).toBeUndefined();
      const { pdfText } = await import('../reports/pack-helpers.js');
      const pack = await pdfText(path.join(run.dir, 'evidence-pack.pdf'));
      expect(pack.text).toContain('Evidence missing: no document was placed in the manual evidence folder under GV-02/');
      expect(pack.compact).toContain('manual-evidence/GV-01/policy.pdf');
    } finally {
      await run.cleanup();
    }
  });
});

describe('AWS populations', () => {
  it('writes populations/iam-users.csv from the credential reports, one row per IAM user (no root row)', async () => {
    const { readFileSync } = await import('node:fs');
    const { parse } = await import('csv-parse/sync');
    const run = await runAgainstSandbox(demoCompany(), {
      config: () => ({ organization: 'K', aws: { organization: false, regions: ['us-east-1'] } }),
      only: ['aws.iam.user-console-mfa'],
    });
    try {
      const entry = run.run.populations.find((p) => p.name === 'iam-users')!;
      expect(entry.file).toBe('populations/iam-users.csv');
      const rows = parse(readFileSync(path.join(run.dir, entry.file)), { columns: true }) as Array<Record<string, string>>;
      const judged = run.findings.filter((f) => f.checkId === 'aws.iam.user-console-mfa' && f.resource.type !== 'aws.account');
      expect(rows.length).toBe(entry.rows);
      expect(rows.some((r) => r.user === '<root_account>')).toBe(false);
      // every user the console-MFA check judged is in the population
      for (const f of judged.filter((f) => f.status !== 'not_applicable')) expect(rows.map((r) => r.arn)).toContain(f.resource.id);
    } finally {
      await run.cleanup();
    }
  });
});
