import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Population } from '../collectors/types.js';
import type { RunJson } from '../run/record.js';
import { toCsv } from '../core/csv.js';

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
