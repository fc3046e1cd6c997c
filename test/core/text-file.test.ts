import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeJsonFile, writeTextFile } from '../../src/core/text-file.js';

const dir = mkdtempSync(path.join(tmpdir(), 'text-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cases: Record<string, unknown> = {
  'nested objects and arrays': { a: 1, b: [1, [2, [3, [4, { deep: [5] }]]]], c: { d: { e: { f: { g: 'h' } } } } },
  'empty containers at every level': { a: [], b: {}, c: [[], {}, [[]]], d: { e: [] } },
  'members JSON cannot hold': { u: undefined, f: () => 1, s: Symbol('x'), list: [undefined, () => 1, Symbol('y'), 2], kept: null },
  'toJSON and dates': { when: new Date('2026-12-06T10:00:00Z'), custom: { toJSON: () => ({ replaced: true }) }, list: [new Date(0)] },
  'odd strings and keys': { 'key "quoted"\n': 'line\nbreak', Łódź: '✓ 山田太郎 \u2028', '': '' },
  numbers: { n: [0, -0, 1.5, 1e21, Number.NaN, Number.POSITIVE_INFINITY] },
  'a top-level array': [{ a: 1 }, [], 'x', null],
  'a scalar': 'just a string',
  'a large list': {
    findings: Array.from({ length: 5000 }, (_, i) => ({ id: i, resource: { id: `arn:aws:s3:::b-${i}`, tags: [] }, note: 'é'.repeat(i % 300) })),
  },
};

describe('writeJsonFile', () => {
  for (const [name, value] of Object.entries(cases)) {
    for (const depth of [0, 1, 2, 3, 10]) {
      it(`writes the bytes of JSON.stringify(value, null, 2) + newline: ${name}, depth ${depth}`, () => {
        const file = path.join(dir, `${name.replace(/\W/g, '_')}-${depth}.json`);
        writeJsonFile(file, value, depth);
        expect(readFileSync(file, 'utf8')).toBe(`${JSON.stringify(value, null, 2)}\n`);
      });
    }
  }
});

describe('writeTextFile', () => {
  it('writes the pieces in order, across the 1 MB gathering boundary', () => {
    const file = path.join(dir, 'pieces.txt');
    const pieces = Array.from({ length: 3000 }, (_, i) => `${i}:${'ü'.repeat(700)}\n`);
    writeTextFile(file, (out) => {
      for (const p of pieces) out.write(p);
    });
    expect(readFileSync(file, 'utf8')).toBe(pieces.join(''));
  });

  it('closes the file and passes on an error thrown while writing', () => {
    const file = path.join(dir, 'failing.txt');
    expect(() =>
      writeTextFile(file, (out) => {
        out.write('half');
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(readFileSync(file, 'utf8')).toBe('half');
  });
});
