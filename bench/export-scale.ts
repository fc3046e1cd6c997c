// Benchmark: `export` of a year of the scale company — 12 monthly runs, each with 2,000 repositories,
// the merged pull requests of the year so far (5,000 by the last run), 5,000 IdP users (a few leave
// every month), evidence files shared by pages of 50 resources, populations and a manifest.
//   npx tsx bench/export-scale.ts            (KEEP=1 keeps the runs and the bundle)
// Then exports them in a fresh process (the command line, compiled when dist/ is built, else via tsx)
// and prints wall time, peak memory (max RSS of that process), overview pages and bundle size.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { controlsByCheck, loadCatalog } from '../src/catalog/load.js';
import { ALL_CHECKS } from '../src/checks/registry.js';
import type { Finding, FindingStatus } from '../src/core/types.js';
import { toCsv } from '../src/core/csv.js';
import { runIdFor } from '../src/pipeline/run.js';
import { controlResults, countControls, countFindings, exitCodeFor } from '../src/pipeline/status.js';
import { EvidenceStore } from '../src/run/evidence-store.js';
import { buildManifest, MANIFEST_FILE } from '../src/run/manifest.js';
import type { RunJson } from '../src/run/record.js';
import { seededRandom } from '../src/sandbox/http.js';

const REPOS = 2000;
const PULLS = 5000;
const USERS = 5000;
const MONTHS = 12;
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const catalog = loadCatalog();
const controlsOf = controlsByCheck(catalog);
const severity = new Map(ALL_CHECKS.map((c) => [c.id, c.severity]));

function finding(checkId: string, resource: Finding['resource'], status: FindingStatus, evidence: Finding['evidence']): Finding {
  return {
    checkId,
    controlIds: controlsOf.get(checkId) ?? [],
    status,
    severity: severity.get(checkId)!,
    resource,
    message: `${resource.id}: ${status === 'fail' ? 'does not meet' : 'meets'} ${checkId}.`,
    evidence,
  };
}

async function writeMonth(outDir: string, month: number): Promise<void> {
  const now = new Date(Date.UTC(2026, month, 1, 6));
  const runId = runIdFor(now);
  const dir = path.join(outDir, runId);
  mkdirSync(path.join(dir, 'populations'), { recursive: true });
  const store = new EvidenceStore(dir, () => now);
  const random = seededRandom(1000 + month);
  const findings: Finding[] = [];
  const page = (operation: string, service: string, source: 'github' | 'idp', i: number, ids: string[]) =>
    store.record({
      source,
      service,
      operation,
      parameters: { first: 50, after: i ? `cursor-${i}` : null },
      requestId: `${runId}-${operation}-${i}`,
      response: { nodes: ids },
    });
  // Repositories: 5 settings checks; a repository's gap is fixed with probability 1/3 each month.
  const repoIds = Array.from({ length: REPOS }, (_v, i) => `scale/service-${String(i).padStart(4, '0')}`);
  for (let i = 0; i < REPOS; i += 50) {
    const ref = [page('POST /graphql repositories', 'github', 'github', i, repoIds.slice(i, i + 50))];
    for (const id of repoIds.slice(i, i + 50)) {
      const n = Number(id.slice(-4));
      for (const check of [
        'github.repo.branch-protection',
        'github.repo.status-checks',
        'github.repo.no-admin-bypass',
        'github.repo.secret-scanning',
        'github.repo.dependabot-alerts',
      ]) {
        const failing = (n * 7 + check.length) % 10 === 0 && (n + month) % 3 !== 0;
        findings.push(finding(check, { type: 'github.repo', id }, failing ? 'fail' : 'pass', ref));
      }
    }
  }
  // Merged PRs so far this year: 5,000 by the twelfth run.
  const merged = Math.round((PULLS * (month + 1)) / MONTHS);
  const prRows: Array<Array<string | number>> = [];
  for (let i = 0; i < merged; i += 50) {
    const ids = Array.from({ length: Math.min(50, merged - i) }, (_v, k) => `scale/service-${String((i + k) % REPOS).padStart(4, '0')}#${1000 + i + k}`);
    const ref = [page('POST /graphql pullRequests', 'github', 'github', i, ids)];
    ids.forEach((id, k) => {
      const n = i + k;
      const mergedAt = new Date(Date.UTC(2026, 0, 1) + (n / PULLS) * 330 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
      findings.push(finding('github.changes.pr-approved', { type: 'github.pull-request', id }, n % 23 === 0 ? 'fail' : 'pass', ref));
      prRows.push([
        id,
        id.split('#')[0]!,
        1000 + n,
        `Change ${n}`,
        `dev-${n % 300}`,
        `dev-${(n + 1) % 300}`,
        mergedAt,
        'main',
        `${n.toString(16).padStart(40, '0')}`,
        n % 23 === 0 ? '' : `dev-${(n + 2) % 300} approved ${mergedAt}`,
        `https://github.com/${id.replace('#', '/pull/')}`,
      ]);
    });
  }
  // Users: 5,000, of whom 15 more are suspended each month and 5 deleted.
  const userRows: Array<Array<string | number>> = [];
  const users = Array.from({ length: USERS }, (_v, i) => i).filter((i) => !(i % 200 < 5 && Math.floor(i / 200) < month * 2));
  for (let i = 0; i < users.length; i += 200) {
    const slice = users.slice(i, i + 200);
    const ref = [
      page(
        'GET /api/v1/users',
        'okta',
        'idp',
        i,
        slice.map((u) => `person${u}@scale.example`),
      ),
    ];
    for (const u of slice) {
      const login = `person${u}@scale.example`;
      const suspended = u % 200 >= 5 && u % 200 < 20 && Math.floor(u / 200) < month;
      userRows.push([
        login,
        login,
        `Person ${u}`,
        suspended ? 'SUSPENDED' : 'ACTIVE',
        '2024-01-15T09:00:00.000Z',
        '2026-01-01T09:00:00.000Z',
        suspended ? new Date(now.getTime() - 5 * 86_400_000).toISOString() : '2024-01-15T09:00:00.000Z',
        'push',
      ]);
      if (suspended) continue;
      findings.push(finding('idp.mfa.enrolled', { type: 'idp.user', id: login }, random() < 0.03 ? 'fail' : 'pass', ref));
      findings.push(finding('idp.users.inactive', { type: 'idp.user', id: login }, random() < 0.02 ? 'fail' : 'pass', ref));
    }
  }
  await store.flush();
  const checksRan = new Set(findings.map((f) => f.checkId));
  const controls = controlResults(catalog, findings, checksRan);
  const counts = countFindings(findings);
  const populations = [
    { name: 'repositories', file: 'populations/repositories.csv', title: 'Repositories', rows: REPOS },
    { name: 'pull-requests', file: 'populations/pull-requests.csv', title: 'Merged pull requests', rows: prRows.length },
    { name: 'users', file: 'populations/users.csv', title: 'IdP users', rows: userRows.length },
  ];
  writeFileSync(
    path.join(dir, 'populations/repositories.csv'),
    toCsv(
      ['repository', 'visibility', 'archived', 'default_branch', 'merged_prs_in_period', 'commits_in_period'],
      repoIds.map((id) => [id, 'private', false, 'main', 3, 4]),
    ),
  );
  writeFileSync(
    path.join(dir, 'populations/pull-requests.csv'),
    toCsv(['id', 'repository', 'number', 'title', 'author', 'merged_by', 'merged_at', 'base', 'merge_commit', 'reviews', 'url'], prRows),
  );
  writeFileSync(
    path.join(dir, 'populations/users.csv'),
    toCsv(['login', 'email', 'name', 'status', 'created', 'last_sign_in', 'status_changed', 'active_factors'], userRows),
  );
  const run: RunJson = {
    runId,
    tool: { name: 'soc2-evidence', version: '0.1.0' },
    organization: 'Scale Co',
    period: { start: '2026-01-01', end: '2026-12-31' },
    startedAt: now.toISOString(),
    finishedAt: new Date(now.getTime() + 600_000).toISOString(),
    config: { file: 'soc2-evidence.yaml', sha256: '0'.repeat(64) },
    scope: {
      github: { org: 'scale', apiUrl: 'https://api.github.com' },
      idp: { provider: 'okta', host: 'scale.okta.com' },
      checks: [...checksRan],
      checksOutOfScope: [],
    },
    sources: {
      github: { source: 'github', status: 'ok', missingPermissions: [], requests: {} },
      idp: { source: 'idp', status: 'ok', missingPermissions: [], requests: {} },
      aws: { source: 'aws', status: 'out_of_scope', reason: 'no "aws" section in the config', missingPermissions: [], requests: {} },
    },
    controls,
    exceptions: [
      {
        check: 'github.repo.secret-scanning',
        resource: 'scale/service-0000',
        reason: 'Archived next quarter',
        approvedBy: 'CTO',
        expires: '2026-06-30',
        expired: month >= 6,
        matched: 1,
      },
    ],
    manualEvidence: [],
    populations,
    counts: { findings: counts, controls: countControls(controls), evidenceFiles: store.stats().files },
    exitCode: exitCodeFor(counts),
  };
  writeFileSync(path.join(dir, 'run.json'), `${JSON.stringify(run, null, 2)}\n`);
  writeFileSync(path.join(dir, 'findings.json'), `${JSON.stringify({ findings }, null, 2)}\n`);
  writeFileSync(path.join(dir, MANIFEST_FILE), `${JSON.stringify(buildManifest(dir, runId), null, 2)}\n`);
}

const work = mkdtempSync(path.join(tmpdir(), 'soc2-export-bench-'));
// RUNS=DIR reuses runs written by an earlier KEEP=1 run.
const runsDir = process.env.RUNS ?? path.join(work, 'runs');
try {
  const t0 = performance.now();
  if (!process.env.RUNS) for (let m = 0; m < MONTHS; m++) await writeMonth(runsDir, m);
  console.log(`${process.env.RUNS ? 'reused' : 'wrote'} ${MONTHS} runs in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (process.env.ONLY_WRITE) process.exit(0);
  const compiled = path.join(root, 'dist/cli/bin.js');
  const useDist = existsSync(path.join(root, 'dist/export/bundle.js')) && process.env.BENCH_TSX !== '1';
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const args = [
    ...(useDist ? [compiled] : ['--import', tsx, path.join(root, 'src/cli/bin.ts')]),
    'export',
    '--runs',
    runsDir,
    '--period',
    '2026-01-01..2026-12-31',
    '--sample',
    '--seed',
    '1',
    '--json',
    '--out',
    path.join(work, 'year.zip'),
  ];
  const started = performance.now();
  // GNU time reports the child's peak RSS on stderr.
  const child = spawnSync('/usr/bin/time', ['-f', 'MAXRSS_KB=%M CPU_S=%U+%S', process.execPath, ...args], {
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  if (child.status !== 0) throw new Error(`export failed (${child.status}): ${child.stderr}`);
  const seconds = (performance.now() - started) / 1000;
  const maxRssMb = Number(/MAXRSS_KB=(\d+)/.exec(child.stderr)?.[1] ?? 0) / 1024;
  const summary = JSON.parse(child.stdout) as {
    pages: number;
    bytes: number;
    entries: number;
    gaps: { episodes: number; stillOpen: number };
    populations: Array<{ name: string; rows: number; sample?: number }>;
  };
  const cpu = /CPU_S=([\d.]+)\+([\d.]+)/.exec(child.stderr);
  console.log(
    `peak memory (max RSS of the export process): ${maxRssMb.toFixed(0)} MB; CPU time ${cpu ? (Number(cpu[1]) + Number(cpu[2])).toFixed(1) : '?'} s (user+sys)`,
  );
  console.log(`export (${useDist ? 'compiled dist/cli/bin.js' : 'tsx'}): ${seconds.toFixed(1)} s wall`);
  console.log(
    'bundle: ' +
      `${(statSync(path.join(work, 'year.zip')).size / 1024 / 1024).toFixed(1)} MB, ${summary.entries} entries; overview.pdf ${summary.pages} pages; ` +
      `${summary.gaps.episodes} gap episodes (${summary.gaps.stillOpen} still open)`,
  );
  console.log(`populations: ${summary.populations.map((p) => `${p.name} ${p.rows}${p.sample ? ` (sample ${p.sample})` : ''}`).join(', ')}`);
  if (process.env.KEEP) console.log(`kept: ${work}`);
} finally {
  if (!process.env.KEEP && !process.env.ONLY_WRITE) rmSync(work, { recursive: true, force: true });
}
