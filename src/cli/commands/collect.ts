import path from 'node:path';
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { loadCatalog, scopeCatalog } from '../../catalog/load.js';
import { allCheckIds, findCheck } from '../../checks/registry.js';
import { loadConfigFile, type LoadedConfig } from '../../config/load.js';
import { suggestion } from '../../config/yaml-errors.js';
import { UserInputError } from '../../core/errors.js';
import { SOURCES } from '../../core/types.js';
import { sourcesOf } from '../../checks/types.js';
// The pipeline (every SDK client) loads only when a run starts: `--help` and `report` stay quick.
import type { RunResult } from '../../pipeline/run.js';
import { exitCodeForFailOn, FAIL_ON_MODES, failOnPolicy, type FailOn, type FailOnPolicy, type RunChanges } from '../../reports/diff.js';
import { plainProgress, silentProgress, terminalProgress } from '../progress.js';
import { prepareOutDir } from '../../run/out-dir.js';
import { runWarnings } from '../../run/record.js';
import type { NotifyOutcome } from '../../notify/index.js';
import { addStoreFlags, storeFor, type StoreFlags } from './store-options.js';
import { parseShard } from '../../pipeline/shard.js';
import type { Staging } from '../../store/index.js';

export interface CollectFlags extends StoreFlags {
  config?: string;
  /** `--sign` (PEM key from SOC2_EVIDENCE_SIGNING_KEY) or `--sign kms:KEY_ARN`. */
  sign?: string | boolean;
  shard?: string;
  only?: string;
  json?: boolean;
  controls?: string;
  failOn?: FailOn;
}

export function addCollectFlags(command: Command, options: { config?: boolean } = {}): Command {
  if (options.config !== false) command.option('-c, --config <file>', 'configuration file', 'soc2-evidence.yaml');
  else command.addOption(new Option('-c, --config <file>').hideHelp());
  const withFlags = command
    .option('-o, --out <dir|s3://bucket/prefix>', 'where the run is stored: a folder, or an S3 prefix (objects first, manifest.json last)', 'reports')
    .option('--only <checks>', 'comma-separated check ids to run (default: all)')
    .option('--controls <dir>', 'control catalog folder (default: the config\'s "controls", else the built-in catalog)')
    .option('--json', 'print a JSON summary on stdout instead of text (no progress display)')
    .option(
      '--sign [key]',
      'sign manifest.json into manifest.sig: with the Ed25519 private key (PEM) in ' +
        'SOC2_EVIDENCE_SIGNING_KEY, or with kms:KEY_ARN (an AWS KMS ECC_NIST_P256 or RSA key; needs kms:Sign and kms:GetPublicKey)',
    )
    .option(
      '--shard <k/n>',
      'collect shard K of N: the AWS accounts at sorted positions ≡ K−1 (mod N), GitHub and ' +
        'the IdP in shard 1 only; writes a shard run (no findings, no reports) for "merge"',
    )
    .addOption(
      new Option('--fail-on <when>', 'exit 1 on: any gap (the default for collect), only gaps new since the previous run in --out, or none').choices([
        ...FAIL_ON_MODES,
      ]),
    );
  return addStoreFlags(withFlags);
}

/** A run once stored: where it lives, what changed since the previous run, who was told. */
export interface StoredRun extends RunResult {
  location: string;
  changes: RunChanges | undefined;
  notifications: NotifyOutcome[];
  /** What the process returns: the run's SPEC exit code under --fail-on, or the demo's rule. */
  exitCode: number;
}

/**
 * The exit code under the --fail-on policy, from the changes the run's gaps.json recorded (what a
 * scheduled job would read); gaps.json's `failOn.exitCode` is computed by the same rule.
 */
export function failOnExitCode(result: StoredRun, policy: FailOnPolicy): number {
  return exitCodeForFailOn(policy.mode, result.run.exitCode, result.changes ?? { new: [] });
}

/** The change the run's gaps.json recorded (what a scheduled job would read). */
export function changesOf(runDir: string): RunChanges | undefined {
  try {
    return (JSON.parse(readFileSync(path.join(runDir, 'gaps.json'), 'utf8')) as { changes: RunChanges }).changes;
  } catch {
    return undefined;
  }
}

export function registerCollect(program: Command): void {
  addCollectFlags(program.command('collect'))
    .description('collect evidence (read-only), judge it, and write a run folder with the gap list and the PDF evidence pack')
    .action(async (flags: CollectFlags) => {
      parseOnly(flags.only); // arguments first: a typo in --only is reported before anything else
      if (flags.shard) parseShard(flags.shard);
      const loaded = loadConfigFile(flags.config ?? 'soc2-evidence.yaml');
      const result = await collectWith(loaded, flags, process.env, process.env, failOnPolicy(flags.failOn));
      process.exitCode = result.exitCode;
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
    if (![...sources].some((s) => configured.includes(s))) {
      throw new UserInputError(
        `--only selects only ${[...sources].join(' and ')} checks, but the config has no ${[...sources].map((s) => `"${s}"`).join(' or ')} section`,
        where,
      );
    }
  }
}

export function parseOnly(only: string | undefined): string[] | undefined {
  if (only === undefined) return undefined;
  const ids = only
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0) throw new UserInputError('--only needs at least one check id');
  for (const id of ids) {
    if (!findCheck(id)) {
      const hint = suggestion(id, allCheckIds());
      throw new UserInputError(`--only names unknown check "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}; "soc2-evidence controls checks" lists them`);
    }
  }
  return ids;
}

/**
 * Shared by `collect` and `demo`: validate every input first (nothing written on bad input), build
 * the run in a local folder, store it, then notify. `storeEnv` holds the credentials of the store
 * (the demo collects from its sandbox but stores wherever the user's environment points).
 */
export async function collectWith(
  loaded: LoadedConfig,
  flags: CollectFlags,
  env: NodeJS.ProcessEnv,
  storeEnv: NodeJS.ProcessEnv = env,
  policy: FailOnPolicy = failOnPolicy(flags.failOn),
): Promise<StoredRun> {
  const only = parseOnly(flags.only);
  requireSomethingToJudge(loaded, only);
  const controlsDir = flags.controls ?? (loaded.config.controls?.dir ? path.resolve(loaded.baseDir, loaded.config.controls.dir) : undefined);
  const catalog = scopeCatalog(loadCatalog(controlsDir), loaded.config.controls?.categories);
  const { preflightIdp } = await import('../../collectors/idp/index.js');
  preflightIdp(loaded.config, loaded.baseDir);
  (await import('../../collectors/people/index.js')).preflightPeople(loaded.config, loaded.baseDir);
  // The signing key is input too: a bad key is reported before anything is collected.
  const signer = flags.sign ? await (await import('../../run/signing.js')).resolveSigner(flags.sign, env) : undefined;
  if (!(flags.out ?? 'reports').startsWith('s3://')) prepareOutDir(flags.out ?? 'reports');
  const interactive = !flags.json && process.stderr.isTTY === true;
  const { runCollection } = await import('../../pipeline/run.js');
  const shard = flags.shard ? parseShard(flags.shard) : undefined;
  return storeRun(
    loaded,
    flags,
    storeEnv,
    (staging) =>
      runCollection({
        loaded,
        catalog,
        ...(only ? { only } : {}),
        outDir: staging.outDir,
        ...(staging.previousRunsDir ? { previousRunsDir: staging.previousRunsDir } : {}),
        env,
        progress: flags.json ? silentProgress : interactive ? terminalProgress() : plainProgress(),
        ...(shard ? { shard } : {}),
        ...(signer ? { signer } : {}),
        failOn: policy,
      }),
    policy,
  );
}

/**
 * Build a run in the store's staging folder, store it, then notify and print the summary; shared by
 * `collect`, `demo` and `merge`. Nothing is written when the store or a notify target is bad input.
 */
export async function storeRun(
  loaded: LoadedConfig,
  flags: CollectFlags,
  storeEnv: NodeJS.ProcessEnv,
  build: (staging: Staging) => Promise<RunResult>,
  policy: FailOnPolicy,
): Promise<StoredRun> {
  const { store, targets } = storeFor(loaded, flags, storeEnv);
  await store.prepare();
  const staging = await store.stage();
  let stored: StoredRun;
  try {
    const result = await build(staging);
    const location = await store.publish(result.dir, result.run.runId);
    stored = { ...result, location, changes: result.run.shard ? undefined : changesOf(result.dir), notifications: [], exitCode: 0 };
    stored.exitCode = failOnExitCode(stored, policy);
  } finally {
    staging.cleanup();
  }
  if (stored.changes && targets.length) {
    const { notifyRun } = await import('../../notify/index.js');
    stored.notifications = await notifyRun(targets, stored.run, stored.changes, stored.location, store, (line) => process.stderr.write(`${line}\n`));
  }
  printSummary(stored, flags.json === true);
  return stored;
}

/** The run's summary; `result.exitCode` is what the process returns (after --fail-on, or the demo's rule), as gaps.json's `failOn.exitCode`. */
function printSummary(result: StoredRun, json: boolean): void {
  const { run } = result;
  if (result.staleRemoved?.length)
    process.stderr.write(`Removed ${result.staleRemoved.length} folder(s) left by interrupted runs: ${result.staleRemoved.join(', ')}\n`);
  if (json) {
    const notifications = result.notifications.length ? { notifications: result.notifications } : {};
    const summary = {
      runId: run.runId,
      dir: result.location,
      exitCode: result.exitCode,
      runExitCode: run.exitCode,
      counts: run.counts,
      sources: run.sources,
      ...notifications,
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  if (run.shard) {
    process.stderr.write(
      `Shard ${run.shard.k}/${run.shard.n} collected (${run.counts.evidenceFiles} evidence items); ` +
        `judge it with "soc2-evidence merge" once all ${run.shard.n} shards are stored.\n`,
    );
    process.stdout.write(`${result.location}\n`);
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
      lines.push(
        `${outcome.source}: ${outcome.status}${outcome.reason ? ` — ${outcome.reason}` : ''}` +
          `${outcome.missingPermissions.length ? ` (missing: ${outcome.missingPermissions.join(', ')})` : ''}`,
      );
    }
  }
  const changes = result.changes;
  if (changes?.previous)
    lines.push(
      `Since run ${changes.previous.runId}: ${changes.new.length} new gaps, ${changes.resolved.length} ` +
        `resolved, ${changes.stillOpen.length} still open` +
        `${changes.notRechecked.length ? `, ${changes.notRechecked.length} not re-checked (their evidence could not be read this run; see gaps.md)` : ''}`,
    );
  for (const warning of runWarnings(run)) lines.push(`warning: ${warning}`);
  const join = (file: string) => (result.location.startsWith('s3://') ? `${result.location}/${file}` : path.join(result.location, file));
  lines.push(`Gap list: ${join('gaps.md')}`, `Evidence pack: ${join('evidence-pack.pdf')}`);
  process.stderr.write(`${lines.join('\n')}\n`);
  process.stdout.write(`${result.location}\n`);
}
