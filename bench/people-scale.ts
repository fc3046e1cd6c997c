// People-linking benchmark: 400 GitHub members (SAML-linked through the org's external identities) and
// 5,000 Okta users (some suspended or deprovisioned), served by the sandbox over HTTP and run through the
// real pipeline with the two access.github.* checks. Reports GraphQL requests per 100 identities, REST
// calls (none may be per member), Okta requests, findings and time.
//   npx tsx bench/people-scale.ts [members] [idpUsers]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCatalog } from '../src/catalog/load.js';
import { silentProgress } from '../src/cli/progress.js';
import type { Config } from '../src/config/schema.js';
import { runCollection } from '../src/pipeline/run.js';
import { demoOktaPolicies, DEMO_OKTA_TOKEN, EVERYONE_GROUP } from '../src/sandbox/demo/idp.js';
import { GENERATED_TOKEN, generatedGithub } from '../src/sandbox/github/generate.js';
import type { SandboxOktaUser } from '../src/sandbox/idp/model.js';
import { startSandbox } from '../src/sandbox/server.js';

const MEMBERS = Number(process.argv[2] ?? 400);
const USERS = Number(process.argv[3] ?? 5000);
const period = { start: '2026-07-01', end: '2026-09-30' };
const now = new Date('2026-11-26T12:00:00Z');

const github = generatedGithub({ repositories: 60, pullRequests: 0, members: MEMBERS, period });
// Every member but one in forty has a SAML identity; one in twenty-five identities belongs to someone who left.
// Ten identities are invitations not yet accepted (no GitHub account): 400 identities in all.
github.samlLinks = {
  at: 'organization',
  identities: [
    ...github.members.filter((_m, i) => i % 40 !== 7).map((m, i) => ({ login: m.login, nameId: `person${i}@scale.example` })),
    ...Array.from({ length: 10 }, (_v, i) => ({ login: null, nameId: `invitee${i}@scale.example` })),
  ],
};
github.outsideCollaborators = Array.from({ length: 12 }, (_v, i) => ({
  login: `vendor-${i}`,
  id: 700_000 + i,
  repositories: { [`svc-${String(i).padStart(4, '0')}`]: i % 3 ? 'READ' : 'WRITE' },
}));
const users: SandboxOktaUser[] = Array.from({ length: USERS }, (_v, i) => ({
  id: `00u${String(i).padStart(17, '0')}`,
  login: `person${i}@scale.example`,
  firstName: `First${i}`,
  lastName: `Last${i}`,
  status: i % 25 === 3 ? 'DEPROVISIONED' : i % 31 === 4 ? 'SUSPENDED' : 'ACTIVE',
  created: '2024-01-01T00:00:00.000Z',
  statusChanged: '2026-08-01T00:00:00.000Z',
  lastLogin: '2026-11-20T00:00:00.000Z',
  factors: [],
  roles: [],
}));
const sandbox = await startSandbox({
  name: 'Scale Co',
  github,
  idp: { okta: { apiToken: DEMO_OKTA_TOKEN, users, groups: [{ id: EVERYONE_GROUP, name: 'Everyone', type: 'BUILT_IN' }], policies: demoOktaPolicies() } },
});
const outDir = mkdtempSync(path.join(tmpdir(), 'people-bench-'));
const config: Config = {
  organization: 'Scale Co',
  period,
  github: { org: github.org, apiUrl: `${sandbox.url}/github` },
  idp: { provider: 'okta', orgUrl: `${sandbox.url}/okta` },
  people: { links: {}, serviceAccounts: [] },
  checks: {},
  exceptions: [],
};
const t0 = performance.now();
const result = await runCollection({
  loaded: { config, file: null, baseDir: outDir, digest: 'bench' },
  catalog: loadCatalog(),
  only: ['access.github.unlinked-members', 'access.github.deprovisioned'],
  outDir,
  env: { GITHUB_TOKEN: GENERATED_TOKEN, OKTA_API_TOKEN: DEMO_OKTA_TOKEN },
  progress: silentProgress,
  now,
});
const seconds = (performance.now() - t0) / 1000;
await sandbox.close();
rmSync(outDir, { recursive: true, force: true });

const gh = result.run.sources.github!;
const idp = result.run.sources.idp!;
const rest = Object.entries(gh.requests).filter(([k]) => !k.startsWith('graphql:'));
const identityRequests = gh.requests['graphql:OrgSamlIdentities'] ?? 0;
const identities = github.samlLinks.identities.length;
const perHundred = identityRequests / (identities / 100);
const perMember = rest.filter(([k]) => /\{username\}|\/users\/|memberships/.test(k));
const byStatus = result.findings.reduce<Record<string, number>>((acc, f) => {
  const key = `${f.checkId.replace('access.github.', '')} ${f.status}`;
  acc[key] = (acc[key] ?? 0) + 1;
  return acc;
}, {});

console.log(
  `People benchmark: ${MEMBERS} GitHub members + ${github.outsideCollaborators.length} ` +
    `outside collaborators, ${identities} SAML identities, ${USERS} Okta users`,
);
console.log(`  GitHub status          ${gh.status}${gh.reason ? ` (${gh.reason})` : ''}; IdP status ${idp.status}`);
console.log(`  wall time              ${seconds.toFixed(1)} s (sandbox and pipeline on one machine)`);
console.log(`  SAML identity requests ${identityRequests} GraphQL for ${identities} identities = ${perHundred.toFixed(2)} per 100 identities`);
console.log(
  `  GraphQL requests       ${Object.entries(gh.requests)
    .filter(([k]) => k.startsWith('graphql:'))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')}`,
);
console.log(`  REST requests          ${rest.reduce((a, [, n]) => a + n, 0)} (${rest.map(([k, n]) => `${k} ${n}`).join(', ')})`);
console.log(`  per-member REST calls  ${perMember.reduce((a, [, n]) => a + n, 0)}`);
console.log(
  `  Okta requests          ${Object.values(idp.requests).reduce((a, b) => a + b, 0)} (${Object.entries(idp.requests)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')})`,
);
console.log(`  findings               ${result.findings.length} ${JSON.stringify(byStatus)}`);
// Pages of 100: the fewest requests that can carry the identities.
const ok = identityRequests <= Math.ceil(identities / 100) && perMember.length === 0 && gh.status === 'ok';
console.log(ok ? 'PASS: at most 1 GraphQL request per 100 identities, no per-member REST calls' : 'FAIL');
process.exitCode = ok ? 0 : 1;
