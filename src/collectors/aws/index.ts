// The AWS source: caller identity → accounts (config / Organizations) → per account, in parallel:
// enter (AssumeRole) → regions → the account- and region-level collectors the selected checks need.
import { envCredentials } from '../../core/aws-env.js';
import pLimit from 'p-limit';
import { collected, failed, type Collected, type SourceOutcome } from '../../core/types.js';
import { iamUsersPopulation } from './populations.js';
import type { AwsAccountEvidence, AwsEvidence } from '../../evidence/aws/index.js';
import type { SourceCollector } from '../types.js';
import { inShard } from '../../core/shard.js';
import { callerIdentity, enterAccount, planAccounts, resolveRegions, type AccountTarget, type CallerIdentity } from './accounts.js';
import type { AwsAccountCollector, AwsRegionCollector } from './collector.js';
import { DEFAULT_RETRY } from './retry.js';
import { AwsRunContext, AwsSession } from './session.js';
import { AWS_ACCOUNT_COLLECTORS, AWS_REGION_COLLECTORS } from './registry.js';

/** Accounts read at once unless `aws.concurrency` says otherwise. */
export const DEFAULT_ACCOUNT_CONCURRENCY = 4;

export const collectAws: SourceCollector<AwsEvidence> = async (ctx) => {
  const run = new AwsRunContext(
    ctx.env,
    ctx.store,
    {
      ...DEFAULT_RETRY,
      ...(ctx.tuning?.retryBaseMs !== undefined ? { baseDelayMs: ctx.tuning.retryBaseMs } : {}),
      ...(ctx.tuning?.maxAttempts ? { maxAttempts: ctx.tuning.maxAttempts } : {}),
    },
    ctx.tuning?.concurrency ?? 10,
  );
  try {
    return await collectWith(ctx, run);
  } finally {
    run.destroySessions();
  }
};

async function collectWith(ctx: Parameters<SourceCollector<AwsEvidence>>[0], run: AwsRunContext): ReturnType<SourceCollector<AwsEvidence>> {
  const config = ctx.config.aws!;
  const homeRegion = run.defaultRegion();
  // Credentials: keys in the run's environment, else the SDK's default chain (profile, SSO, instance role…).
  const credentials = envCredentials(ctx.env);
  const base = new AwsSession(run, 'caller', credentials);
  const outcome = (status: SourceOutcome['status'], reason?: string, notes?: SourceOutcome['notes']): SourceOutcome => ({
    source: 'aws',
    status,
    ...(reason ? { reason } : {}),
    missingPermissions: [...run.missingPermissions].sort(),
    requests: { ...run.requests },
    ...(notes ? { notes } : {}),
  });

  ctx.progress.update('aws', 'checking credentials…');
  const caller = await callerIdentity(base, homeRegion);
  if (!caller.ok) {
    return {
      evidence: undefined,
      outcome: outcome(
        'failed',
        caller.error.kind === 'auth' || caller.error.kind === 'unreachable'
          ? caller.error.message
          : `AWS credentials could not be used: ${caller.error.message}`,
      ),
    };
  }
  const plan = await planAccounts(config, base, caller.value, homeRegion);
  // A shard reads its share of the accounts; `merge` puts them back in the plan's order.
  const plannedAccounts = plan.targets.map((t) => t.accountId);
  if (ctx.shard) {
    const mine = inShard(plannedAccounts, ctx.shard);
    plan.targets = plan.targets.filter((t) => mine.has(t.accountId));
  }
  let done = 0;
  let regions = 0;
  const report = () =>
    ctx.progress.update(
      'aws',
      `${done}/${plan.targets.length} accounts · ${regions} regions · ` +
        `${Object.values(run.requests).reduce((a, b) => a + b, 0)} requests · ${ctx.store.stats().files} items`,
    );
  report();
  // Requests and items move between account completions too.
  const ticker = setInterval(report, 500);
  ticker.unref();
  const people = ctx.config.people;
  const declared = new Set([...Object.keys(people?.links ?? {}), ...(people?.serviceAccounts ?? []).map((s) => s.account.toLowerCase())]);
  const limit = pLimit(config.concurrency ?? DEFAULT_ACCOUNT_CONCURRENCY);
  const accounts = await Promise.all(
    plan.targets.map((target) =>
      limit(async () => {
        const evidence = await collectAccount(run, base, caller.value, target, config.regions, homeRegion, ctx.needs, declared);
        done++;
        regions += evidence.regional.length;
        report();
        return evidence;
      }),
    ),
  ).finally(() => clearInterval(ticker));

  const evidence: AwsEvidence = { accounts, ...(plan.discovery ? { discovery: plan.discovery } : {}) };
  const failures = countFailures(evidence);
  const unreachable = accounts.filter((a) => !a.access.ok).map((a) => a.accountId);
  const status = unreachable.length === accounts.length && !(ctx.shard && accounts.length === 0) ? 'failed' : failures > 0 ? 'partial' : 'ok';
  const reason = [
    unreachable.length ? `${unreachable.length} of ${accounts.length} accounts could not be entered (${unreachable.join(', ')})` : '',
    failures && !unreachable.length ? `${failures} reads failed` : '',
    plan.discovery && !plan.discovery.ok ? `account discovery failed: ${plan.discovery.error.message}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  const iamUsers = iamUsersPopulation(evidence);
  return {
    evidence,
    ...(iamUsers ? { populations: [iamUsers] } : {}),
    outcome: outcome(status, reason || undefined, {
      caller: caller.value.arn,
      accounts: accounts.length,
      ...(plan.skipped.length ? { skippedAccounts: plan.skipped } : {}),
      ...(ctx.shard ? { plannedAccounts } : {}),
    }),
  };
}

async function collectAccount(
  run: AwsRunContext,
  base: AwsSession,
  caller: CallerIdentity,
  target: AccountTarget,
  configuredRegions: readonly string[] | undefined,
  homeRegion: string,
  needs: ReadonlySet<string>,
  declaredAccounts: ReadonlySet<string> = new Set(),
): Promise<AwsAccountEvidence> {
  const { access, session } = await enterAccount(run, base, caller, target, homeRegion);
  const evidence: AwsAccountEvidence = {
    accountId: target.accountId,
    ...(target.name ? { name: target.name } : {}),
    access,
    // An account that cannot be entered keeps its configured regions, so its regional checks name them.
    regions: access.ok
      ? failed({ kind: 'other', message: 'not resolved' })
      : configuredRegions?.length
        ? collected([...configuredRegions])
        : failed(access.error),
    iam: {},
    regional: [],
  };
  if (!access.ok || !session) return evidence;
  const wanted = (c: { provides: readonly string[] }) => c.provides.some((k) => needs.has(k));
  const regionCollectors = AWS_REGION_COLLECTORS.filter(wanted);
  evidence.regions = await resolveRegions(session, configuredRegions, homeRegion);
  const regions = evidence.regions.ok ? evidence.regions.value : [];
  evidence.regional = regions.map((region) => ({ region }));
  const scope = {
    session,
    accountId: target.accountId,
    regions,
    homeRegion: regions.includes(homeRegion) || !regions[0] ? homeRegion : regions[0],
    needs,
    declaredAccounts,
  };
  try {
    await Promise.all([
      ...AWS_ACCOUNT_COLLECTORS.filter(wanted).map((c: AwsAccountCollector) => c.collect(scope, evidence)),
      ...evidence.regional.flatMap((regional) => regionCollectors.map((c: AwsRegionCollector) => c.collect({ ...scope, region: regional.region }, regional))),
    ]);
  } finally {
    // Memory that does not grow with accounts: a finished account's clients go now, not at the run's end.
    session.release();
  }
  return evidence;
}

/** Failed reads anywhere in the evidence tree (for the source outcome). */
function countFailures(value: unknown): number {
  if (!value || typeof value !== 'object') return 0;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countFailures(v), 0);
  const v = value as Partial<Collected<unknown>> & Record<string, unknown>;
  if (v.ok === false && v.error) return 1;
  return Object.values(v).reduce((n: number, child) => n + countFailures(child), 0);
}
