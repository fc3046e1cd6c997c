import { appendFileSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/core/errors.js';
import { isIntact, verifyRun } from '../../src/run/manifest.js';
import { completeRun, tempDir } from './pack-helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function run() {
  const out = tempDir();
  dirs.push(out);
  return completeRun(out, { findings: 80 });
}

describe('verify', () => {
  it('finds an untouched run intact', async () => {
    const record = await run();
    const result = verifyRun(record.dir);
    expect(isIntact(result)).toBe(true);
    expect(result.matched).toBeGreaterThan(10);
  });

  it('catches one changed byte in one evidence file', async () => {
    const record = await run();
    const file = readdirSync(path.join(record.dir, 'evidence')).sort()[3]!;
    const full = path.join(record.dir, 'evidence', file);
    const bytes = readFileSync(full);
    bytes[40] = bytes[40]! ^ 0x01;
    writeFileSync(full, bytes);
    const result = verifyRun(record.dir);
    expect(isIntact(result)).toBe(false);
    expect(result.changed.map((c) => c.file)).toEqual([`evidence/${file}`]);
    expect(result.added).toEqual([]);
    expect(result.removed).toEqual([]);
  });

  it('catches an added file and a removed file', async () => {
    const record = await run();
    writeFileSync(path.join(record.dir, 'evidence', 'extra.json'), '{}');
    unlinkSync(path.join(record.dir, 'gaps.csv'));
    const result = verifyRun(record.dir);
    expect(result.added).toEqual(['evidence/extra.json']);
    expect(result.removed).toEqual(['gaps.csv']);
  });

  it('catches a change to the pack and to findings.json', async () => {
    const record = await run();
    appendFileSync(path.join(record.dir, 'evidence-pack.pdf'), ' ');
    writeFileSync(path.join(record.dir, 'findings.json'), readFileSync(path.join(record.dir, 'findings.json'), 'utf8').replace('"fail"', '"pass"'));
    expect(verifyRun(record.dir).changed.map((c) => c.file)).toEqual(['evidence-pack.pdf', 'findings.json']);
  });

  it('refuses a folder that is not a run (exit 2)', async () => {
    const out = tempDir();
    dirs.push(out);
    expect(() => verifyRun(out)).toThrow(UserInputError);
    const record = await run();
    writeFileSync(path.join(record.dir, 'manifest.json'), '{ nope');
    expect(() => verifyRun(record.dir)).toThrow(/unreadable manifest/);
  });
});
