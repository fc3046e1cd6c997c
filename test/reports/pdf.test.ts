import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReports } from '../../src/reports/index.js';
import { readRun, type RunRecord } from '../../src/run/record.js';
import { CURRENT_EXCEPTION_RESOURCE, EXPIRED_EXCEPTION_RESOURCE, LONG_BUCKET, UNICODE_USERS } from '../helpers/synthetic-run.js';
import { compact, completeRun, pdfText, tempDir, type PdfText } from './pack-helpers.js';

describe('evidence-pack.pdf', () => {
  let out: string;
  let record: RunRecord;
  let pack: PdfText;
  let bytes: Buffer;

  beforeAll(async () => {
    out = tempDir();
    record = await completeRun(out, { findings: 600, outOfScope: ['idp'] });
    bytes = readFileSync(path.join(record.dir, 'evidence-pack.pdf'));
    pack = await pdfText(path.join(record.dir, 'evidence-pack.pdf'));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('has a cover with organization, period, run id, tool version and scope', () => {
    expect(pack.text).toContain('SOC 2 evidence pack');
    expect(pack.text).toContain('Kestrel Data, Inc. — Łódź office');
    expect(pack.text).toContain('Audit period 2026-07-01 to 2026-09-30');
    expect(pack.text).toContain(record.run.runId);
    expect(pack.text).toContain('soc2-evidence 0.1.0');
    expect(pack.compact).toContain(compact('111111111111 (management), 222222222222 (prod — Łódź)'));
    expect(pack.text).toContain('us-east-1, eu-west-1');
    expect(pack.text).toContain('kestrel (https://api.github.com)');
  });

  it('shows the out-of-scope source as such, never as passes', () => {
    expect(pack.text).toMatch(/Identity provider\s+Out of scope: no "idp" section in the config/);
    expect(pack.compact).toContain(
      compact('idp.mfa.enrolled — IdP users are enrolled in MFA (out of scope: no "idp" section in the config; not counted as a pass)'),
    );
  });

  it('names every control with its status and the criteria matrix', () => {
    for (const control of record.run.controls) expect(pack.compact, control.id).toContain(compact(`${control.id} · ${control.title}`));
    expect(pack.text).toContain('SOC 2 criteria › controls › status');
    for (const criterion of new Set(record.run.controls.flatMap((c) => c.criteria))) expect(pack.text).toContain(criterion);
  });

  it('lists every failing, unverifiable and accepted resource, and every evidence hash', () => {
    const shown = record.findings.filter((f) => f.status === 'fail' || f.status === 'error' || f.status === 'accepted');
    expect(shown.length).toBeGreaterThan(50);
    for (const f of shown) expect(pack.compact, `${f.checkId} ${f.resource.id}`).toContain(compact(f.resource.id));
    const hashes = new Set(record.findings.flatMap((f) => f.evidence.map((e) => e.sha256)));
    expect(hashes.size).toBeGreaterThan(20);
    for (const sha of hashes) expect(pack.compact, sha).toContain(sha);
  });

  it('prints Unicode names right (Polish, Japanese, Nordic, Serbian)', () => {
    for (const name of UNICODE_USERS) expect(pack.text, name).toContain(name);
    expect(pack.text).toContain('山田: ログ出力を修正 (fix logging)');
    expect(pack.compact).toContain(compact(`arn:aws:s3:::${LONG_BUCKET}`));
  });

  it('shows accepted findings as accepted, with the exception terms, and the exceptions register', () => {
    expect(pack.text).toContain('Accepted (exception)');
    expect(pack.compact).toContain(compact(CURRENT_EXCEPTION_RESOURCE));
    expect(pack.compact).toContain(compact('approved by CTO (Zoë Åkesson), expires 2027-03-31'));
    expect(pack.compact).toContain(compact(`Exception EXPIRED: “Contractor offboarding pending — Łukasz Żółć”`));
    expect(pack.compact).toContain(compact(EXPIRED_EXCEPTION_RESOURCE));
    expect(pack.text).toContain('Appendix — Exceptions register');
  });

  it('has populations, the manual-evidence index and the manifest as the last appendix', () => {
    expect(pack.text).toContain('IAM users (all accounts)');
    expect(pack.text).toContain('Merged pull requests in the audit period');
    expect(pack.compact).toContain(compact('hr/background-checks/山田太郎.pdf'));
    for (const m of record.run.manualEvidence) expect(pack.compact).toContain(m.sha256);
    const manifestAt = pack.text.lastIndexOf('Appendix — Manifest');
    expect(manifestAt).toBeGreaterThan(pack.text.lastIndexOf('Appendix — Manual evidence index'));
    expect(manifestAt).toBeGreaterThan(pack.text.lastIndexOf('Appendix — Populations'));
    const manifest = JSON.parse(readFileSync(path.join(record.dir, 'manifest.json'), 'utf8')) as { files: Record<string, string> };
    for (const [file, sha] of Object.entries(manifest.files)) {
      if (file === 'evidence-pack.pdf') continue; // a file cannot contain its own hash
      expect(pack.compact, file).toContain(compact(file));
      expect(pack.compact, file).toContain(sha);
    }
    expect(pack.text).toContain('soc2-evidence verify');
  });

  it('has an outline, page X of Y on every page, and a sane page count', () => {
    expect(pack.outline).toEqual(expect.arrayContaining(['Cover', 'Summary', 'Controls', 'Appendices', 'Appendix — Manifest: every file and its SHA-256']));
    for (const c of record.run.controls) expect(pack.outline).toContain(`${c.id} · ${c.title}`);
    expect(pack.pages).toBeGreaterThan(10);
    expect(pack.pages).toBeLessThan(120);
    for (let p = 1; p <= pack.pages; p++) expect(pack.text).toContain(`Page ${p} of ${pack.pages}`);
  });

  it('embeds its fonts (no WinAnsi base fonts)', () => {
    const raw = bytes.toString('latin1');
    expect(raw).toMatch(/\/FontFile2/);
    expect(raw).toMatch(/NotoSans-Regular/);
    expect(raw).toMatch(/NotoSansJP/);
    expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);
  });

  it('rebuilds byte-identical reports from the same run', async () => {
    const before = ['gaps.md', 'gaps.csv', 'gaps.json', 'evidence-pack.pdf'].map((f) => readFileSync(path.join(record.dir, f)));
    await writeReports(readRun(record.dir), { previousRunsDir: out });
    const after = ['gaps.md', 'gaps.csv', 'gaps.json', 'evidence-pack.pdf'].map((f) => readFileSync(path.join(record.dir, f)));
    after.forEach((b, i) => {
      expect(b.equals(before[i]!), ['gaps.md', 'gaps.csv', 'gaps.json', 'evidence-pack.pdf'][i]).toBe(true);
    });
  });
});
