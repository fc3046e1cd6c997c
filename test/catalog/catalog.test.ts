import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { ALL_CHECKS } from '../../src/checks/registry.js';
import { UserInputError } from '../../src/core/errors.js';

function catalogDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'controls-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

function catalogError(files: Record<string, string>): UserInputError {
  try {
    loadCatalog(catalogDir(files));
  } catch (err) {
    if (err instanceof UserInputError) return err;
    throw err;
  }
  throw new Error('expected the catalog to be rejected');
}

describe('built-in control catalog', () => {
  const catalog = loadCatalog();

  it('maps every check in the catalog to at least one control', () => {
    const referenced = new Set(catalog.controls.flatMap((c) => c.checks));
    expect(ALL_CHECKS.map((c) => c.id).filter((id) => !referenced.has(id))).toEqual([]);
  });

  it('covers the criteria the product promises, and the usual manual controls', () => {
    const criteria = new Set(catalog.controls.flatMap((c) => c.criteria));
    for (const c of ['CC6.1', 'CC6.2', 'CC6.3', 'CC6.6', 'CC6.7', 'CC7.1', 'CC7.2', 'CC8.1', 'A1.2', 'C1.1']) expect(criteria).toContain(c);
    const manual = catalog.controls
      .filter((c) => c.manual)
      .map((c) => c.title.toLowerCase())
      .join(' | ');
    for (const word of ['polic', 'training', 'background', 'vendor', 'incident']) expect(manual).toContain(word);
  });
});

describe('control file errors', () => {
  it('names the file and line of an unknown check, with a suggestion', () => {
    const err = catalogError({
      'a.yaml':
        'controls:\n  - id: AC-01\n    title: T\n    statement: S\n    criteria: [CC6.1]\n    checks:\n      - aws.iam.root-mfa\n      - aws.iam.rootmfa\n',
    });
    expect(err.describe()).toMatch(/a\.yaml:8: control AC-01 names unknown check "aws\.iam\.rootmfa" \(did you mean "aws\.iam\.root-mfa"\?\)/);
  });

  it.each([
    [
      'a duplicate control id across files',
      {
        'a.yaml': 'controls:\n  - { id: AC-01, title: T, statement: S, criteria: [CC6.1], manual: true }\n',
        'b.yaml': 'controls:\n  - { id: AC-01, title: T, statement: S, criteria: [CC6.1], manual: true }\n',
      },
      /b\.yaml:2: duplicate control id "AC-01"/,
    ],
    ['an unknown criterion', { 'a.yaml': 'controls:\n  - { id: AC-01, title: T, statement: S, criteria: [CC12.1], manual: true }\n' }, /SOC 2 criterion/],
    [
      'a control with neither checks nor manual',
      { 'a.yaml': 'controls:\n  - { id: AC-01, title: T, statement: S, criteria: [CC6.1] }\n' },
      /needs "checks" or "manual: true"/,
    ],
    ['a typo in a control key', { 'a.yaml': 'controls:\n  - id: AC-01\n    titel: T\n' }, /a\.yaml:3: unknown key "titel".*did you mean "title"/],
    ['a YAML syntax error', { 'a.yaml': 'controls:\n  - id: [AC-01\n' }, /a\.yaml:\d+: YAML syntax error/],
  ])('rejects %s', (_name, files, message) => {
    expect(catalogError(files).describe()).toMatch(message);
  });

  it('rejects a folder without control files', () => {
    expect(catalogError({}).message).toMatch(/no \*\.yaml files/);
  });
});
