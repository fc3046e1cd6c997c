// One run: plan → collect (read-only) → evaluate (pure) → statuses → run folder, written atomically.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../catalog/load.js';
import { controlsByCheck } from '../catalog/load.js';
import { ALL_CHECKS } from '../checks/registry.js';
import type { AnyCheck } from '../checks/types.js';
import type { LoadedConfig } from '../config/load.js';
import { resolvePeriod } from '../config/load.js';
import { SOURCE_COLLECTORS } from '../collectors/index.js';
import type { CollectContext, Population } from '../collectors/types.js';
import { errorMessage } from '../core/errors.js';
import { CONTROL_STATUSES, FINDING_STATUSES, SOURCES, type Finding, type SourceName, type SourceOutcome } from '../core/types.js';
import type { Evidence } from '../evidence/index.js';
import { EvidenceStore } from '../run/evidence-store.js';
import { buildManifest, MANIFEST_FILE } from '../run/manifest.js';
import type { RunJson, RunScope } from '../run/record.js';
import { writeReports } from '../reports/index.js';
import { evaluateChecks } from './evaluate.js';
import { indexManualEvidence } from './manual-evidence.js';
import { writePopulations } from './populations.js';
import { scopeOf } from './scope.js';
import { shardCollects, writeShardRun, type ShardSpec } from './shard.js';
import { applyExceptions, controlResults, countControls, countFindings, exitCodeFor } from './status.js';
import type { Progress } from '../cli/progress.js';
import { TOOL_VERSION } from '../version.js';

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
  /** Folder holding earlier runs for month-over-month change (default: `outDir`). */
  previousRunsDir?: string;
  /** `collect --shard K/N`: collect this shard's share and write a shard run (no findings, no reports). */
  shard?: ShardSpec;
  /** Replace a source's collector (`merge` reads the shards' evidence instead of calling APIs). */
  collectors?: Partial<typeof SOURCE_COLLECTORS>;
}

export interface RunResult {
  dir: string;
  run: RunJson;
  findings: Finding[];
}

export function runIdFor(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace(/^(\d{4})(\d{2})(\d{2})/, '$1-$2-$3');
}

export function selectChecks(only?: readonly string[]): AnyCheck[] {
  return only ? ALL_CHECKS.filter((c) => only.includes(c.id)) : [...ALL_CHECKS];
}

export async function runCollection(options: RunOptions): Promise<RunResult> {
  const { loaded, catalog } = options;
  const config = loaded.config;
  const startedAt = options.now ?? new Date();
  const period = resolvePeriod(config, startedAt);
  const runId = uniqueRunId(options.outDir, startedAt);
  const finalDir = path.join(options.outDir, runId);
  const tmpDir = path.join(options.outDir, `.${runId}.partial`);

  // Plan: checks whose source is configured run; the others are out of scope, and said so.
  const selected = selectChecks(options.only);
  const configured = new Set(SOURCES.filter((s) => config[s] !== undefined));
  const inScope = selected.filter((c) => configured.has(c.source));
  const checksOutOfScope: RunScope['checksOutOfScope'] = ALL_CHECKS.filter((c) => !inScope.includes(c)).map((c) => ({
    checkId: c.id,
    reason: !selected.includes(c) ? 'not selected (--only)' : `no "${c.source}" section in the config`,
  }));
  const needsBySource = new Map<SourceName, Set<string>>();
  for (const check of inScope.filter((c) => shardCollects(options.shard, c.source))) {
    const set = needsBySource.get(check.source) ?? new Set<string>();
    check.needs.forEach((n) => set.add(n));
    needsBySource.set(check.source, set);
  }

  mkdirSync(options.outDir, { recursive: true });
  rmSync(tmpDir, { recursive: true, force: true });
  try {
    const store = new EvidenceStore(tmpDir);
    const evidence: Evidence = {};
    const outcomes: Partial<Record<SourceName, SourceOutcome>> = {};
    const populations: Population[] = [];
    const populationsBySource: Partial<Record<SourceName, Population[]>> = {};
    const sourceFailures: Partial<Record<SourceName, string>> = {};

    await Promise.all(
      [...needsBySource.entries()].map(async ([source, needs]) => {
        const ctx: CollectContext = { config, baseDir: loaded.baseDir, env: options.env, now: startedAt, period, store, progress: options.progress, needs, ...(options.tuning ? { tuning: options.tuning } : {}), ...(options.shard ? { shard: options.shard } : {}) };
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
    await store.flush();
    for (const source of SOURCES) {
      if (!configured.has(source)) outcomes[source] = { source, status: 'out_of_scope', reason: `no "${source}" section in the config`, missingPermissions: [], requests: {} };
    }

    const scope = scopeOf(config, evidence, inScope.map((c) => c.id), checksOutOfScope);
    if (options.shard) {
      const run = shardRunJson(runId, options, startedAt, period, scope, outcomes, store.stats().files);
      writeShardRun(tmpDir, run, { shard: options.shard, only: options.only ? [...options.only] : null, evidence, outcomes, populations: populationsBySource });
      writeFileSync(path.join(tmpDir, MANIFEST_FILE), `${JSON.stringify(buildManifest(tmpDir, runId), null, 2)}\n`);
      renameSync(tmpDir, finalDir);
      return { dir: finalDir, run, findings: [] };
    }
    const findings = evaluateAndSort(inScope, evidence, options, catalog, period, startedAt, sourceFailures, scope);
    const exceptions = applyExceptions(findings, config.exceptions, startedAt.toISOString().slice(0, 10));
    const controls = controlResults(catalog, findings, new Set(inScope.map((c) => c.id)));
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
      manualEvidence: config.manualEvidence ? indexManualEvidence(path.resolve(loaded.baseDir, config.manualEvidence)) : [],
      populations: writePopulations(tmpDir, populations),
      counts: { findings: findingCounts, controls: countControls(controls), evidenceFiles: store.stats().files },
      exitCode: exitCodeFor(findingCounts),
    };
    writeFileSync(path.join(tmpDir, 'run.json'), `${JSON.stringify(run, null, 2)}\n`);
    writeFileSync(path.join(tmpDir, 'findings.json'), `${JSON.stringify({ findings }, null, 2)}\n`);
    await writeReports({ dir: tmpDir, run, findings }, { previousRunsDir: options.previousRunsDir ?? options.outDir });
    writeFileSync(path.join(tmpDir, MANIFEST_FILE), `${JSON.stringify(buildManifest(tmpDir, runId), null, 2)}\n`);
    renameSync(tmpDir, finalDir);
    return { dir: finalDir, run, findings };
  } catch (err) {
    options.progress.stop();
    rmSync(tmpDir, { recursive: true, force: true });
    throw err;
  }
}

/** A shard run's run.json: scope, outcomes and the shard; nothing judged (`merge` judges). */
function shardRunJson(runId: string, options: RunOptions, startedAt: Date, period: RunJson['period'], scope: RunScope, outcomes: RunJson['sources'], evidenceFiles: number): RunJson {
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
  return findings.sort((a, b) => (order.get(a.checkId)! - order.get(b.checkId)!) || a.resource.id.localeCompare(b.resource.id));
}

function describeOutcome(outcome: SourceOutcome): string {
  const requests = Object.values(outcome.requests).reduce((a, b) => a + b, 0);
  const base = `${outcome.status}, ${requests} requests`;
  return outcome.reason ? `${base} — ${outcome.reason}` : base;
}

function uniqueRunId(outDir: string, now: Date): string {
  // Two runs in the same second get -2, -3… so a run folder is never overwritten.
  const base = runIdFor(now);
  let id = base;
  for (let i = 2; existsSync(path.join(outDir, id)); i++) id = `${base}-${i}`;
  return id;
}
