import path from 'node:path';
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { loadCatalog, scopeCatalog } from '../../catalog/load.js';
import { allCheckIds, findCheck } from '../../checks/registry.js';
import { sourcesOf } from '../../checks/types.js';
import { loadConfigFile, type LoadedConfig } from '../../config/load.js';
import { suggestion } from '../../config/yaml-errors.js';
import { UserInputError } from '../../core/errors.js';
import { SOURCES } from '../../core/types.js';
// The pipeline (every SDK client) loads only when a run starts: `--help` and `report` stay quick.
import type { RunResult } from '../../pipeline/run.js';
import { exitCodeForFailOn, FAIL_ON_MODES, type FailOn, type RunChanges } from '../../reports/diff.js';
import { plainProgress, silentProgress, terminalProgress } from '../progress.js';
import { prepareOutDir } from '../../run/out-dir.js';
import { runWarnings } from '../../run/record.js';

export interface CollectFlags {
  config?: string;
  out?: string;
  only?: string;
  json?: boolean;
  controls?: string;
  failOn?: FailOn;
  /** `true` (Ed25519 PEM from SOC2_EVIDENCE_SIGNING_KEY) or `kms:KEY_ARN`. */
  sign?: string | true;
}

export function addCollectFlags(command: Command, options: { config?: boolean } = {}): Command {
  if (options.config !== false) command.option('-c, --config <file>', 'configuration file', 'soc2-evidence.yaml');
  else command.addOption(new Option('-c, --config <file>').hideHelp());
  return command
    .option('-o, --out <dir>', 'folder that receives the run folder', 'reports')
    .option('--only <checks>', 'comma-separated check ids to run (default: all)')
    .option('--controls <dir>', 'control catalog folder (default: the config\'s "controls", else the built-in catalog)')
    .option('--json', 'print a JSON summary on stdout instead of text (no progress display)')
    .option('--sign [key]', 'sign manifest.json into manifest.sig: with the Ed25519 private key (PEM) in SOC2_EVIDENCE_SIGNING_KEY, or with kms:KEY_ARN (an AWS KMS ECC_NIST_P256 or RSA key; needs kms:Sign and kms:GetPublicKey)')
    .addOption(
      new Option('--fail-on <when>', 'exit 1 on: any gap (the default for collect), only gaps new since the previous run in --out, or none')
        .choices([...FAIL_ON_MODES]),
    );
}

/** The exit code under --fail-on, read back from the run's gaps.json (what a scheduled job would read). */
export function failOnExitCode(result: RunResult, mode: FailOn): number {
  if (mode === 'any') return result.run.exitCode;
  const gaps = JSON.parse(readFileSync(path.join(result.dir, 'gaps.json'), 'utf8')) as { changes: RunChanges };
  return exitCodeForFailOn(mode, result.run.exitCode, gaps.changes);
}

export function registerCollect(program: Command): void {
  addCollectFlags(program.command('collect'))
    .description('collect evidence (read-only), judge it, and write a run folder with the gap list and the PDF evidence pack')
    .action(async (flags: CollectFlags) => {
      parseOnly(flags.only); // arguments first: a typo in --only is reported before anything else
      const loaded = loadConfigFile(flags.config ?? 'soc2-evidence.yaml');
      const result = await collectWith(loaded, flags, process.env);
      process.exitCode = failOnExitCode(result, flags.failOn ?? 'any');
      printSummary(result, flags.json === true, process.exitCode);
    });
}

/** A run that would judge nothing is a mistake in the input, not a clean bill of health. */
export function requireSomethingToJudge(loaded: LoadedConfig, only: readonly string[] | undefined): void {
  const configured = SOURCES.filter((s) => loaded.config[s] !== undefined);
  const where = loaded.file ? path.relative(process.cwd(), loaded.file) || loaded.file : undefined;
  if (configured.length === 0) {
    throw new UserInputError('the config names no source to collect from: add an "aws", "github" or "idp" section', where);
  }
  if (only) {
    const sources = new Set(only.flatMap((id) => sourcesOf(findCheck(id)!)));
    if (!only.some((id) => sourcesOf(findCheck(id)!).every((s) => configured.includes(s)))) {
      throw new UserInputError(`--only selects only ${[...sources].join(' and ')} checks, but the config has no ${[...sources].map((s) => `"${s}"`).join(' or ')} section`, where);
    }
  }
}

export function parseOnly(only: string | undefined): string[] | undefined {
  if (only === undefined) return undefined;
  const ids = only.split(',').map((s) => s.trim()).filter(Boolean);
  if (ids.length === 0) throw new UserInputError('--only needs at least one check id');
  for (const id of ids) {
    if (!findCheck(id)) {
      const hint = suggestion(id, allCheckIds());
      throw new UserInputError(`--only names unknown check "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}; "soc2-evidence controls checks" lists them`);
    }
  }
  return ids;
}

/** Shared by `collect` and `demo`: validate every input first (nothing written on bad input), then run. */
export async function collectWith(loaded: LoadedConfig, flags: CollectFlags, env: NodeJS.ProcessEnv): Promise<RunResult> {
  const only = parseOnly(flags.only);
  requireSomethingToJudge(loaded, only);
  const controlsDir = flags.controls ?? (loaded.config.controls?.dir ? path.resolve(loaded.baseDir, loaded.config.controls.dir) : undefined);
  const catalog = scopeCatalog(loadCatalog(controlsDir), loaded.config.controls?.categories);
  const { preflightIdp } = await import('../../collectors/idp/index.js');
  preflightIdp(loaded.config, loaded.baseDir);
  (await import('../../collectors/people/index.js')).preflightPeople(loaded.config, loaded.baseDir);
  // The signing key is input too: a bad key is reported before anything is collected.
  const signer = flags.sign ? await (await import('../../run/signing.js')).resolveSigner(flags.sign, env) : undefined;
  prepareOutDir(flags.out ?? 'reports');
  const interactive = !flags.json && process.stderr.isTTY === true;
  const { runCollection } = await import('../../pipeline/run.js');
  const result = await runCollection({
    loaded,
    catalog,
    ...(only ? { only } : {}),
    outDir: path.resolve(flags.out ?? 'reports'),
    env,
    progress: flags.json ? silentProgress : interactive ? terminalProgress() : plainProgress(),
    ...(signer ? { signer } : {}),
  });
  return result;
}

/** The run's summary; `exitCode` is what the process returns (after --fail-on, or the demo's rule). */
export function printSummary(result: RunResult, json: boolean, exitCode: number): void {
  const { run } = result;
  if (result.staleRemoved?.length) process.stderr.write(`Removed ${result.staleRemoved.length} folder(s) left by interrupted runs: ${result.staleRemoved.join(', ')}\n`);
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ runId: run.runId, dir: result.dir, exitCode, runExitCode: run.exitCode, counts: run.counts, sources: run.sources }, null, 2)}\n`,
    );
    return;
  }
  const f = run.counts.findings;
  const c = run.counts.controls;
  const lines = [
    `Controls: ${c.met} met, ${c.gap} gap, ${c.not_verified} not verified, ${c.manual} manual, ${c.out_of_scope} out of scope`,
    `Findings: ${f.fail} fail, ${f.error} could not verify, ${f.accepted} accepted, ${f.pass} pass, ${f.not_applicable} not applicable`,
  ];
  for (const outcome of Object.values(run.sources)) {
    if (outcome && outcome.status !== 'ok' && outcome.status !== 'out_of_scope') {
      lines.push(`${outcome.source}: ${outcome.status}${outcome.reason ? ` — ${outcome.reason}` : ''}${outcome.missingPermissions.length ? ` (missing: ${outcome.missingPermissions.join(', ')})` : ''}`);
    }
  }
  try {
    const { changes } = JSON.parse(readFileSync(path.join(result.dir, 'gaps.json'), 'utf8')) as { changes: RunChanges };
    if (changes.previous) lines.push(`Since run ${changes.previous.runId}: ${changes.new.length} new gaps, ${changes.resolved.length} resolved, ${changes.stillOpen.length} still open${changes.notRechecked.length ? `, ${changes.notRechecked.length} not re-checked (their evidence could not be read this run; see gaps.md)` : ''}`);
  } catch {
    // A run without a readable gap list still prints its summary.
  }
  for (const warning of runWarnings(run)) lines.push(`warning: ${warning}`);
  lines.push(`Gap list: ${path.join(result.dir, 'gaps.md')}`, `Evidence pack: ${path.join(result.dir, 'evidence-pack.pdf')}`);
  process.stderr.write(`${lines.join('\n')}\n`);
  process.stdout.write(`${result.dir}\n`);
}
