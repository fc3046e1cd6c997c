import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Population } from '../collectors/types.js';
import type { RunJson } from '../run/record.js';

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  // Quote when needed; prefix formula-looking cells so spreadsheets do not execute them.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(columns: string[], rows: Population['rows']): string {
  return [columns.map(csvCell).join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\n') + '\n';
}

/** populations/<name>.csv, one per population, for auditors to sample from. */
export function writePopulations(runDir: string, populations: Population[]): RunJson['populations'] {
  if (populations.length === 0) return [];
  mkdirSync(path.join(runDir, 'populations'), { recursive: true });
  return populations
    .slice()
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((p) => {
      const file = `populations/${p.name}`;
      writeFileSync(path.join(runDir, file), toCsv(p.columns, p.rows));
      return { name: p.name.replace(/\.csv$/, ''), file, title: p.title, rows: p.rows.length };
    });
}
