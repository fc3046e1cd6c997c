// Reproducible samples for the auditor: a seeded PRNG (mulberry32) drives a partial Fisher–Yates
// shuffle of the row positions; the size comes from a table keyed by population size. Same seed,
// same population → same rows. Firms use their own tables (config `export.sampleSizes`).
import { mulberry32 } from '../core/random.js';

export interface SampleSizeRow {
  /** Largest population this row covers; absent on the last row (everything larger). */
  max?: number;
  size: number;
}

/** Defaults: 1→1, 2–4→2, 5–12→2, 13–52→5, 53–365→15, more→25 (a common table for manual controls by frequency). */
export const DEFAULT_SAMPLE_SIZES: SampleSizeRow[] = [
  { max: 1, size: 1 },
  { max: 4, size: 2 },
  { max: 12, size: 2 },
  { max: 52, size: 5 },
  { max: 365, size: 15 },
  { size: 25 },
];

export const SAMPLE_ALGORITHM =
  'mulberry32 PRNG seeded with (seed + FNV-1a 32-bit hash of the population file name) ' +
  'mod 2^32; partial Fisher–Yates shuffle of the row positions 1..N of the period population ' +
  'CSV; the first k positions are the sample, listed in population order';

export function sampleSize(populationSize: number, table: readonly SampleSizeRow[] = DEFAULT_SAMPLE_SIZES): number {
  if (populationSize <= 0) return 0;
  const row = table.find((r) => r.max === undefined || populationSize <= r.max) ?? table[table.length - 1]!;
  return Math.min(row.size, populationSize);
}

export { mulberry32 };

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** 0-based row indices of the sample, ascending. */
export function drawSample(populationSize: number, size: number, seed: number, populationName: string): number[] {
  const random = mulberry32((seed + fnv1a(populationName)) >>> 0);
  const positions = Array.from({ length: populationSize }, (_v, i) => i);
  const k = Math.min(size, populationSize);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (populationSize - i));
    [positions[i], positions[j]] = [positions[j]!, positions[i]!];
  }
  return positions.slice(0, k).sort((a, b) => a - b);
}
