// The trust report for prospects: counts, control status by area, as-of date and period, how evidence is
// kept; and not one identifier of the run (account ids, ARNs, host names, user names, logins, emails).
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCompany } from '../../src/sandbox/demo/company.js';
import { demoConfig } from '../../src/sandbox/demo/config.js';
import { openVerifiedRun } from '../../src/questionnaire/run-input.js';
import { trustOverview, writeTrustReport } from '../../src/reports/trust-report.js';
import type { RunRecord } from '../../src/run/record.js';
import { runAgainstSandbox, type SandboxRun } from '../helpers/sandbox.js';
import { compact, pdfText, tempDir } from './pack-helpers.js';

const IDENTIFYING_KEY = /arn|id$|ids$|name|login|email|user|host|account|owner|bucket|url|domain|key$|repo|org|sha|trail|detector|group/i;

/** Every identifier of a run: resource ids, names and accounts of its findings, its scope, and the evidence's. */
function identifiersOf(record: RunRecord): Set<string> {
  const ids = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value !== 'string') return;
    const v = value.trim();
    if (v.length >= 4 && !/^\d{1,3}$/.test(v) && !/^(true|false|null|none)$/i.test(v)) ids.add(v);
  };
  const scan = (text: string) => {
    for (const m of text.matchAll(/arn:aws[a-z-]*:[^\s"',\\]+/g)) add(m[0]);
    for (const m of text.matchAll(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g)) add(m[0]);
    for (const m of text.matchAll(/(?<!\d)\d{12}(?!\d)/g)) add(m[0]);
    for (const m of text.matchAll(/https?:\/\/([^/\s"']+)/g)) add(m[1]);
  };
  const walk = (value: unknown, key = '') => {
    if (typeof value === 'string') {
      if (IDENTIFYING_KEY.test(key)) add(value);
      scan(value);
    } else if (Array.isArray(value)) {
      for (const v of value) walk(v, key);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, k);
    }
  };
  for (const f of record.findings) {
    add(f.resource.id);
    add(f.resource.name);
    add(f.resource.account);
  }
  const { scope } = record.run;
  for (const a of scope.aws?.accounts ?? []) {
    add(a.id);
    add(a.name);
  }
  if (scope.github) {
    add(scope.github.org);
    scan(scope.github.apiUrl);
  }
  if (scope.idp) add(scope.idp.host);
  for (const file of readdirSync(path.join(record.dir, 'evidence'))) walk(JSON.parse(readFileSync(path.join(record.dir, 'evidence', file), 'utf8')));
  for (const file of readdirSync(path.join(record.dir, 'populations')).filter((f) => f.endsWith('.csv'))) {
    const [, ...rows] = readFileSync(path.join(record.dir, 'populations', file), 'utf8')
      .trim()
      .split('\n');
    for (const row of rows) add(row.split(',')[0]);
  }
  return ids;
}

/** Generic values that name a type or role, not anyone or anything of the company ("admin", "default"). */
const GENERIC = new Set(['default', 'read', 'write', 'admin', 'organization', 'user', 'member', 'owner']);

/**
 * Identifiers of the run that occur in `text`: as whole words in the whitespace-normalised text, and
 * long unbroken ones (ARNs, hashes) also in the text with all whitespace removed, since a table cell
 * may wrap them. The company's own name, the tool's name and the IdP vendor's name are not identifiers.
 */
function leakedInto(text: string, identifiers: Set<string>, record: RunRecord): string[] {
  const spaced = ` ${text.replace(/\s+/g, ' ').toLowerCase()} `;
  const squeezed = compact(text).toLowerCase();
  const allowed = (id: string) =>
    GENERIC.has(id.toLowerCase()) ||
    record.run.organization.toLowerCase().includes(id.toLowerCase()) ||
    id === 'soc2-evidence' ||
    id.toLowerCase() === record.run.scope.idp?.provider;
  return [...identifiers].filter((id) => {
    if (allowed(id)) return false;
    const needle = id.replace(/\s+/g, ' ').toLowerCase();
    const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`(^|[^a-z0-9])${escaped}($|[^a-z0-9])`).test(spaced)) return true;
    return !/\s/.test(id) && id.length >= 12 && squeezed.includes(needle);
  });
}

describe('trust-report of the demo run', () => {
  let demo: SandboxRun;
  let record: RunRecord;
  let out: string;

  beforeAll(async () => {
    out = tempDir('q-trust-');
    demo = await runAgainstSandbox(demoCompany(), { config: (url) => demoConfig(url, out).config });
    record = openVerifiedRun(demo.dir);
    await writeTrustReport(record, path.join(out, 'trust.pdf'));
    await writeTrustReport(record, path.join(out, 'trust.md'));
  }, 120_000);
  afterAll(async () => {
    await demo?.cleanup();
    rmSync(out, { recursive: true, force: true });
  });

  it('has the scope in counts, every control by area, the as-of date and the period', async () => {
    const pdf = await pdfText(path.join(out, 'trust.pdf'));
    expect(pdf.pages).toBeLessThanOrEqual(2);
    for (const text of [pdf.text, readFileSync(path.join(out, 'trust.md'), 'utf8').replace(/\*\*/g, '')]) {
      expect(compact(text)).toContain(compact(`As of ${record.run.startedAt.slice(0, 10)}`));
      expect(text).toContain('2026-07-01 to 2026-09-30');
      expect(compact(text)).toContain(compact(`${record.run.scope.aws!.accounts.length} accounts in 2 regions`));
      expect(compact(text)).toContain(compact('1 organization, 6 repositories'));
      expect(compact(text)).toContain(compact('13 workforce accounts in Okta'));
      for (const c of record.run.controls) expect(compact(text)).toContain(compact(c.title));
      expect(compact(text)).toContain(compact('Gap, remediation open'));
      expect(compact(text)).toContain(compact('How evidence is kept'));
    }
  });

  it('contains no account id, ARN, host name, user name, login or email of the run', () => {
    const identifiers = identifiersOf(record);
    // The scan must have found the kinds of identifier it is meant to keep out.
    expect([...identifiers].some((i) => i.startsWith('arn:aws:'))).toBe(true);
    expect([...identifiers].some((i) => /@/.test(i))).toBe(true);
    expect([...identifiers].some((i) => /^\d{12}$/.test(i))).toBe(true);
    expect(identifiers.has(record.run.scope.github!.org)).toBe(true);
    expect(identifiers.has(record.run.scope.idp!.host)).toBe(true);
    expect(identifiers.size).toBeGreaterThan(100);
    return Promise.all([pdfText(path.join(out, 'trust.pdf')).then((p) => p.text), Promise.resolve(readFileSync(path.join(out, 'trust.md'), 'utf8'))]).then(
      (texts) => {
        for (const text of texts) {
          expect(leakedInto(text, identifiers, record)).toEqual([]);
        }
      },
    );
  });

  it('the scan does find an identifier that is there, also wrapped across lines', () => {
    const identifiers = identifiersOf(record);
    const arn = [...identifiers].find((i) => i.startsWith('arn:aws:iam::'))!;
    const email = [...identifiers].find((i) => /@/.test(i))!;
    expect(leakedInto(`Monitored: ${arn.slice(0, 20)}\n${arn.slice(20)} and more`, identifiers, record)).toContain(arn);
    expect(leakedInto(`Contact ${email}.`, identifiers, record)).toContain(email);
  });

  it('the overview model itself carries no identifier either (only counts, titles and statuses)', () => {
    const identifiers = identifiersOf(record);
    expect(leakedInto(JSON.stringify({ ...trustOverview(record), tool: '' }), identifiers, record)).toEqual([]);
  });
});
