// `questionnaire answer`: every check first (run, library, workbook, columns), then answers, then the
// answered copy and questionnaire-report.md are written, each atomically. Bad input writes nothing.
import path from 'node:path';
import { UserInputError } from '../core/errors.js';
import type { RunRecord } from '../run/record.js';
import { writeFileAtomically } from '../run/write-file.js';
import { answerQuestion, type AnswerContext, type QuestionResult } from './answer.js';
import { loadTopicCatalog, type TopicCatalog } from './catalog.js';
import { chooseValue } from './choices.js';
import { indexRun } from './evidence.js';
import { loadLibrary } from './library.js';
import { questionnaireReport } from './report.js';
import {
  allowedValues,
  ensureCommentColumn,
  findLayouts,
  openQuestionnaire,
  questionsOf,
  serializeQuestionnaire,
  writeAnswer,
  type ColumnFlags,
  type QuestionRow,
  type SheetLayout,
} from './sheet.js';

export const REPORT_FILE = 'questionnaire-report.md';

export interface AnswerOptions extends ColumnFlags {
  input: string;
  out: string;
  run: RunRecord | null;
  library?: string;
  catalog?: TopicCatalog;
  /** Today (YYYY-MM-DD), used only without a run (staleness of library answers). */
  today?: string;
}

export type RowOutcome = 'evidence' | 'library' | 'human' | 'kept';

export interface AnsweredRow extends QuestionRow {
  outcome: RowOutcome;
  result: QuestionResult | null;
  /** What was written into the answer cell. */
  written?: string;
  comment: string;
}

export interface QuestionnaireOutcome {
  rows: AnsweredRow[];
  layouts: SheetLayout[];
  counts: Record<RowOutcome, number> & { stale: number };
  outFile: string;
  reportFile: string;
}

export async function answerQuestionnaire(options: AnswerOptions): Promise<QuestionnaireOutcome> {
  if (path.resolve(options.out) === path.resolve(options.input)) {
    throw new UserInputError("--out must be a new file: the customer's questionnaire is never overwritten", options.out);
  }
  const catalog = options.catalog ?? loadTopicCatalog();
  const library = options.library ? loadLibrary(options.library, catalog) : null;
  const run = options.run ? indexRun(options.run) : null;
  const ctx: AnswerContext = { catalog, run, library, asOf: run?.asOf ?? options.today ?? new Date().toISOString().slice(0, 10) };

  const q = await openQuestionnaire(options.input);
  const layouts = findLayouts(q, options).map((l) => ensureCommentColumn(q, l));
  const rows: AnsweredRow[] = [];
  for (const layout of layouts) {
    for (const question of questionsOf(q, layout)) {
      if (question.existing) {
        rows.push({ ...question, outcome: 'kept', result: null, comment: '' });
        continue;
      }
      const result = answerQuestion(ctx, question.question, question.id);
      if (!result.answer) {
        rows.push({ ...question, outcome: 'human', result, comment: '' });
        continue;
      }
      const address = q.workbook.getWorksheet(layout.sheet)!.getCell(question.row, layout.answer).address;
      const choice = chooseValue(result.answer, allowedValues(q, layout.sheet, address));
      const comment = choice.note ? `${choice.note} ${result.comment}` : result.comment;
      writeAnswer(q, layout, question.row, { ...(choice.value !== undefined ? { answer: choice.value } : {}), comment });
      rows.push({
        ...question,
        outcome: choice.value === undefined ? 'human' : result.source,
        result,
        ...(choice.value !== undefined ? { written: choice.value } : {}),
        comment,
      });
    }
  }
  const modified = new Date(options.run?.run.finishedAt ?? `${ctx.asOf}T00:00:00Z`);
  const workbook = await serializeQuestionnaire(q, options.out, modified);
  const counts = { evidence: 0, library: 0, human: 0, kept: 0, stale: 0 };
  for (const row of rows) {
    counts[row.outcome]++;
    if (row.result?.topics.some((t) => t.stale) && row.written) counts.stale++;
  }
  const reportFile = path.join(path.dirname(options.out), REPORT_FILE);
  const report = questionnaireReport({
    input: options.input,
    out: options.out,
    run: options.run,
    library: library?.file ?? null,
    asOf: ctx.asOf,
    rows,
    counts,
  });
  writeFileAtomically(options.out, workbook);
  writeFileAtomically(reportFile, report);
  return { rows, layouts, counts, outFile: options.out, reportFile };
}
