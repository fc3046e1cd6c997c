// The customer's spreadsheet: open an .xlsx (exceljs) or .csv, find the question / answer / comment / id
// columns by their headers, and write answers into a copy that keeps everything else of the workbook
// (formatting, other sheets, drop-down validations, formulas).
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { UserInputError, errorMessage } from '../core/errors.js';

// Only the Workbook class: the package's entry point also loads its streaming reader and writer
// (archiver, unzipper), which doubles the start-up cost of a command that answers in about a second.
const Workbook = createRequire(import.meta.url)('exceljs/lib/doc/workbook.js') as typeof ExcelJS.Workbook;

export type SheetFormat = 'xlsx' | 'csv';

export interface Questionnaire {
  file: string;
  format: SheetFormat;
  workbook: ExcelJS.Workbook;
}

export interface ColumnFlags {
  sheet?: string;
  questionCol?: string;
  answerCol?: string;
  commentCol?: string;
  idCol?: string;
}

export interface SheetLayout {
  sheet: string;
  headerRow: number;
  question: number;
  answer: number;
  comment?: number;
  id?: number;
}

export interface QuestionRow {
  sheet: string;
  row: number;
  question: string;
  id?: string;
  /** What the answer cell already holds (kept as it is): text, or a formula. */
  existing?: string;
}

const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

function formatOf(file: string): SheetFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  if (ext === '.csv') return 'csv';
  if (ext === '.xls') throw new UserInputError('old .xls workbooks are not read: save it as .xlsx (Excel: File › Save As › Excel Workbook)', file);
  throw new UserInputError(`expected a .xlsx or .csv questionnaire, not "${ext || 'no extension'}"`, file);
}

function head(file: string, bytes: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

export async function openQuestionnaire(file: string): Promise<Questionnaire> {
  const format = formatOf(file);
  let start: Buffer;
  try {
    start = head(file, 8);
  } catch (err) {
    throw new UserInputError(`cannot read the questionnaire (${(err as NodeJS.ErrnoException).code ?? errorMessage(err)})`, file);
  }
  const workbook = new Workbook();
  if (format === 'csv') {
    let rows: string[][];
    try {
      rows = parse(readFileSync(file), { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
    } catch (err) {
      throw new UserInputError(`not a readable CSV file: ${errorMessage(err)}`, file);
    }
    const sheet = workbook.addWorksheet(path.basename(file, path.extname(file)).slice(0, 31) || 'Sheet1');
    for (const row of rows) sheet.addRow(row);
    return { file, format, workbook };
  }
  if (start.subarray(0, 8).equals(OLE2_MAGIC)) {
    throw new UserInputError(
      'the workbook is password-protected (encrypted) or in the old binary format: open it ' +
        'in Excel, remove the password (File › Info › Protect Workbook) and save it as .xlsx',
      file,
    );
  }
  if (start.subarray(0, 2).toString('latin1') !== 'PK') {
    throw new UserInputError('not a readable .xlsx workbook (it is not a zip package)', file);
  }
  try {
    await workbook.xlsx.readFile(file);
  } catch (err) {
    throw new UserInputError(`not a readable .xlsx workbook: ${errorMessage(err)}`, file);
  }
  return { file, format, workbook };
}

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[\s_]+/g, ' ')
    .replace(/[^a-z0-9#/ ]/g, '')
    .trim();

type Role = 'id' | 'question' | 'answer' | 'comment';

/** How well a header names each role (lower rank is better); undefined: not that role. */
function headerRanks(text: string): Partial<Record<Role, number>> {
  const h = norm(text);
  if (!h) return {};
  if (
    /^(id|ref|reference|no|number|#|item|qid|q ?#|q no)$/.test(h) ||
    /\b(question|control|caiq|item|requirement|req) ?(id|ref|reference|no|number|#)$/.test(h)
  )
    return { id: 0 };
  const ranks: Partial<Record<Role, number>> = {};
  if (/^questions?$/.test(h)) ranks.question = 0;
  else if (/question/.test(h)) ranks.question = 1;
  else if (/requirement|specification/.test(h)) ranks.question = 2;
  else if (/^(description|control description|item description|control|control statement)$/.test(h)) ranks.question = 3;
  if (/comment|remark|\bnotes?\b|explanation|justification|additional (info|information|detail)|evidence|details|supporting|implementation/.test(h))
    ranks.comment = 0;
  else if (/description/.test(h) && ranks.question === undefined) ranks.comment = 1;
  if (ranks.comment === undefined) {
    if (/^(answers?|responses?)$/.test(h)) ranks.answer = 0;
    else if (/\b(answer|response)\b/.test(h)) ranks.answer = 1;
    else if (/yes ?\/ ?no|\by\/n\b|yes or no/.test(h)) ranks.answer = 2;
    else if (/^(compliant|compliance|status|implemented|in place|vendor answer)$/.test(h)) ranks.answer = 3;
  }
  return ranks;
}

function cellText(cell: ExcelJS.Cell): string {
  try {
    return (cell.text ?? '').toString().trim();
  } catch {
    return '';
  }
}

/** Column number from a flag: a header text in `headerRow`, or a column letter (C, AB). */
function columnFromFlag(sheet: ExcelJS.Worksheet, headerRow: number, flag: string, name: string, file: string): number {
  const row = sheet.getRow(headerRow);
  for (let c = 1; c <= Math.max(sheet.columnCount, row.cellCount); c++) {
    if (norm(cellText(row.getCell(c))) === norm(flag)) return c;
  }
  if (/^[A-Za-z]{1,3}$/.test(flag)) return sheet.getColumn(flag.toUpperCase()).number;
  throw new UserInputError(`${name} "${flag}": no such header in row ${headerRow} of sheet "${sheet.name}" and not a column letter`, file);
}

function rowHas(sheet: ExcelJS.Worksheet, rowNumber: number, header: string): boolean {
  const row = sheet.getRow(rowNumber);
  for (let c = 1; c <= Math.max(sheet.columnCount, row.cellCount); c++) if (norm(cellText(row.getCell(c))) === norm(header)) return true;
  return false;
}

function detectRow(sheet: ExcelJS.Worksheet, rowNumber: number): Partial<Record<Role, number>> {
  const row = sheet.getRow(rowNumber);
  const candidates: Array<{ col: number; ranks: Partial<Record<Role, number>> }> = [];
  for (let c = 1; c <= Math.max(sheet.columnCount, row.cellCount); c++) {
    const text = cellText(row.getCell(c));
    if (text && text.length <= 80) candidates.push({ col: c, ranks: headerRanks(text) });
  }
  const taken = new Set<number>();
  const found: Partial<Record<Role, number>> = {};
  for (const role of ['id', 'question', 'answer', 'comment'] as const) {
    const best = candidates.filter((x) => !taken.has(x.col) && x.ranks[role] !== undefined).sort((a, b) => a.ranks[role]! - b.ranks[role]! || a.col - b.col)[0];
    if (best) {
      found[role] = best.col;
      taken.add(best.col);
    }
  }
  return found;
}

const HEADER_SCAN_ROWS = 30;

function layoutOf(sheet: ExcelJS.Worksheet, flags: ColumnFlags, file: string): SheetLayout | { missing: string } {
  const last = Math.min(sheet.rowCount, HEADER_SCAN_ROWS);
  let headerRow = 0;
  let detected: Partial<Record<Role, number>> = {};
  let questionOnly = 0;
  for (let r = 1; r <= last; r++) {
    const found = detectRow(sheet, r);
    const hasQuestion = found.question !== undefined || (flags.questionCol !== undefined && rowHas(sheet, r, flags.questionCol));
    const hasAnswer = found.answer !== undefined || flags.answerCol !== undefined;
    if (hasQuestion && hasAnswer) {
      headerRow = r;
      detected = found;
      break;
    }
    if (hasQuestion && !questionOnly) questionOnly = r;
  }
  if (!headerRow && flags.questionCol && flags.answerCol) headerRow = 1;
  if (!headerRow) {
    return {
      missing: questionOnly
        ? `row ${questionOnly} has a question column but no answer column (--answer-col)`
        : 'no header row with a question column (Question, Control Question, Requirement, Description…)',
    };
  }
  const pick = (flag: string | undefined, name: string, auto: number | undefined) => (flag ? columnFromFlag(sheet, headerRow, flag, name, file) : auto);
  const question = pick(flags.questionCol, '--question-col', detected.question)!;
  const answer = pick(flags.answerCol, '--answer-col', detected.answer)!;
  const comment = pick(flags.commentCol, '--comment-col', detected.comment);
  const id = pick(flags.idCol, '--id-col', detected.id);
  if (question === answer) throw new UserInputError(`sheet "${sheet.name}": the question and answer columns are the same column`, file);
  return {
    sheet: sheet.name,
    headerRow,
    question,
    answer,
    ...(comment !== undefined && comment !== question && comment !== answer ? { comment } : {}),
    ...(id !== undefined ? { id } : {}),
  };
}

/** Every sheet with a question and an answer column (or only `--sheet`). Bad input: exit 2, naming the file. */
export function findLayouts(q: Questionnaire, flags: ColumnFlags): SheetLayout[] {
  const sheets = q.workbook.worksheets;
  if (flags.sheet !== undefined) {
    const sheet = q.workbook.getWorksheet(flags.sheet);
    if (!sheet) throw new UserInputError(`no sheet named "${flags.sheet}" (sheets: ${sheets.map((s) => `"${s.name}"`).join(', ')})`, q.file);
    const layout = layoutOf(sheet, flags, q.file);
    if ('missing' in layout)
      throw new UserInputError(`sheet "${sheet.name}": ${layout.missing}; name the columns with --question-col and --answer-col`, q.file);
    return [layout];
  }
  const layouts: SheetLayout[] = [];
  const misses: string[] = [];
  for (const sheet of sheets) {
    if (sheet.state !== 'visible') continue;
    const layout = layoutOf(sheet, flags, q.file);
    if ('missing' in layout) misses.push(`sheet "${sheet.name}": ${layout.missing}`);
    else layouts.push(layout);
  }
  if (layouts.length === 0) {
    throw new UserInputError(
      'no sheet has a recognisable question column (' +
        `${misses.join('; ') || 'the workbook has no visible sheet'}); name it with --sheet, ` +
        '--question-col and --answer-col',
      q.file,
    );
  }
  return layouts;
}

/**
 * A section heading in the question column is not a question. Where most rows carry an id, a row
 * without one (and without a question mark) is a heading; elsewhere a short line without "?" is.
 */
function looksLikeQuestion(text: string, id: string | undefined, idsUsed: boolean): boolean {
  if (!text) return false;
  if (id || text.includes('?')) return true;
  return !idsUsed && text.split(/\s+/).length >= 4;
}

export function questionsOf(q: Questionnaire, layout: SheetLayout): QuestionRow[] {
  const sheet = q.workbook.getWorksheet(layout.sheet)!;
  const rows: QuestionRow[] = [];
  const texts: Array<{ r: number; question: string; id?: string }> = [];
  for (let r = layout.headerRow + 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const question = cellText(row.getCell(layout.question));
    const id = layout.id !== undefined ? cellText(row.getCell(layout.id)) || undefined : undefined;
    if (question) texts.push({ r, question, ...(id ? { id } : {}) });
  }
  const idsUsed = texts.filter((t) => t.id).length * 2 > texts.length;
  for (const { r, question, id } of texts) {
    const row = sheet.getRow(r);
    if (!looksLikeQuestion(question, id, idsUsed)) continue;
    const answerCell = row.getCell(layout.answer);
    const value = answerCell.value as unknown;
    const formula = value && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value);
    const existing = formula ? `=${(value as { formula?: string }).formula ?? 'formula'}` : cellText(answerCell) || undefined;
    rows.push({ sheet: layout.sheet, row: r, question, ...(id ? { id } : {}), ...(existing ? { existing } : {}) });
  }
  return rows;
}

/** The values a list validation allows on a cell (inline "Yes,No" or a range, also on another sheet). */
export function allowedValues(q: Questionnaire, sheetName: string, address: string): string[] | null {
  const sheet = q.workbook.getWorksheet(sheetName)!;
  const validation = sheet.getCell(address).dataValidation as { type?: string; formulae?: unknown[] } | undefined;
  if (validation?.type !== 'list' || !validation.formulae?.length) return null;
  const formula = String(validation.formulae[0]).trim();
  if (formula.startsWith('"'))
    return formula
      .replace(/^"|"$/g, '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return rangeValues(q, sheet, formula.replace(/^=/, ''));
}

function rangeValues(q: Questionnaire, sheet: ExcelJS.Worksheet, ref: string, depth = 0): string[] | null {
  const m = /^(?:'?([^'!]+)'?!)?\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/.exec(ref);
  if (!m) {
    // A defined name ("AnswerList") that points at a range.
    const ranges = (q.workbook.definedNames as unknown as { getRanges(name: string): { ranges: string[] } }).getRanges(ref)?.ranges ?? [];
    return ranges[0] && depth === 0 ? rangeValues(q, sheet, ranges[0], 1) : null;
  }
  const target = m[1] ? q.workbook.getWorksheet(m[1]) : sheet;
  if (!target) return null;
  const [c1, r1, c2, r2] = [target.getColumn(m[2]!).number, Number(m[3]), target.getColumn(m[4] ?? m[2]!).number, Number(m[5] ?? m[3])];
  const values: string[] = [];
  for (let r = r1; r <= r2; r++)
    for (let c = c1; c <= c2; c++) {
      const text = cellText(target.getCell(r, c));
      if (text) values.push(text);
    }
  return values;
}

export interface CellWrite {
  /** The answer cell's new value; undefined leaves it blank. */
  answer?: string;
  comment: string;
}

/** Fill one question's answer and comment; with no comment column (or one already filled) the comment becomes a note. */
export function writeAnswer(q: Questionnaire, layout: SheetLayout, row: number, write: CellWrite): void {
  const sheet = q.workbook.getWorksheet(layout.sheet)!;
  const answerCell = sheet.getCell(row, layout.answer);
  if (write.answer !== undefined) answerCell.value = write.answer;
  if (!write.comment) return;
  if (layout.comment !== undefined && !cellText(sheet.getCell(row, layout.comment))) {
    sheet.getCell(row, layout.comment).value = write.comment;
    return;
  }
  if (q.format === 'csv') return;
  answerCell.note = write.comment;
}

/** A CSV has no notes: without a comment column, one is added after the last header. */
export function ensureCommentColumn(q: Questionnaire, layout: SheetLayout): SheetLayout {
  if (layout.comment !== undefined || q.format !== 'csv') return layout;
  const sheet = q.workbook.getWorksheet(layout.sheet)!;
  const col = sheet.getRow(layout.headerRow).cellCount + 1;
  sheet.getCell(layout.headerRow, col).value = 'Comment (soc2-evidence)';
  return { ...layout, comment: col };
}

function csvText(sheet: ExcelJS.Worksheet): string {
  const lines: string[] = [];
  const width = sheet.columnCount;
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) {
      const text = cellText(row.getCell(c));
      cells.push(/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
    }
    lines.push(cells.join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Serialize without touching the disk (so every check passes before anything is written). */
export async function serializeQuestionnaire(q: Questionnaire, outFile: string, modified: Date): Promise<Buffer> {
  const out = path.extname(outFile).toLowerCase();
  if (out === '.csv') {
    if (q.format !== 'csv')
      throw new UserInputError('an .xlsx questionnaire is written as .xlsx (a CSV would lose its other sheets, formats and drop-downs)', outFile);
    return Buffer.from(csvText(q.workbook.worksheets[0]!), 'utf8');
  }
  if (out !== '.xlsx') throw new UserInputError(`--out must end in .xlsx${q.format === 'csv' ? ' or .csv' : ''}`, outFile);
  // Fixed document dates: the same run and sheet give the same workbook content.
  q.workbook.modified = modified;
  q.workbook.lastModifiedBy = 'soc2-evidence';
  if (q.format === 'csv') q.workbook.created = modified;
  return Buffer.from(await q.workbook.xlsx.writeBuffer());
}
