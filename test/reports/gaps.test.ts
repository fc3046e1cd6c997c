import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gap } from '../../src/reports/gaps.js';
import type { RunRecord } from '../../src/run/record.js';
import { EXPIRED_EXCEPTION_RESOURCE } from '../helpers/synthetic-run.js';
import { completeRun, tempDir } from './pack-helpers.js';

const RANK = { critical: 0, high: 1, medium: 2, low: 3, info: 4 } as const;

describe('gap list', () => {
  let out: string;
  let record: RunRecord;
  let gaps: Gap[];

  beforeAll(async () => {
    out = tempDir();
    record = await completeRun(out, { findings: 400 });
    gaps = (JSON.parse(readFileSync(path.join(record.dir, 'gaps.json'), 'utf8')) as { gaps: Gap[] }).gaps;
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('holds every fail and error and nothing else', () => {
    const expected = record.findings
      .filter((f) => f.status === 'fail' || f.status === 'error')
      .map((f) => `${f.checkId} ${f.resource.id}`)
      .sort();
    expect(gaps.map((g) => `${g.checkId} ${g.resource.id}`).sort()).toEqual(expected);
    expect(gaps.some((g) => g.status === 'error')).toBe(true);
  });

  it('is ordered worst first: severity, then control', () => {
    for (let i = 1; i < gaps.length; i++) {
      const [a, b] = [gaps[i - 1]!, gaps[i]!];
      const order = RANK[a.severity] - RANK[b.severity] || (a.controls[0] ?? '~').localeCompare(b.controls[0] ?? '~');
      expect(order, `${a.rank} before ${b.rank}`).toBeLessThanOrEqual(0);
      expect(b.rank).toBe(a.rank + 1);
    }
  });

  it('says how to fix or accept each gap, and what was missing for errors', () => {
    for (const g of gaps) {
      expect(g.remediation.summary.length).toBeGreaterThan(10);
      expect(g.criteria.length, g.checkId).toBeGreaterThan(0);
      if (g.status === 'fail') expect(g.exception).toMatchObject({ check: g.checkId, resource: g.resource.id });
      else {
        expect(g.missing).toBeTruthy();
        expect(g.remediation.summary).toContain(g.missing!);
        expect(g.exception).toBeUndefined();
      }
    }
    const expired = gaps.find((g) => g.resource.id === EXPIRED_EXCEPTION_RESOURCE);
    expect(expired?.expiredException).toMatchObject({ approvedBy: 'CISO', expires: '2026-06-30' });
  });

  it('writes the same gaps to gaps.md and gaps.csv, Unicode intact', () => {
    const md = readFileSync(path.join(record.dir, 'gaps.md'), 'utf8');
    const bytes = readFileSync(path.join(record.dir, 'gaps.csv'));
    // Excel on Windows needs the UTF-8 byte-order mark to read names such as Łukasz.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = parse(bytes, { bom: true }) as string[][];
    const [header, ...rows] = csv;
    expect(header).toContain('exception_entry');
    expect(rows).toHaveLength(gaps.length);
    rows.forEach((row, i) => {
      expect(row[header!.indexOf('resource_id')]).toBe(gaps[i]!.resource.id);
      expect(md).toContain(`### ${gaps[i]!.rank}. `);
      expect(md).toContain(`\`${gaps[i]!.resource.id}\``);
    });
    expect(md).toContain('Łukasz Żółć');
    expect(md).toContain('## What changed since the last run');
    expect(md).toContain(`To accept instead:** add to \`exceptions:\``);
  });

  it('carries enough in gaps.json for a scheduled job to notify on new gaps', () => {
    const json = JSON.parse(readFileSync(path.join(record.dir, 'gaps.json'), 'utf8')) as {
      counts: Record<string, number>;
      changes: { new: unknown[] };
      exitCode: number;
    };
    expect(json.counts.new).toBe(json.changes.new.length);
    expect(json.counts.newFail).toBe(gaps.filter((g) => g.status === 'fail').length);
    expect(json.exitCode).toBe(1);
  });
});
