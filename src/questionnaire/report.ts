// questionnaire-report.md: per question its topic, answer and basis; the questions left for a human;
// and how many answers came from evidence, from the library, or need a person.
import path from 'node:path';
import type { RunRecord } from '../run/record.js';
import type { AnsweredRow, RowOutcome } from './index.js';

export interface ReportInput {
  input: string;
  out: string;
  run: RunRecord | null;
  library: string | null;
  asOf: string;
  rows: AnsweredRow[];
  counts: Record<RowOutcome, number> & { stale: number };
}

const cell = (s: string) =>
  s
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim() || '—';

function topicsOf(row: AnsweredRow): string {
  if (!row.result) return '—';
  const p = row.result.placement;
  if (!p.topics.length) return 'none';
  return `${p.topics.map((t) => t.title).join(' + ')}${p.via === 'caiq' ? ` (CAIQ ${p.caiqId})` : ''}`;
}

export function questionnaireReport(input: ReportInput): string {
  const { run, rows, counts } = input;
  const total = rows.length;
  const lines = [
    `# Questionnaire answers: ${path.basename(input.input)}`,
    '',
    `- Answered copy: \`${path.basename(input.out)}\``,
    run
      ? `- Evidence: run \`${run.run.runId}\` of ${run.run.organization}, collected ` +
        `${run.run.startedAt.slice(0, 10)} (audit period ` +
        `${run.run.period.start} to ${run.run.period.end}); its manifest verified before use.`
      : '- Evidence: no run given (--run); questions on evidence topics are left for a human.',
    `- Company answers: ${input.library ? `\`${input.library}\`` : 'none given (--library answers.yaml)'}`,
    '',
    '| Questions | Count |',
    '|---|---:|',
    `| From evidence | ${counts.evidence} |`,
    `| From the library (answers.yaml) | ${counts.library} |`,
    `| Needs a human | ${counts.human} |`,
    `| Already answered in the sheet (kept) | ${counts.kept} |`,
    `| **Total** | **${total}** |`,
    '',
    ...(counts.stale
      ? [
          `${counts.stale} answer(s) rest on a library entry reviewed more than 12 months ` +
            `before ${input.asOf}: marked STALE in the comment; confirm them before sending.`,
          '',
        ]
      : []),
    'An answer is `Yes` only when every related check of the run passed (or is accepted by a current ' +
      'exception, which the comment says). A check that could not collect gives `Not verified`, never `Yes`.',
    '',
    `## Left for a human (${counts.human})`,
    '',
  ];
  const human = rows.filter((r) => r.outcome === 'human');
  if (human.length === 0) lines.push('None.', '');
  else {
    lines.push('| Sheet | Row | ID | Question | Why |', '|---|---:|---|---|---|');
    for (const r of human)
      lines.push(
        `| ${cell(r.sheet)} | ${r.row} | ${cell(r.id ?? '')} | ${cell(r.question)} | ` +
          `${cell(r.comment ? `the drop-down cannot take the answer. ${r.comment}` : (r.result?.reason ?? ''))} |`,
      );
    lines.push('');
  }
  lines.push(`## Every question (${total})`, '', '| Sheet | Row | ID | Question | Topic | Answer | Basis |', '|---|---:|---|---|---|---|---|');
  for (const r of rows) {
    const answer = r.outcome === 'kept' ? `kept: ${r.existing}` : (r.written ?? (r.result?.answer ? `(${r.result.answer}, not written)` : '(blank)'));
    const basis = r.outcome === 'kept' ? 'already answered in the sheet' : r.comment || r.result?.reason || '';
    lines.push(`| ${cell(r.sheet)} | ${r.row} | ${cell(r.id ?? '')} | ${cell(r.question)} | ${cell(topicsOf(r))} | ${cell(answer)} | ${cell(basis)} |`);
  }
  return `${lines.join('\n')}\n`;
}
