// Synthetic run folders of any size for report tests and the benchmark: realistic findings of every
// status (with the SPEC's resource ids), shared evidence files, populations, exceptions (current and
// expired), manual evidence, an out-of-scope source, Unicode names and very long resource ids.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { controlsByCheck, loadCatalog } from '../../src/catalog/load.js';
import { ALL_CHECKS } from '../../src/checks/registry.js';
import { sourcesOf } from '../../src/checks/types.js';
import type { ExceptionConfig } from '../../src/config/schema.js';
import type { EvidenceRef, Finding, FindingStatus, SourceName, SourceOutcome } from '../../src/core/types.js';
import { writePopulations } from '../../src/pipeline/populations.js';
import { applyExceptions, controlResults, countControls, countFindings, exitCodeFor } from '../../src/pipeline/status.js';
import { runIdFor } from '../../src/pipeline/run.js';
import { EvidenceStore } from '../../src/run/evidence-store.js';
import { seededRandom } from '../../src/sandbox/http.js';
import type { RunJson, RunRecord } from '../../src/run/record.js';

export interface SyntheticOptions {
  /** Total findings (approximate floor: every scope unit gets at least one). */
  findings: number;
  /** Reference time of the run (its id derives from it). */
  now?: Date;
  seed?: number;
  /** Sources whose section is "missing from the config": their checks are out of scope. */
  outOfScope?: SourceName[];
  /** Share of judged resources that fail (the rest pass, error, n/a). */
  failRate?: number;
  /** Last chance to change findings (e.g. resolve or add gaps for month-over-month tests). */
  adjust?: (findings: Finding[]) => Finding[];
}

export const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];
export const REGIONS = ['us-east-1', 'eu-west-1'];
export const UNICODE_USERS = ['Łukasz Żółć', '山田太郎', 'Zoë Åkesson', 'Ðorđe Đukić'];
export const LONG_BUCKET = 'kestrel-data-production-analytics-raw-events-archive-eu-west-1x';
export const EXPIRED_EXCEPTION_RESOURCE = 'arn:aws:iam::111111111111:user/łukasz.żółć';
export const CURRENT_EXCEPTION_RESOURCE = 'arn:aws:iam::222222222222:user/break-glass';

const SCOPE_CHECKS = new Set([
  'aws.iam.root-mfa',
  'aws.iam.root-access-keys',
  'aws.iam.password-policy',
  'aws.cloudtrail.multi-region',
  'aws.config.recorder',
  'aws.guardduty.enabled',
  'aws.ebs.default-encryption',
  'github.org.2fa-required',
  'github.org.owner-count',
  'idp.mfa.enforced',
  'idp.admins.count',
]);

function hex(n: number, len: number): string {
  let s = '';
  let x = n * 2654435761;
  while (s.length < len) {
    x = (x * 1103515245 + 12345) >>> 0;
    s += x.toString(16).padStart(8, '0');
  }
  return s.slice(0, len);
}

/** Resource `i` of a check, with the SPEC's resource id format. */
function resourceFor(checkId: string, i: number): Finding['resource'] {
  const account = ACCOUNTS[i % ACCOUNTS.length]!;
  const region = REGIONS[Math.floor(i / ACCOUNTS.length) % REGIONS.length]!;
  const unicode = UNICODE_USERS[i % UNICODE_USERS.length]!;
  const userSlug = i < UNICODE_USERS.length ? ['łukasz.żółć', 'yamada.taro', 'zoë.åkesson', 'đorđe.đukić'][i]! : `user-${String(i).padStart(5, '0')}`;
  const userName = i < UNICODE_USERS.length ? unicode : undefined;
  const repo = i === 1 ? 'kestrel/data-platform-ingestion-pipeline-with-a-deliberately-long-repository-name' : `kestrel/service-${String(i).padStart(5, '0')}`;
  switch (checkId) {
    case 'aws.iam.root-mfa':
    case 'aws.iam.root-access-keys':
      return { type: 'aws.iam.root', id: `arn:aws:iam::${account}:root`, account };
    case 'aws.iam.user-console-mfa':
    case 'aws.iam.access-key-rotation':
    case 'aws.iam.unused-credentials':
      return { type: 'aws.iam.user', id: `arn:aws:iam::${account}:user/${userSlug}`, ...(userName ? { name: userName } : {}), account };
    case 'aws.iam.password-policy':
    case 'aws.cloudtrail.multi-region':
      return { type: 'aws.account', id: account, account };
    case 'aws.cloudtrail.log-validation':
    case 'aws.cloudtrail.kms-encrypted':
      return { type: 'aws.cloudtrail.trail', id: `arn:aws:cloudtrail:${region}:${account}:trail/trail-${i}`, account, region };
    case 'aws.config.recorder':
    case 'aws.guardduty.enabled':
    case 'aws.ebs.default-encryption':
      return { type: 'aws.region', id: `${account}/${region}`, account, region };
    case 'aws.s3.encryption':
    case 'aws.s3.tls-only':
    case 'aws.s3.public-access-block': {
      const name = i === 0 ? LONG_BUCKET : `kestrel-bucket-${String(i).padStart(5, '0')}`;
      return { type: 'aws.s3.bucket', id: `arn:aws:s3:::${name}`, name, account };
    }
    case 'aws.ebs.volume-encryption':
      return { type: 'aws.ec2.volume', id: `arn:aws:ec2:${region}:${account}:volume/vol-0${hex(i, 16)}`, account, region };
    case 'aws.rds.storage-encrypted':
    case 'aws.rds.backups':
    case 'aws.rds.multi-az':
      return { type: 'aws.rds.db', id: `arn:aws:rds:${region}:${account}:db:orders-${i}`, account, region };
    case 'aws.kms.key-rotation':
      return {
        type: 'aws.kms.key',
        id: `arn:aws:kms:${region}:${account}:key/${hex(i, 8)}-${hex(i + 1, 4)}-${hex(i + 2, 4)}-${hex(i + 3, 4)}-${hex(i + 4, 12)}`,
        account,
        region,
      };
    case 'aws.elb.tls-listeners':
      return {
        type: 'aws.elb.load-balancer',
        id: `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/app/k8s-ingress-public-internet-facing-${i}/${hex(i, 16)}`,
        account,
        region,
      };
    case 'github.org.2fa-required':
    case 'github.org.owner-count':
      return { type: 'github.org', id: 'kestrel' };
    case 'github.org.members-2fa':
      return { type: 'github.user', id: i === 1 ? 'yamada-taro' : `dev-${i}`, ...(userName ? { name: userName } : {}) };
    case 'github.repo.branch-protection':
    case 'github.repo.status-checks':
    case 'github.repo.no-admin-bypass':
    case 'github.repo.secret-scanning':
    case 'github.repo.dependabot-alerts':
      return { type: 'github.repo', id: repo };
    case 'github.changes.pr-approved':
      return { type: 'github.pull-request', id: `kestrel/service-${String(i % 50).padStart(5, '0')}#${1000 + i}` };
    case 'github.changes.no-direct-push':
      return { type: 'github.commit', id: `kestrel/service-${String(i % 50).padStart(5, '0')}@${hex(i, 40)}` };
    case 'idp.mfa.enforced':
    case 'idp.admins.count':
      return { type: 'idp.tenant', id: 'kestrel.okta.com' };
    default:
      return {
        type: 'idp.user',
        id: i === 0 ? 'łukasz.żółć@kestrel.example' : i === 1 ? 'yamada.taro@kestrel.example' : `person${i}@kestrel.example`,
        ...(userName ? { name: userName } : {}),
      };
  }
}

const MESSAGES: Record<Exclude<FindingStatus, 'accepted'>, (id: string) => string> = {
  pass: (id) => `${id} meets the requirement.`,
  fail: (id) => `${id} does not meet the requirement: the setting is off.`,
  error: (id) => `Could not verify ${id}: AccessDenied (the role lacks the read permission).`,
  not_applicable: (id) => `Nothing to judge for ${id}.`,
};

export interface SyntheticRun extends RunRecord {
  exceptions: ExceptionConfig[];
}

/** Writes run.json, findings.json, evidence/ and populations/ (no reports, no manifest) into `dir`. */
export async function writeSyntheticRun(outDir: string, options: SyntheticOptions): Promise<SyntheticRun> {
  const now = options.now ?? new Date('2026-10-01T06:00:00Z');
  const runId = runIdFor(now);
  const dir = path.join(outDir, runId);
  mkdirSync(dir, { recursive: true });
  const random = seededRandom(options.seed ?? 7);
  const failRate = options.failRate ?? 0.1;
  const outOfScope = new Set(options.outOfScope ?? []);
  const catalog = loadCatalog();
  const controlsOf = controlsByCheck(catalog);
  const inScope = ALL_CHECKS.filter((c) => !sourcesOf(c).some((s) => outOfScope.has(s)));
  const store = new EvidenceStore(dir, () => now);

  // Scope checks get one finding per scope unit; the rest share what is left.
  const unitsOf = (id: string) =>
    id.startsWith('aws.') ? (/(config|guardduty|ebs\.default)/.test(id) ? ACCOUNTS.length * REGIONS.length : ACCOUNTS.length) : 1;
  const population = inScope.filter((c) => !SCOPE_CHECKS.has(c.id));
  const scopeTotal = inScope.filter((c) => SCOPE_CHECKS.has(c.id)).reduce((n, c) => n + unitsOf(c.id), 0);
  const perCheck = Math.max(1, Math.floor((options.findings - scopeTotal) / Math.max(1, population.length)));
  let extra = Math.max(0, options.findings - scopeTotal - perCheck * population.length);

  let findings: Finding[] = [];
  for (const check of inScope) {
    let count = SCOPE_CHECKS.has(check.id) ? unitsOf(check.id) : perCheck + (extra > 0 ? 1 : 0);
    if (!SCOPE_CHECKS.has(check.id) && extra > 0) extra--;
    let evidence: EvidenceRef[] = [];
    for (let i = 0; i < count; i++) {
      const resource = resourceFor(check.id, i);
      // One evidence file serves a batch of resources, as one list call serves many items.
      if (i % 25 === 0) {
        const [service, operation] = check.id.startsWith('aws.')
          ? [check.id.split('.')[1]!, `${check.id.split('.')[1]}:List${check.id.split('.')[2]!.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}`]
          : check.id.startsWith('github.')
            ? ['github', 'GET /orgs/{org}/repos']
            : ['okta', 'GET /api/v1/users'];
        evidence = [
          store.record({
            source: sourcesOf(check)[0]!,
            service,
            operation,
            parameters: { MaxItems: 25, Marker: i === 0 ? undefined : `page-${i / 25}` },
            ...(resource.account ? { account: resource.account } : {}),
            ...(resource.region ? { region: resource.region } : {}),
            requestId: `req-${check.id}-${i}`,
            response: { items: Array.from({ length: Math.min(25, count - i) }, (_v, k) => resourceFor(check.id, i + k).id) },
          }),
        ];
      }
      const r = random();
      const status: FindingStatus =
        i === 0 && count > 1 ? 'fail' : r < failRate ? 'fail' : r < failRate + 0.04 ? 'error' : r < failRate + 0.07 ? 'not_applicable' : 'pass';
      const base = resource.name ?? resource.id;
      findings.push({
        checkId: check.id,
        controlIds: controlsOf.get(check.id) ?? [],
        status,
        severity: check.severity,
        resource,
        message: MESSAGES[status](base),
        evidence: status === 'error' ? [] : evidence,
        ...(status === 'fail' ? { details: { observed: false, lastUsedDays: 120 + i } } : {}),
        ...(status === 'error'
          ? { missing: check.id.startsWith('aws.') ? `${check.id.split('.')[1]}:Get${check.id.split('.')[2]!.replace(/-/g, '')}` : 'read:org' }
          : {}),
      });
    }
    count = 0;
  }

  // The deliberate exception cases: a current one and an expired one, on failing IAM users.
  for (const id of [EXPIRED_EXCEPTION_RESOURCE, CURRENT_EXCEPTION_RESOURCE]) {
    if (outOfScope.has('aws')) break;
    const existing = findings.find((f) => f.checkId === 'aws.iam.user-console-mfa' && f.resource.id === id);
    const finding: Finding = existing ?? {
      checkId: 'aws.iam.user-console-mfa',
      controlIds: controlsOf.get('aws.iam.user-console-mfa') ?? [],
      status: 'fail',
      severity: 'high',
      resource: { type: 'aws.iam.user', id, account: id.split(':')[4]!, ...(id === EXPIRED_EXCEPTION_RESOURCE ? { name: 'Łukasz Żółć' } : {}) },
      message: '',
      evidence: findings.find((f) => f.checkId === 'aws.iam.user-console-mfa')?.evidence ?? [],
    };
    finding.status = 'fail';
    finding.message = `${finding.resource.name ?? id} has a console password and no MFA device.`;
    if (!existing) findings.push(finding);
  }
  if (options.adjust) findings = options.adjust(findings);

  const today = now.toISOString().slice(0, 10);
  const exceptions: ExceptionConfig[] = outOfScope.has('aws')
    ? []
    : [
        {
          check: 'aws.iam.user-console-mfa',
          resource: CURRENT_EXCEPTION_RESOURCE,
          reason: 'Break-glass user; password in the office safe, used only when SSO is down.',
          approvedBy: 'CTO (Zoë Åkesson)',
          expires: '2027-03-31',
        },
        {
          check: 'aws.iam.user-console-mfa',
          resource: EXPIRED_EXCEPTION_RESOURCE,
          reason: 'Contractor offboarding pending — Łukasz Żółć',
          approvedBy: 'CISO',
          expires: '2026-06-30',
        },
      ];
  const exceptionResults = applyExceptions(findings, exceptions, today);
  const ran = new Set(inScope.map((c) => c.id));
  const controls = controlResults(catalog, findings, ran);
  const counts = countFindings(findings);

  const populations = writePopulations(
    dir,
    outOfScope.has('aws')
      ? []
      : [
          {
            name: 'iam-users.csv',
            title: 'IAM users (all accounts)',
            columns: ['account', 'user', 'arn', 'password_enabled', 'mfa_active', 'created'],
            rows: Array.from({ length: Math.max(4, Math.min(perCheck, 2000)) }, (_v, i) => {
              const r = resourceFor('aws.iam.user-console-mfa', i);
              return [r.account!, r.name ?? r.id.split('/').pop()!, r.id, i % 3 !== 0, i % 5 !== 0, '2024-01-15'];
            }),
          },
          {
            name: 'merged-pull-requests.csv',
            title: 'Merged pull requests in the audit period',
            columns: ['repository', 'number', 'title', 'author', 'merged_at', 'approvers'],
            rows: Array.from({ length: Math.max(3, Math.min(perCheck, 2000)) }, (_v, i) => [
              `kestrel/service-${String(i % 50).padStart(5, '0')}`,
              1000 + i,
              i === 1 ? '山田: ログ出力を修正 (fix logging)' : `Change ${i}: update dependencies and tidy configuration`,
              i === 1 ? 'yamada-taro' : `dev-${i}`,
              '2026-08-14T10:00:00Z',
              i % 7 === 0 ? '' : 'Łukasz Żółć',
            ]),
          },
        ],
  );

  const sources: RunJson['sources'] = {};
  for (const source of ['aws', 'github', 'idp'] as const) {
    const outcome: SourceOutcome = outOfScope.has(source)
      ? { source, status: 'out_of_scope', reason: `no "${source}" section in the config`, missingPermissions: [], requests: {} }
      : {
          source,
          status: counts.error > 0 ? 'partial' : 'ok',
          missingPermissions: source === 'aws' ? ['iam:GetCredentialReport'] : [],
          requests: { [source]: 42 },
        };
    sources[source] = outcome;
  }
  const run: RunJson = {
    runId,
    tool: { name: 'soc2-evidence', version: '0.1.0' },
    organization: 'Kestrel Data, Inc. — Łódź office',
    period: { start: '2026-07-01', end: '2026-09-30' },
    startedAt: now.toISOString(),
    finishedAt: new Date(now.getTime() + 93_000).toISOString(),
    config: { file: 'soc2-evidence.yaml', sha256: hex(42, 64) },
    scope: {
      ...(outOfScope.has('aws')
        ? {}
        : { aws: { accounts: ACCOUNTS.map((id, i) => ({ id, name: ['management', 'prod — Łódź', 'staging'][i]! })), regions: REGIONS, organization: true } }),
      ...(outOfScope.has('github') ? {} : { github: { org: 'kestrel', apiUrl: 'https://api.github.com' } }),
      ...(outOfScope.has('idp') ? {} : { idp: { provider: 'okta', host: 'kestrel.okta.com' } }),
      checks: inScope.map((c) => c.id),
      checksOutOfScope: ALL_CHECKS.filter((c) => sourcesOf(c).some((s) => outOfScope.has(s))).map((c) => ({
        checkId: c.id,
        reason: `no "${sourcesOf(c).find((s) => outOfScope.has(s))}" section in the config`,
      })),
    },
    sources,
    controls,
    exceptions: exceptionResults,
    manualEvidence: [
      { path: 'policies/information-security-policy.pdf', sha256: hex(1, 64), bytes: 184_223 },
      { path: 'training/2026-Q3 security awareness — completions (Łódź).xlsx', sha256: hex(2, 64), bytes: 22_410 },
      { path: 'hr/background-checks/山田太郎.pdf', sha256: hex(3, 64), bytes: 90_112 },
    ],
    populations,
    counts: { findings: counts, controls: countControls(controls), evidenceFiles: store.stats().files },
    exitCode: exitCodeFor(counts),
  };
  writeFileSync(path.join(dir, 'run.json'), `${JSON.stringify(run, null, 2)}\n`);
  writeFileSync(path.join(dir, 'findings.json'), `${JSON.stringify({ findings }, null, 2)}\n`);
  await store.flush(); // throws a write error, as the pipeline does before sealing a run
  return { dir, run, findings, exceptions };
}
