import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compact, completeRun, pdfText, tempDir } from './pack-helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('evidence pack edge cases', () => {
  it('says so when no source is in scope, and counts nothing as a pass', async () => {
    const out = tempDir();
    dirs.push(out);
    const record = await completeRun(out, { findings: 10, outOfScope: ['aws', 'github', 'idp'] });
    expect(record.findings).toHaveLength(0);
    const pack = await pdfText(path.join(record.dir, 'evidence-pack.pdf'));
    expect(pack.text).toContain('0 findings: 0 pass');
    expect(pack.compact).toContain(compact('No findings: none of this control’s checks ran in this run.'));
    expect(pack.text).toContain('This run collected no populations');
    expect(pack.text).toMatch(/AWS accounts\s+Out of scope/);
    const gaps = JSON.parse(readFileSync(path.join(record.dir, 'gaps.json'), 'utf8')) as { gaps: unknown[] };
    expect(gaps.gaps).toEqual([]);
  });

  it('cuts an overlong cell with an ellipsis in the pack but keeps it whole in the gap list', async () => {
    const out = tempDir();
    dirs.push(out);
    const long = `Bucket policy allows ${'s3:GetObject, '.repeat(120)}from any principal.`;
    const record = await completeRun(out, {
      findings: 120,
      adjust: (findings) => findings.map((f, i) => (f.checkId === 'aws.s3.tls-only' && f.status === 'fail' && i >= 0 ? { ...f, message: long } : f)),
    });
    const pack = await pdfText(path.join(record.dir, 'evidence-pack.pdf'));
    const failing = record.findings.find((f) => f.checkId === 'aws.s3.tls-only' && f.status === 'fail')!;
    expect(pack.compact).toContain(compact(failing.resource.id));
    expect(pack.text).toMatch(/s3:GetObject, s3:GetObject,[^\n]*…/);
    expect(pack.compact).not.toContain(compact(long));
    expect(readFileSync(path.join(record.dir, 'gaps.md'), 'utf8')).toContain(long);
  });
});
