import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/types.js';
import { readFindingsFile, writeFindingsFile } from '../../src/run/findings-file.js';

const dirs: string[] = [];
const tmp = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'findings-file-'));
  dirs.push(dir);
  return path.join(dir, 'findings.json');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Findings with the odd values real runs have: multi-byte text, escapes, optional keys absent or undefined. */
function manyFindings(n: number): Finding[] {
  return Array.from({ length: n }, (_, i) => ({
    checkId: `aws.check-${i % 17}`,
    controlIds: i % 5 === 0 ? [] : ['CC6.1', 'CC6.2'],
    status: (['pass', 'fail', 'error', 'not_applicable'] as const)[i % 4],
    severity: 'high',
    resource: { type: 'aws.iam.user', id: `arn:aws:iam::${String(i).padStart(12, '0')}:user/zoë-${i}`, name: i % 3 ? `Zoë “quoted” ${i}` : undefined },
    message: `line one\nline two\t"quoted" \\ back ${'é'.repeat(i % 7)} 🙂 ${i}`,
    evidence: i % 2 ? [{ file: `evidence/${i.toString(16).padStart(64, '0')}.json`, sha256: 'ab'.repeat(32) }] : [],
    ...(i % 4 === 1 ? { details: { mfaActive: false, keys: ['a', 'b'], age: i, none: null } } : {}),
    ...(i % 9 === 0 ? { missing: undefined } : {}),
  })) as unknown as Finding[];
}

describe('findings.json written one finding at a time', () => {
  it('writes exactly the bytes JSON.stringify({ findings }, null, 2) would, over many findings (several write chunks)', () => {
    const findings = manyFindings(12_000);
    const file = tmp();
    writeFindingsFile(file, findings);
    const bytes = readFileSync(file, 'utf8');
    expect(bytes.length).toBeGreaterThan(2 * 1024 * 1024);
    expect(bytes).toBe(`${JSON.stringify({ findings }, null, 2)}\n`);
  });

  it('writes an empty list as JSON.stringify does', () => {
    const file = tmp();
    writeFindingsFile(file, []);
    expect(readFileSync(file, 'utf8')).toBe(`${JSON.stringify({ findings: [] }, null, 2)}\n`);
    expect(readFindingsFile(file, 0)).toEqual([]);
  });

  it('reads back the same findings whole and finding by finding (the path for files beyond string limits)', () => {
    const findings = manyFindings(12_000);
    const file = tmp();
    writeFindingsFile(file, findings);
    const expected = JSON.parse(JSON.stringify(findings)) as Finding[];
    expect(readFindingsFile(file)).toEqual(expected);
    // Limit 0 forces the chunked reader; multi-byte characters straddle its 1 MiB chunk boundaries.
    expect(readFindingsFile(file, 0)).toEqual(expected);
  });

  it('the chunked reader rejects a file that is not in the written layout rather than returning part of it', () => {
    const file = tmp();
    writeFindingsFile(file, manyFindings(3));
    const full = readFileSync(file, 'utf8');
    writeFileSync(file, full.slice(0, full.length - 8));
    expect(() => readFindingsFile(file, 0)).toThrow(SyntaxError);
    writeFileSync(file, JSON.stringify({ findings: manyFindings(2) }));
    expect(() => readFindingsFile(file, 0)).toThrow(SyntaxError);
  });
});
