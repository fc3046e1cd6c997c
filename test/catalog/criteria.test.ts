import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CRITERIA, criteriaInScope } from '../../src/catalog/criteria.js';
import { checksOutOfCategory, loadCatalog, scopeCatalog } from '../../src/catalog/load.js';
import { criteriaMap } from '../../src/cli/commands/controls.js';
import { parseConfigText } from '../../src/config/load.js';
import { UserInputError } from '../../src/core/errors.js';

describe('Trust Services Criteria coverage', () => {
  const catalog = loadCatalog();

  it('lists the 33 common criteria, 3 availability and 2 confidentiality criteria', () => {
    expect(CRITERIA.filter((c) => c.category === 'security')).toHaveLength(33);
    expect(criteriaInScope(['security', 'availability', 'confidentiality'])).toHaveLength(38);
  });

  it('reaches every in-scope criterion with at least one control of the default catalog', () => {
    const uncovered = criteriaMap(catalog, ['security', 'availability', 'confidentiality']).filter((m) => m.controls.length === 0);
    expect(uncovered.map((m) => m.criterion)).toEqual([]);
  });

  it('names the documents an auditor asks for on every manual control', () => {
    const bare = catalog.controls.filter((c) => c.manual && c.documents.length === 0).map((c) => c.id);
    expect(bare).toEqual([]);
  });

  it('narrows the catalog to the categories in scope, and the checks that only evidence dropped controls', () => {
    const security = scopeCatalog(catalog, ['security']);
    expect(security.categories).toEqual(['security']);
    expect(security.outOfCategory!.map((c) => c.id).sort()).toEqual(['AV-01', 'AV-02', 'AV-03', 'GV-09']);
    // EN-01 reaches CC6.1 as well as C1.1: it stays.
    expect(security.controls.some((c) => c.id === 'EN-01')).toBe(true);
    expect([...checksOutOfCategory(security).keys()].sort()).toEqual(['aws.rds.backups', 'aws.rds.multi-az']);
    expect(criteriaMap(security, ['security'])).toHaveLength(33);
    const all = scopeCatalog(catalog, undefined);
    expect(all.outOfCategory).toEqual([]);
  });

  it('reports a criterion no control reaches (a custom catalog)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'controls-'));
    writeFileSync(
      path.join(dir, 'one.yaml'),
      'controls:\n  - id: X-01\n    title: t\n    statement: s\n    criteria: [CC6.1]\n    checks: [aws.iam.root-mfa]\n',
    );
    const map = criteriaMap(loadCatalog(dir), ['security']);
    expect(map.filter((m) => m.controls.length > 0).map((m) => m.criterion)).toEqual(['CC6.1']);
    expect(map.filter((m) => m.controls.length === 0)).toHaveLength(32);
  });
});

describe('controls.categories in the config', () => {
  it('accepts a folder string (as before) or an object with categories', () => {
    expect(parseConfigText('organization: A\ncontrols: my-controls\n', 'c.yaml', '/tmp').config.controls).toEqual({ dir: 'my-controls' });
    expect(parseConfigText('organization: A\ncontrols:\n  categories: [availability]\n', 'c.yaml', '/tmp').config.controls).toEqual({
      categories: ['availability'],
    });
  });

  it('rejects an unknown category with its line', () => {
    try {
      parseConfigText('organization: A\ncontrols:\n  categories: [privacy]\n', 'c.yaml', '/tmp');
      throw new Error('expected rejection');
    } catch (err) {
      expect(err).toBeInstanceOf(UserInputError);
      expect((err as UserInputError).describe()).toMatch(/^c\.yaml:3: .*security, availability, confidentiality/);
    }
  });

  it('rejects documents on an automated control', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'controls-'));
    writeFileSync(
      path.join(dir, 'one.yaml'),
      'controls:\n  - id: X-01\n    title: t\n    statement: s\n    criteria: [CC6.1]\n    checks: [aws.iam.root-mfa]\n    documents: [a]\n',
    );
    expect(() => loadCatalog(dir)).toThrow(/documents" belongs to manual controls/);
  });
});

describe('a run with only the security category in scope', () => {
  it('does not run checks that evidence only availability controls, and says why', async () => {
    const { runAgainstSandbox } = await import('../helpers/sandbox.js');
    const { demoCompany } = await import('../../src/sandbox/demo/company.js');
    const run = await runAgainstSandbox(demoCompany(), {
      config: () => ({ organization: 'K', aws: { organization: false, regions: ['us-east-1'] }, controls: { categories: ['security'] } }),
      only: ['aws.rds.backups', 'aws.iam.password-policy'],
    });
    try {
      expect(run.findings.some((f) => f.checkId === 'aws.rds.backups')).toBe(false);
      expect(run.run.scope.checksOutOfScope.find((c) => c.checkId === 'aws.rds.backups')?.reason).toMatch(/evidences only AV-01/);
      expect(run.run.scope.categories).toEqual(['security']);
      expect(run.run.scope.controlsOutOfScope?.map((c) => c.controlId)).toContain('AV-01');
      expect(run.run.controls.some((c) => c.id === 'AV-01')).toBe(false);
    } finally {
      await run.cleanup();
    }
  });
});
