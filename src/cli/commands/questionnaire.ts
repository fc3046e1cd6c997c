import path from 'node:path';
import type { Command } from 'commander';
import { UserInputError } from '../../core/errors.js';

interface AnswerFlags {
  run?: string;
  runs?: string;
  library?: string;
  out: string;
  sheet?: string;
  questionCol?: string;
  answerCol?: string;
  commentCol?: string;
  idCol?: string;
}

export function registerQuestionnaire(program: Command): void {
  const questionnaire = program
    .command('questionnaire')
    .description("answer a customer's security questionnaire from a stored run and your answers.yaml (no API calls)");

  questionnaire
    .command('answer')
    .description(
      'fill a copy of a questionnaire (.xlsx or .csv): Yes / No / Partial / Not verified from the ' +
        "run's evidence, your library for policy questions, and the controls, checks and run each " +
        'answer rests on; questionnaire-report.md beside it lists what is left for a human',
    )
    .argument('<file>', 'the questionnaire, .xlsx or .csv')
    .requiredOption('--out <file>', 'the answered copy (.xlsx; .csv for a .csv questionnaire)')
    .option('--run <dir|latest>', 'the run whose evidence answers the questions: a run folder, or "latest" (newest complete run in --runs)')
    .option('--runs <dir>', 'where "latest" looks for runs', 'reports')
    .option('--library <answers.yaml>', 'company answers to what no API shows (policies, training, pen tests), each with owner and review date')
    .option('--sheet <name>', 'only this sheet (default: every sheet with a question and an answer column)')
    .option('--question-col <header|letter>', 'the question column, by header text or column letter')
    .option('--answer-col <header|letter>', 'the answer column')
    .option('--comment-col <header|letter>', 'the comment column (default: found by header; else a note on the answer cell)')
    .option('--id-col <header|letter>', 'the question id column (CAIQ ids such as IAM-14.1 are mapped directly)')
    .addHelpText(
      'after',
      '\nExample:\n  soc2-evidence questionnaire answer examples/questionnaire.xlsx --run latest --library examples/answers.yaml --out answered.xlsx',
    )
    .action(async (file: string, flags: AnswerFlags) => {
      const [{ openVerifiedRun }, { answerQuestionnaire }] = await Promise.all([
        import('../../questionnaire/run-input.js'),
        import('../../questionnaire/index.js'),
      ]);
      const run = flags.run ? openVerifiedRun(flags.run, flags.runs) : null;
      const outcome = await answerQuestionnaire({
        input: file,
        out: flags.out,
        run,
        ...(flags.library ? { library: flags.library } : {}),
        ...(flags.sheet !== undefined ? { sheet: flags.sheet } : {}),
        ...(flags.questionCol ? { questionCol: flags.questionCol } : {}),
        ...(flags.answerCol ? { answerCol: flags.answerCol } : {}),
        ...(flags.commentCol ? { commentCol: flags.commentCol } : {}),
        ...(flags.idCol ? { idCol: flags.idCol } : {}),
      });
      const c = outcome.counts;
      process.stdout.write(
        [
          `${outcome.rows.length} questions on ${outcome.layouts.map((l) => `"${l.sheet}"`).join(', ')}${run ? ` answered from run ${run.run.runId}` : ''}:`,
          `  ${c.evidence} from evidence · ${c.library} from the library${c.stale ? ` (${c.stale} stale)` : ''}` +
            ` · ${c.human} need a human · ${c.kept} already answered (kept)`,
          `Answered copy: ${outcome.outFile}`,
          `Report: ${outcome.reportFile}`,
          '',
        ].join('\n'),
      );
    });

  program
    .command('trust-report')
    .description(
      'a one- or two-page security overview a salesperson can send: what is monitored ' +
        '(in counts), control status by area, as-of date and period, how evidence ' +
        'is kept. No account ids, ARNs, host names, user names or emails',
    )
    .requiredOption('--out <file>', 'FILE.pdf or FILE.md')
    .option('--run <dir|latest>', 'the run it describes (default: latest)', 'latest')
    .option('--runs <dir>', 'where "latest" looks for runs', 'reports')
    .action(async (flags: { out: string; run: string; runs: string }) => {
      const ext = path.extname(flags.out).toLowerCase();
      if (ext !== '.pdf' && ext !== '.md') throw new UserInputError('--out must end in .pdf or .md', flags.out);
      const [{ openVerifiedRun }, { writeTrustReport }] = await Promise.all([
        import('../../questionnaire/run-input.js'),
        import('../../reports/trust-report.js'),
      ]);
      const record = openVerifiedRun(flags.run, flags.runs);
      await writeTrustReport(record, flags.out);
      process.stdout.write(`${flags.out}\n`);
    });
}
