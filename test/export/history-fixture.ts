// One `demo --history 6` written once per test file: July to December 2026, "today" pinned.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeDemoHistory } from '../../src/cli/commands/demo-history.js';

export const HISTORY_TODAY = new Date('2026-12-06T12:00:00Z');
export const HISTORY_PERIOD = { start: '2026-07-01', end: '2026-12-31' };
export const RUN_IDS = ['2026-07-01T060000Z', '2026-08-01T060000Z', '2026-09-01T060000Z', '2026-10-01T060000Z', '2026-11-01T060000Z', '2026-12-01T060000Z'];

export async function writeHistory(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'soc2-history-'));
  await writeDemoHistory({ months: 6, outDir: dir, today: HISTORY_TODAY });
  return dir;
}

/** A copy of the runs to tamper with. */
export function copyRuns(dir: string): string {
  const copy = mkdtempSync(path.join(tmpdir(), 'soc2-history-copy-'));
  cpSync(dir, copy, { recursive: true });
  return copy;
}
