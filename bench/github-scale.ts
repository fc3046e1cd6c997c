// Scale benchmark: an organization with 2,000 repositories and 5,000 pull requests merged in the period,
// served by the sandbox over HTTP, collected by the real GitHub collector (Octokit + GraphQL).
// Reports requests by operation, protection requests per repository, GraphQL points, time.
//   npx tsx bench/github-scale.ts [repositories] [pullRequests]
import { ALL_CHECKS } from '../src/checks/registry.js';
import { collectGithub } from '../src/collectors/github/index.js';
import type { CollectContext } from '../src/collectors/types.js';
import { silentProgress } from '../src/cli/progress.js';
import { GITHUB_NEEDS } from '../src/evidence/github.js';
import { EvidenceStore } from '../src/run/evidence-store.js';
import { GENERATED_TOKEN, generatedGithub } from '../src/sandbox/github/generate.js';
import { startSandbox } from '../src/sandbox/server.js';

const repositories = Number(process.argv[2] ?? 2000);
const pullRequests = Number(process.argv[3] ?? 5000);
const period = { start: '2026-07-01', end: '2026-09-30' };

const github = generatedGithub({ repositories, pullRequests, members: 400, period });
const sandbox = await startSandbox({ name: 'Scale Co', github });
const store = new EvidenceStore(null);
const ctx: CollectContext = {
  config: { organization: 'Scale Co', period, github: { org: github.org, apiUrl: `${sandbox.url}/github` }, checks: {}, exceptions: [] },
  baseDir: process.cwd(),
  env: { GITHUB_TOKEN: GENERATED_TOKEN },
  now: new Date('2026-11-26T12:00:00Z'),
  period,
  store,
  progress: silentProgress,
  needs: new Set(Object.values(GITHUB_NEEDS)),
};

const t0 = performance.now();
const result = await collectGithub(ctx);
const seconds = (performance.now() - t0) / 1000;
await sandbox.close();

const out = result.outcome;
const requests = Object.entries(out.requests).sort((a, b) => b[1] - a[1]);
const rest = requests.filter(([k]) => !k.startsWith('graphql:')).reduce((a, [, n]) => a + n, 0);
const gql = requests.filter(([k]) => k.startsWith('graphql:')).reduce((a, [, n]) => a + n, 0);
const protectionRequests =
  (out.requests['graphql:RepositoryPage'] ?? 0) +
  (out.requests['GET /repos/{owner}/{repo}/branches/{branch}/protection'] ?? 0) +
  (out.requests['GET /repos/{owner}/{repo}/rules/branches/{branch}'] ?? 0);
const ev = result.evidence!;
const repos = ev.repositories?.ok ? ev.repositories.value : [];
const prsInPeriod = result.populations?.find((p) => p.name === 'pull-requests.csv')?.rows.length ?? 0;
const findings = ALL_CHECKS.filter((c) => c.source === 'github').flatMap((c) =>
  c.evaluate({ github: ev }, { now: ctx.now, period, params: c.params ? c.params.parse({}) : {} }),
);
const byStatus = findings.reduce<Record<string, number>>((acc, f) => {
  acc[f.status] = (acc[f.status] ?? 0) + 1;
  return acc;
}, {});

console.log(
  `GitHub scale benchmark: ${repos.length} repositories, ${prsInPeriod} PRs merged in ` +
    `the period (${pullRequests} generated in it), ${github.members.length} members`,
);
console.log(`  collection status     ${out.status}${out.reason ? ` (${out.reason})` : ''}`);
console.log(`  wall time             ${seconds.toFixed(1)} s (sandbox and collector on one machine)`);
console.log(`  REST requests         ${rest}`);
console.log(`  GraphQL requests      ${gql}`);
console.log(`  GraphQL points        ${out.notes?.graphqlPoints} (rateLimit.cost summed)`);
console.log(
  `  protection requests   ${protectionRequests} for ${repos.length} repositories = ` +
    `1 per ${(repos.length / Math.max(protectionRequests, 1)).toFixed(1)} repositories`,
);
console.log(
  `  hourly budget used    REST ${((rest / 5000) * 100).toFixed(1)}% of 5,000; GraphQL ` +
    `${(((out.notes?.graphqlPoints as number) / 5000) * 100).toFixed(1)}% of 5,000 points`,
);
console.log(`  evidence files        ${store.stats().files} (${(store.stats().bytes / 1e6).toFixed(1)} MB)`);
console.log(`  findings              ${findings.length} ${JSON.stringify(byStatus)}`);
console.log('  requests by operation');
for (const [k, n] of requests) console.log(`    ${String(n).padStart(6)}  ${k}`);
const ok = protectionRequests <= Math.ceil(repos.length / 40) && rest < 5000 && (out.notes?.graphqlPoints as number) < 5000 && out.status === 'ok';
console.log(ok ? 'PASS: within 1 protection request per 40 repositories and one token’s hourly budget' : 'FAIL: over budget');
process.exitCode = ok ? 0 : 1;
