// The audit period of an export: `START..END`, both days included, UTC; and its calendar months.
import { UserInputError } from '../core/errors.js';
import type { AuditPeriod } from '../core/types.js';

function realDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function parsePeriod(value: string): AuditPeriod {
  const m = /^\s*(\S+)\s*\.\.\s*(\S+)\s*$/.exec(value);
  if (!m || !realDate(m[1]!) || !realDate(m[2]!))
    throw new UserInputError(`--period takes a date range START..END, e.g. 2026-01-01..2026-12-31, not "${value}"`);
  if (m[1]! > m[2]!) throw new UserInputError(`--period ${value}: the start is after the end`);
  return { start: m[1]!, end: m[2]! };
}

/** Is an ISO time inside the period (its UTC day between start and end, inclusive)? */
export function inPeriod(iso: string, period: AuditPeriod): boolean {
  const day = iso.slice(0, 10);
  return day >= period.start && day <= period.end;
}

/** Calendar months the period touches, as `YYYY-MM`. */
export function periodMonths(period: AuditPeriod): string[] {
  const months: string[] = [];
  let y = Number(period.start.slice(0, 4));
  let m = Number(period.start.slice(5, 7));
  const last = period.end.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    months.push(key);
    if (key >= last) break;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return months;
}

export function daysBetween(fromIso: string, toIso: string): number {
  return Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 86_400_000));
}
