// people.hrFile: a CSV (email,name,start,end) from HR, the source of leaving dates when given. Validated
// before the run (preflightPeople): a bad row stops everything with file:line and exit 2.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { isoDate, type Config } from '../../config/schema.js';
import { UserInputError } from '../../core/errors.js';
import type { HrRecord } from '../../evidence/people.js';

const COLUMNS = ['email', 'name', 'start', 'end'] as const;

const date = isoDate;
const optionalDate = z.union([z.literal('').transform(() => null), date]);

const rowSchema = z
  .object({
    email: z
      .string()
      .email('expected an email address')
      .transform((s) => s.toLowerCase()),
    name: z.string(),
    start: optionalDate,
    end: optionalDate,
  })
  .refine((r) => !r.start || !r.end || r.start <= r.end, { message: 'the end date is before the start date', path: ['end'] });

export function parseHrFile(text: string, file: string): HrRecord[] {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { info: true, skip_empty_lines: true, bom: true, trim: true, relax_column_count: true }) as unknown as typeof records;
  } catch (err) {
    const e = err as { message: string; lines?: number };
    throw new UserInputError(`not a readable CSV file: ${e.message}`, file, e.lines);
  }
  if (records.length === 0) throw new UserInputError('the HR file is empty: expected the header email,name,start,end and one row per person', file, 1);
  const header = records[0]!.record.map((h) => h.toLowerCase());
  const missing = COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new UserInputError(`the HR file's header lacks ${missing.map((c) => `"${c}"`).join(', ')}: expected email,name,start,end`, file, 1);
  const seen = new Map<string, number>();
  return records.slice(1).map(({ record, info }) => {
    const line = info.lines;
    if (record.length !== header.length) throw new UserInputError(`expected ${header.length} columns as in the header, found ${record.length}`, file, line);
    const cells = Object.fromEntries(COLUMNS.map((c) => [c, record[header.indexOf(c)] ?? '']));
    const result = rowSchema.safeParse(cells);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      const column = String(issue.path[0] ?? '');
      throw new UserInputError(`column "${column}"${cells.email ? ` (${cells.email})` : ''}: ${issue.message}, got "${cells[column] ?? ''}"`, file, line);
    }
    const previous = seen.get(result.data.email);
    if (previous) throw new UserInputError(`${result.data.email} appears twice (also on line ${previous})`, file, line);
    seen.set(result.data.email, line);
    return { ...result.data, line };
  });
}

/** Reads and validates `people.hrFile`; undefined when none is configured. */
export function readHrFile(config: Config, baseDir: string): { file: string; text: string; records: HrRecord[] } | undefined {
  const hrFile = config.people?.hrFile;
  if (!hrFile) return undefined;
  const absolute = path.resolve(baseDir, hrFile);
  const shown = path.relative(process.cwd(), absolute) || absolute;
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (err) {
    throw new UserInputError(
      `cannot read the HR file named by people.hrFile: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
      shown,
    );
  }
  return { file: shown, text, records: parseHrFile(text, shown) };
}
