// One run: plan → collect (read-only) → evaluate (pure) → statuses → run folder, written atomically.
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../catalog/load.js';
import { checksOutOfCategory, controlsByCheck } from '../catalog/load.js';
import { ALL_CHECKS } from '../checks/registry.js';
import { sourceOfNeed, sourcesOf, type AnyCheck } from '../checks/types.js';
import type { LoadedConfig } from '../config/load.js';
import { resolvePeriod } from '../config/load.js';
import { SOURCE_COLLECTORS } from '../collectors/index.js';
import { collectPeople } from '../collectors/people/index.js';
import type { CollectContext, Population } from '../collectors/types.js';
import { errorMessage, UserInputError } from '../core/errors.js';
import { CONTROL_STATUSES, FINDING_STATUSES, SOURCES, type Finding, type SourceName, type SourceOutcome } from '../core/types.js';
import type { Evidence } from '../evidence/index.js';
import { EvidenceStore } from '../run/evidence-store.js';
import { registerRunSecrets } from '../run/secrets.js';
import { writeFindingsFile } from '../run/findings-file.js';
import { buildManifest, MANIFEST_FILE } from '../run/manifest.js';
import type { RunJson, RunScope } from '../run/record.js';
import { releaseRun, reserveRun, runIdFor, sweepStaleRuns } from '../run/run-id.js';
import { signRun, type ManifestSigner } from '../run/signing.js';
import { writeReports } from '../reports/index.js';
import type { FailOnPolicy } from '../reports/diff.js';
import { evaluateChecks } from './evaluate.js';
import { indexManualEvidence } from './manual-evidence.js';
import { writePopulations } from './populations.js';
import { peoplePopulations } from './people-populations.js';
import { scopeOf } from './scope.js';
import { shardCollects, writeShardRun, type ShardSpec } from './shard.js';
import { applyExceptions, controlResults, countControls, countFindings, exitCodeFor } from './status.js';
import type { Progress } from '../cli/progress.js';
import { TOOL_VERSION } from '../version.js';
import { collectGarbage } from '../core/heap.js';

/** Evidence files from which a run counts as large (see collectGarbage). */
const LARGE_RUN_FILES = 2_000;

export interface RunOptions {
  loaded: LoadedConfig;
  catalog: Catalog;
  /** Only these check ids (already validated); all checks when absent. */
  only?: readonly string[];
  outDir: string;
  env: NodeJS.ProcessEnv;
  progress: Progress;
  /** The run's reference time (tests pin it). */
  now?: Date;
  tuning?: CollectContext['tuning'];
  /** Signs manifest.json into manifest.sig (collect --sign); the pack names its key. */
  signer?: ManifestSigner;
  /** Folder holding earlier runs for month-over-month change (default: `outDir`). */
  previousRunsDir?: string;
  /** `collect --shard K/N`: collect this shard's share and write a shard run (no findings, no reports). */
  shard?: ShardSpec;
  /** Replace a source's collector (`merge` reads the shards' evidence instead of calling APIs). */
  collectors?: Partial<typeof SOURCE_COLLECTORS>;
  /** How the process's exit code is decided (--fail-on, the demo's rule); stated in gaps.json. */
  failOn?: FailOnPolicy;
}

export interface RunResult {
  dir: string;
  run: RunJson;
  findings: Finding[];
  /** Partial or reserved folders of killed runs that this run cleaned out of the output folder. */
  staleRemoved?: string[];
}

export { runIdFor };

export function selectChecks(only?: readonly string[]): AnyCheck[] {
  return only ? ALL_CHECKS.filter((c) => only.includes(c.id)) : [...ALL_CHECKS];
}

export async function runCollection(options: RunOptions): Promise<RunResult> {
  const { loaded, catalog } = options;
  const config = loaded.config;
  const startedAt = options.now ?? new Date();
  const period = resolvePeriod(config, startedAt);

  // Plan: checks whose source is configured run; the others are out of scope, and said so.
  const selected = selectChecks(options.only);
  const configured = new Set(SOURCES.filter((s) => config[s] !== undefined));
  // A cross-source check is in scope only when every source it reads is configured.
  const outOfCategory = checksOutOfCategory(catalog);
  const inScope = selected.filter((c) => sourcesOf(c).every((s) => configured.has(s)) && !outOfCategory.has(c.id));
  const checksOutOfScope: RunScope['checksOutOfScope'] = ALL_CHECKS.filter((c) => !inScope.includes(c)).map((c) => ({
    checkId: c.id,
    reason: !selected.includes(c)
      ? 'not selected (--only)'
      : (outOfCategory.get(c.id) ??
        `no ${sourcesOf(c)
          .filter((s) => !configured.has(s))
          .map((s) => `"${s}"`)
          .join(' or ')} section in the config`),
  }));
  const needsBySource = new Map<SourceName, Set<string>>();
  for (const check of inScope) {
    for (const need of check.needs) {
      const source = sourceOfNeed(check, need);
      // A shard collects its share of AWS accounts; GitHub and the IdP in shard 1 only.
      if (!shardCollects(options.shard, source)) continue;
      const set = needsBySource.get(source) ?? new Set<string>();
      set.add(need);
      needsBySource.set(source, set);
    }
  }

  const outDirExisted = existsSync(options.outDir);
  const staleRemoved = sweepStaleRuns(options.outDir);
  const slot = reserveRun(options.outDir, startedAt);
  const { runId, finalDir, partialDir: tmpDir } = slot;
  try {
    const store = new EvidenceStore(tmpDir);
    registerRunSecrets(store, options.env);
    const evidence: Evidence = {};
    const outcomes: Partial<Record<SourceName, SourceOutcome>> = {};
    const populations: Population[] = [];
    const populationsBySource: Partial<Record<SourceName, Population[]>> = {};
    const sourceFailures: Partial<Record<SourceName, string>> = {};

    await Promise.all(
      [...needsBySource.entries()].map(async ([source, needs]) => {
        const ctx: CollectContext = {
          config,
          baseDir: loaded.baseDir,
          env: options.env,
          now: startedAt,
          period,
          store,
          progress: options.progress,
          needs,
          ...(options.tuning ? { tuning: options.tuning } : {}),
          ...(options.shard ? { shard: options.shard } : {}),
        };
        try {
          const result = await (options.collectors?.[source] ?? SOURCE_COLLECTORS[source])(ctx);
          if (result.evidence) (evidence as Record<SourceName, unknown>)[source] = result.evidence;
          outcomes[source] = result.outcome;
          populations.push(...(result.populations ?? []));
          populationsBySource[source] = result.populations ?? [];
          if (result.outcome.status === 'failed') sourceFailures[source] = result.outcome.reason ?? `${source} collection failed`;
          options.progress.done(source, describeOutcome(result.outcome));
        } catch (err) {
          // A collector must not throw; if it does, its checks become errors and the run goes on.
          sourceFailures[source] = `${source} collection failed: ${errorMessage(err)}`;
          outcomes[source] = { source, status: 'failed', reason: sourceFailures[source], missingPermissions: [], requests: {} };
          options.progress.done(source, `failed: ${errorMessage(err)}`);
        }
      }),
    );
    options.progress.stop();
    if (inScope.some((c) => c.source === 'access')) {
      evidence.people = collectPeople(config, loaded.baseDir, store);
      populations.push(...peoplePopulations(evidence, period, startedAt));
    }
    await store.flush();
    requireSomeSourceRead([...needsBySource.keys()], outcomes);
    for (const source of SOURCES) {
      if (!configured.has(source))
        outcomes[source] = { source, status: 'out_of_scope', reason: `no "${source}" section in the config`, missingPermissions: [], requests: {} };
    }

    const scope = scopeOf(
      config,
      evidence,
      inScope.map((c) => c.id),
      checksOutOfScope,
      catalog,
    );
    if (options.shard) {
      const run = shardRunJson(runId, options, startedAt, period, scope, outcomes, store.stats().files);
      writeShardRun(tmpDir, run, { shard: options.shard, only: options.only ? [...options.only] : null, evidence, outcomes, populations: populationsBySource });
      writeFileSync(path.join(tmpDir, MANIFEST_FILE), `${JSON.stringify(buildManifest(tmpDir, runId), null, 2)}\n`);
      renameSync(tmpDir, finalDir);
      return { dir: finalDir, run, findings: [] };
    }
    const manualEvidence = config.manualEvidence
      ? indexManualEvidence(
          path.resolve(loaded.baseDir, config.manualEvidence),
          tmpDir,
          catalog.controls.map((c) => c.id),
        )
      : [];
    const findings = evaluateAndSort(inScope, evidence, options, catalog, period, startedAt, sourceFailures, scope);
    const exceptions = applyExceptions(findings, config.exceptions, startedAt.toISOString().slice(0, 10));
    const controls = controlResults(catalog, findings, new Set(inScope.map((c) => c.id)), manualEvidence);
    const findingCounts = countFindings(findings);

    const run: RunJson = {
      runId,
      tool: { name: 'soc2-evidence', version: TOOL_VERSION },
      organization: config.organization,
      period,
      startedAt: startedAt.toISOString(),
      finishedAt: (options.now ? startedAt : new Date()).toISOString(),
      config: { file: loaded.file ? path.relative(process.cwd(), loaded.file) || loaded.file : null, sha256: loaded.digest },
      scope,
      sources: outcomes,
      controls,
      exceptions,
      manualEvidence,
      populations: writePopulations(tmpDir, populations),
      counts: { findings: findingCounts, controls: countControls(controls), evidenceFiles: store.stats().files },
      exitCode: exitCodeFor(findingCounts),
    };
    // Judged, and populations written: the evidence tree (every account's) is not needed by the reports;
    // let it go before they are built, so a large organisation's run does not hold both at once.
    for (const key of Object.keys(evidence) as Array<keyof Evidence>) delete evidence[key];
    populations.length = 0;
    // A large run (thousands of evidence files) collects its garbage once before the reports.
    if (store.stats().files >= LARGE_RUN_FILES) collectGarbage();
    writeFileSync(path.join(tmpDir, 'run.json'), `${JSON.stringify(run, null, 2)}\n`);
    writeFindingsFile(path.join(tmpDir, 'findings.json'), findings);
    await writeReports(
      { dir: tmpDir, run, findings },
      {
        previousRunsDir: options.previousRunsDir ?? options.outDir,
        ...(options.signer ? { signing: options.signer.identity } : {}),
        ...(options.failOn ? { failOn: options.failOn } : {}),
      },
    );
    writeFileSync(path.join(tmpDir, MANIFEST_FILE), `${JSON.stringify(buildManifest(tmpDir, runId), null, 2)}\n`);
    if (options.signer) await signRun(tmpDir, options.signer);
    // Replaces the empty folder that reserved the id.
    renameSync(tmpDir, finalDir);
    return { dir: finalDir, run, findings, ...(staleRemoved.length ? { staleRemoved } : {}) };
  } catch (err) {
    options.progress.stop();
    releaseRun(slot);
    // Nothing half-written: not even an empty output folder this run created.
    if (!outDirExisted) rmSync(options.outDir, { recursive: true, force: true });
    throw err;
  }
}

/** A shard run's run.json: scope, outcomes and the shard; nothing judged (`merge` judges). */
function shardRunJson(
  runId: string,
  options: RunOptions,
  startedAt: Date,
  period: RunJson['period'],
  scope: RunScope,
  outcomes: RunJson['sources'],
  evidenceFiles: number,
): RunJson {
  const { loaded, shard } = options;
  for (const source of SOURCES) {
    if (!shardCollects(shard, source) && !outcomes[source]) {
      outcomes[source] = { source, status: 'out_of_scope', reason: `collected by shard 1/${shard!.n}`, missingPermissions: [], requests: {} };
    }
  }
  const zero = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  return {
    runId,
    tool: { name: 'soc2-evidence', version: TOOL_VERSION },
    organization: loaded.config.organization,
    period,
    startedAt: startedAt.toISOString(),
    finishedAt: (options.now ? startedAt : new Date()).toISOString(),
    config: { file: loaded.file ? path.relative(process.cwd(), loaded.file) || loaded.file : null, sha256: loaded.digest },
    scope,
    sources: outcomes,
    controls: [],
    exceptions: [],
    manualEvidence: [],
    populations: [],
    counts: { findings: zero(FINDING_STATUSES), controls: zero(CONTROL_STATUSES), evidenceFiles },
    exitCode: 0,
    shard: { ...shard!, configDigest: loaded.digest },
  };
}

function evaluateAndSort(
  checks: AnyCheck[],
  evidence: Evidence,
  options: RunOptions,
  catalog: Catalog,
  period: RunJson['period'],
  now: Date,
  sourceFailures: Partial<Record<SourceName, string>>,
  scope: RunScope,
): Finding[] {
  const findings = evaluateChecks({
    checks,
    evidence,
    config: options.loaded.config,
    now,
    period,
    controlsByCheck: controlsByCheck(catalog),
    sourceFailures,
    sourceResource: {
      aws: scope.aws?.accounts.map((a) => a.id).join(',') || 'aws',
      ...(scope.github ? { github: scope.github.org } : {}),
      ...(scope.idp ? { idp: scope.idp.host } : {}),
    },
  });
  // Stable order: by check (catalog order), then resource id, so the same evidence gives the same files.
  const order = new Map(ALL_CHECKS.map((c, i) => [c.id, i]));
  return findings.sort((a, b) => order.get(a.checkId)! - order.get(b.checkId)! || a.resource.id.localeCompare(b.resource.id));
}

/**
 * A run in which every configured source failed (no credentials, credentials rejected, host
 * unreachable) judged nothing: it is not a run. No folder is written, so it can never become the
 * month a scheduled job compares against, and the exit code is 2 (bad input), with each source's cause.
 */
export function requireSomeSourceRead(sources: readonly SourceName[], outcomes: Partial<Record<SourceName, SourceOutcome>>): void {
  if (sources.length === 0 || !sources.every((s) => outcomes[s]?.status === 'failed')) return;
  const causes = sources.map((s) => {
    const o = outcomes[s];
    return `  ${s}: ${o?.reason ?? 'collection failed'}${o?.missingPermissions.length ? ` (missing: ${o.missingPermissions.join(', ')})` : ''}`;
  });
  throw new UserInputError(`no configured source could be read, so this is not a run and nothing was written:\n${causes.join('\n')}`);
}

function describeOutcome(outcome: SourceOutcome): string {
  const requests = Object.values(outcome.requests).reduce((a, b) => a + b, 0);
  const base = `${outcome.status}, ${requests} requests`;
  return outcome.reason ? `${base} — ${outcome.reason}` : base;
}
