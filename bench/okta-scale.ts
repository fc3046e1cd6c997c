// Benchmark: an Okta org of 5,000 users served by the sandbox with 40 ms latency and Okta's default
// rate-limit headers (600 requests per minute per endpoint bucket). Reports requests, 429s and wall time
// against the bound the rate limit allows.
//   npx tsx bench/okta-scale.ts [--users 5000] [--latency 40] [--limit 600] [--window 60]
import { collectIdp } from '../src/collectors/idp/index.js';
import { silentProgress } from '../src/cli/progress.js';
import type { Config } from '../src/config/schema.js';
import { EvidenceStore } from '../src/run/evidence-store.js';
import { demoOktaPolicies, EVERYONE_GROUP, CONTRACTORS_GROUP } from '../src/sandbox/demo/idp.js';
import type { SandboxOktaUser } from '../src/sandbox/idp/model.js';
import { startSandbox } from '../src/sandbox/server.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const USERS = arg('users', 5000);
const LATENCY = arg('latency', 40);
const LIMIT = arg('limit', 600);
const WINDOW = arg('window', 60);

const now = new Date();
const iso = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
const users: SandboxOktaUser[] = Array.from({ length: USERS }, (_, i) => ({
  id: `00u${String(i).padStart(17, '0')}`,
  login: `user${i}@scale.example`,
  firstName: 'User',
  lastName: String(i),
  status: i % 50 === 0 ? 'SUSPENDED' : 'ACTIVE',
  created: iso(400),
  lastLogin: i % 17 === 0 ? null : iso(i % 200),
  factors:
    i % 9 === 0
      ? [{ type: 'token:software:totp', status: 'PENDING_ACTIVATION' }]
      : [{ type: 'push', status: 'ACTIVE' }, ...(i % 3 === 0 ? [{ type: 'webauthn', status: 'ACTIVE' as const }] : [])],
  roles: i < 6 ? ['SUPER_ADMIN'] : i < 12 ? ['HELP_DESK_ADMIN'] : [],
}));
const activeUsers = users.filter((u) => u.status === 'ACTIVE').length;

const sandbox = await startSandbox(
  {
    name: 'Scale Co',
    idp: {
      okta: {
        apiToken: 'bench-token',
        users,
        groups: [
          { id: EVERYONE_GROUP, name: 'Everyone', type: 'BUILT_IN' },
          { id: CONTRACTORS_GROUP, name: 'Contractors', type: 'OKTA_GROUP' },
        ],
        policies: demoOktaPolicies(),
        rateLimitPerMinute: LIMIT,
        rateLimitWindowSeconds: WINDOW,
      },
    },
  },
  { faults: { latencyMs: LATENCY } },
);

const config: Config = { organization: 'Scale Co', idp: { provider: 'okta', orgUrl: `${sandbox.url}/okta` }, checks: {}, exceptions: [] };
const started = Date.now();
let lastLog = 0;
const result = await collectIdp({
  config,
  baseDir: process.cwd(),
  env: { OKTA_API_TOKEN: 'bench-token' },
  now,
  period: { start: '2026-07-01', end: '2026-09-30' },
  store: new EvidenceStore(null),
  progress: {
    ...silentProgress,
    update: (_s, text) => {
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        console.error(`${((Date.now() - started) / 1000).toFixed(0)} s: ${text}`);
      }
    },
  },
  needs: new Set(['idp.users', 'idp.factors', 'idp.admins', 'idp.mfaPolicy']),
});
const wallS = (Date.now() - started) / 1000;
await sandbox.close();

const requests = result.outcome.requests;
const total = Object.values(requests).reduce((a, b) => a + b, 0);
// The busiest bucket is /api/v1/users/{id}* (factors and roles): n requests at LIMIT per WINDOW need at
// least floor((n - 1) / LIMIT) full windows before the last batch can start.
const usersIdBucket = (requests['GET /api/v1/users/{userId}/factors'] ?? 0) + (requests['GET /api/v1/users/{userId}/roles'] ?? 0);
const boundS = Math.floor((usersIdBucket - 1) / LIMIT) * WINDOW;
const served429 = sandbox.stats.get('okta:429') ?? 0;
const ok = result.outcome.status === 'ok' && result.evidence?.users.ok;
console.log(
  JSON.stringify(
    {
      users: USERS,
      activeUsers,
      latencyMs: LATENCY,
      rateLimit: `${LIMIT} per ${WINDOW} s per endpoint bucket`,
      outcome: result.outcome.status,
      requests,
      totalRequests: total,
      http429Served: served429,
      http429Unhandled: ok ? 0 : 'collection failed',
      wallSeconds: Number(wallS.toFixed(1)),
      rateLimitBoundSeconds: boundS,
      ratioToBound: boundS ? Number((wallS / boundS).toFixed(3)) : null,
      withinOneAndAHalf: boundS ? wallS <= 1.5 * boundS : null,
    },
    null,
    2,
  ),
);
process.exit(ok ? 0 : 1);
