// The topic catalog is data; these tests keep it honest: every check it names exists (or is one of the
// SPEC's second-round checks still being built), every topic the issue asks for is there.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allCheckIds } from '../../src/checks/registry.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { catalogCheckIds, loadTopicCatalog } from '../../src/questionnaire/catalog.js';

const catalog = loadTopicCatalog();

/** Second-round checks from the SPEC that other streams add; they exist once those streams are merged. */
const PENDING = [
  'aws.waf.internet-facing',
  'aws.vpc.flow-logs',
  'aws.securityhub.enabled',
  'aws.accessanalyzer.enabled',
  'aws.cloudwatch.root-usage-alarm',
  'aws.logs.retention',
  'aws.ecs.task-secrets',
  'github.org.saml-sso',
  'github.actions.default-permissions',
  'github.repo.push-protection',
  'github.actions.long-lived-cloud-keys',
  'access.github.unlinked-members',
  'access.github.deprovisioned',
  'access.aws.unlinked-users',
  'access.aws.deprovisioned',
];

describe('the topic catalog', () => {
  it('names only checks of the registry or of the pending list', () => {
    const known = new Set([...allCheckIds(), ...PENDING]);
    expect(catalogCheckIds(catalog).filter((id) => !known.has(id))).toEqual([]);
  });

  it('has wording for every check of the registry, so any run can be described', () => {
    expect(allCheckIds().filter((id) => !catalog.wording.has(id))).toEqual([]);
  });

  it.runIf(existsSync('../shared/SPEC.md'))('names only check ids of the SPEC tables', () => {
    const spec = readFileSync('../shared/SPEC.md', 'utf8');
    const specIds = new Set([...spec.matchAll(/^\| ((?:aws|github|idp|access)\.[a-z0-9.-]+) \|/gm)].map((m) => m[1]!));
    expect(catalogCheckIds(catalog).filter((id) => !specIds.has(id))).toEqual([]);
    expect(PENDING.filter((id) => !specIds.has(id))).toEqual([]);
  });

  it('cites only controls that exist', () => {
    const controls = new Set(loadCatalog().controls.map((c) => c.id));
    expect(catalog.topics.flatMap((t) => t.controls).filter((c) => !controls.has(c))).toEqual([]);
  });

  it('covers every topic the issue lists', () => {
    const ids = [...catalog.byId.keys()];
    for (const id of [
      'mfa-workforce',
      'mfa-admins',
      'sso',
      'password-policy',
      'least-privilege',
      'access-reviews',
      'onboarding-offboarding',
      'encryption-at-rest',
      'key-management',
      'encryption-in-transit',
      'logging-audit-trail',
      'log-retention',
      'monitoring-threat-detection',
      'change-management',
      'branch-protection',
      'secret-scanning',
      'vulnerability-scanning',
      'backups',
      'high-availability',
      'network-protection',
      'policies',
      'training',
      'background-checks',
      'vendor-management',
      'incident-response',
      'penetration-testing',
      'insurance',
    ])
      expect(ids).toContain(id);
    expect(catalog.topics.filter((t) => t.manual).map((t) => t.id)).toEqual(expect.arrayContaining(['policies', 'training', 'insurance']));
  });

  it('maps a CAIQ id to one topic set only once, and each evidence topic to checks with wording', () => {
    for (const [id, topics] of catalog.caiq) expect(new Set(topics).size, id).toBe(topics.length);
    for (const t of catalog.topics) for (const c of t.checks) expect(catalog.wording.has(c), `${t.id} ${c}`).toBe(true);
  });

  it.each([
    [
      'a check without wording',
      (t: string) => t.replace('checks: [aws.rds.backups]', 'checks: [aws.rds.backupz]'),
      /topic backups: check "aws\.rds\.backupz" has no wording/,
    ],
    [
      'an unknown narrowed topic',
      (t: string) => t.replace('narrows: [backups, high-availability]', 'narrows: [backup, high-availability]'),
      /narrows unknown topic "backup"/,
    ],
    ['a misspelt key', (t: string) => t.replace('    unless: [tape*', '    unles: [tape*'), /unknown key "unles"/],
  ])('a broken catalog (%s) is reported with its line', (_name, edit, message) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'q-cat-'));
    const file = path.join(dir, 'topics.yaml');
    writeFileSync(file, edit(readFileSync('questionnaire/topics.yaml', 'utf8')));
    try {
      expect(() => loadTopicCatalog(file)).toThrow(message);
      try {
        loadTopicCatalog(file);
      } catch (e) {
        expect((e as { line?: number }).line).toBeGreaterThan(10);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
