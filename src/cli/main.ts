// soc2-evidence: the command line. Each verb lives in cli/commands/; bin.ts runs it.
import { Command, CommanderError } from 'commander';
import { UserInputError } from '../core/errors.js';
import { TOOL_VERSION } from '../version.js';
import { registerCollect } from './commands/collect.js';
import { registerDemo } from './commands/demo.js';
import { registerControls } from './commands/controls.js';
import { registerReportCommands } from './commands/report.js';
import { registerQuestionnaire } from './commands/questionnaire.js';
import { registerExport } from './commands/export.js';
import { registerMerge } from './commands/merge.js';

export function buildProgram(): Command {
  const program = new Command('soc2-evidence')
    .description('Read-only SOC 2 evidence from AWS, GitHub and your identity provider: a gap list and a PDF evidence pack an auditor can rely on.')
    .version(TOOL_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Exit codes:
  0  no gaps            1  gaps found
  2  bad input (config, control files, arguments), or no configured source could be read; nothing written
  3  some checks could not be verified (errors) and no gaps
  demo exits 0 once its run completed (its gaps are deliberate)

Start with:  soc2-evidence demo     (the built-in sandbox company, no credentials needed)`,
    );
  registerCollect(program);
  registerDemo(program);
  registerControls(program);
  registerReportCommands(program);
  registerQuestionnaire(program);
  registerExport(program);
  registerMerge(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const sub of program.commands) sub.exitOverride();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end with exit 0; usage errors are bad input.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof UserInputError) {
      process.stderr.write(`error: ${err.describe()}\n`);
      return 2;
    }
    process.stderr.write(`soc2-evidence failed unexpectedly: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 4;
  }
}
