// Benchmark: an AWS organisation of N small member accounts × 3 regions (issue 17), served by the
// sandbox in a child process with 40 ms of latency per request, collected by the product as a user runs it
// (`node dist/cli/bin.js collect`, built first if dist/ is older than src/) for the identity, CloudTrail and
// encryption checks. Reports requests against a per-account floor, wall time against requests × latency,
// product CPU ms per request and peak RSS (bench/probe.mjs, preloaded into the CLI process).
// Each member: root without MFA in every tenth, two IAM users (one console user without MFA), no
// password policy in odd accounts, one trail (single-region in every third), two buckets (one not
// encrypted), default EBS encryption off in one region, one volume and one DB instance per region.
// Run: npx tsx bench/aws-org-scale.ts [members…]   (default: 0 100; BENCH_CONCURRENCY sets aws.concurrency,
//      BENCH_LATENCY_MS the latency, BENCH_NODE_ARGS extra node flags for the CLI, e.g. --cpu-prof;
//      BENCH_TIMELINE=1 prints the CLI's memory every 500 ms, BENCH_KEEP=1 keeps the run folder).
//      Each size is a fresh CLI process, so peak RSS is that size's alone.
import { fork, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import type { RunJson } from '../src/run/record.js';
import type { SandboxAwsAccount, SandboxAwsRegion } from '../src/sandbox/aws/model.js';
import type { SandboxCompany } from '../src/sandbox/company.js';
import { demoEnv } from '../src/sandbox/demo/config.js';
import { startSandbox } from '../src/sandbox/server.js';
import { ENCRYPTION_CHECKS } from '../test/collectors/aws/encryption-helpers.js';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 40);
const CONCURRENCY = process.env.BENCH_CONCURRENCY ? Number(process.env.BENCH_CONCURRENCY) : undefined;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2'];
const MANAGEMENT = '100000000000';
const ROLE = 'soc2-evidence-readonly';
const CHECKS = ['aws.iam.root-mfa', 'aws.iam.user-console-mfa', 'aws.iam.password-policy', 'aws.cloudtrail.multi-region', ...ENCRYPTION_CHECKS];

/** A small account with a few deliberate gaps (see the header). */
export function smallAccount(id: string, i: number): SandboxAwsAccount {
  const regions: Record<string, SandboxAwsRegion> = Object.fromEntries(
    REGIONS.map((r, k) => [
      r,
      {
        config: { recorders: [] },
        guardduty: { detectors: [] },
        ec2: { ebsEncryptionByDefault: k !== 2, volumes: [{ volumeId: `vol-${id}${k}`, encrypted: k !== 1, instanceId: `i-${id}${k}` }] },
        rds: { instances: [{ id: `db-${id}-${k}`, engine: 'postgres', storageEncrypted: true, backupRetentionPeriod: 7, multiAz: k === 0 }] },
        kms: { keys: [] },
        elb: {},
      } as unknown as SandboxAwsRegion,
    ]),
  );
  return {
    id,
    name: i < 0 ? 'management' : `member-${i}`,
    email: `aws+${id}@org.example`,
    status: 'ACTIVE',
    roles: i < 0 ? [] : [ROLE],
    regions,
    iam: {
      root: { mfa: i % 10 !== 0, accessKeys: [], passwordLastUsed: 'N/A', createdAt: '2020-01-01T00:00:00+00:00' },
      users: [
        { name: 'deploy', createdAt: '2024-01-01T00:00:00+00:00', mfa: false, accessKeys: [] },
        {
          name: 'ana',
          createdAt: '2024-01-01T00:00:00+00:00',
          mfa: false,
          password: { lastUsed: '2026-11-01T00:00:00+00:00', lastChanged: '2026-01-01T00:00:00+00:00' },
          accessKeys: [],
        },
      ],
      ...(i % 2
        ? {}
        : {
            passwordPolicy: {
              MinimumPasswordLength: 14,
              RequireSymbols: true,
              RequireNumbers: true,
              RequireUppercaseCharacters: true,
              RequireLowercaseCharacters: true,
            },
          }),
    },
    cloudtrail: {
      trails: [{ name: 'org', homeRegion: 'us-east-1', multiRegion: i % 3 !== 0, logging: true, logFileValidation: true, s3BucketName: `trail-${id}` }],
    },
    s3: {
      buckets: [
        { name: `logs-${id}`, region: 'us-east-1', encryption: { algorithm: 'AES256' } },
        { name: `data-${id}`, region: 'eu-west-1' },
      ],
    },
  } as unknown as SandboxAwsAccount;
}

/** The organisation: a management account and `members` small member accounts. */
export function orgScaleCompany(members: number): SandboxCompany {
  const accounts = [smallAccount(MANAGEMENT, -1), ...Array.from({ length: members }, (_, i) => smallAccount(String(200000000000 + i), i))];
  return { name: 'Org Co', aws: { managementAccountId: MANAGEMENT, callerUserName: 'auditor', organization: true, accounts } };
}

/** Child process: serve the organisation, report the URL, run until the parent disconnects. */
async function serve(members: number): Promise<void> {
  const sandbox = await startSandbox(orgScaleCompany(members), { faults: { latencyMs: LATENCY_MS } });
  process.send!({ url: sandbox.url });
  // The parent asks for the sandbox's own CPU time once the run is over (is the sandbox the bottleneck?).
  process.on('message', () => {
    const c = process.cpuUsage();
    process.send!({ cpuMs: (c.user + c.system) / 1000 });
  });
  process.on('disconnect', () => void sandbox.close().then(() => process.exit(0)));
}

interface Row {
  members: number;
  requests: Record<string, number>;
  collectedMs: number;
  wallMs: number;
  collectCpuMs: number;
  cpuMs: number;
  collectionPeak: number;
  peakRss: number;
  heapUsed: number;
  findings: Record<string, number>;
  pdfBytes: number;
  status: string;
  reason?: string;
  load: number;
  sandboxCpuMs: number;
}

/**
 * One size: the sandbox in a child process, the product as a user runs it (`node dist/cli/bin.js collect`,
 * no TypeScript loader) with bench/probe.mjs preloaded to note CPU, wall time and peak RSS.
 */
async function measure(members: number): Promise<Row | string> {
  const child = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, BENCH_ORG_SANDBOX: String(members) } });
  const url = await new Promise<string>((resolve) => child.once('message', (m: { url: string }) => resolve(m.url)));
  const dir = mkdtempSync(path.join(tmpdir(), 'soc2-org-bench-'));
  try {
    const config = {
      organization: 'Org Co',
      period: { start: '2026-07-01', end: '2026-09-30' },
      aws: { organization: true, regions: REGIONS, ...(CONCURRENCY ? { concurrency: CONCURRENCY } : {}) },
    };
    writeFileSync(path.join(dir, 'soc2-evidence.yaml'), stringify(config));
    const probe = path.join(dir, 'probe.json');
    const out = path.join(dir, 'runs');
    const args = [
      ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '--import',
      path.join(ROOT, 'bench/probe.mjs'),
      path.join(ROOT, 'dist/cli/bin.js'),
      'collect',
      '-c',
      'soc2-evidence.yaml',
      '-o',
      out,
      '--only',
      CHECKS.join(','),
    ];
    const env = { ...process.env, ...demoEnv(url), BENCH_PROBE_OUT: probe, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const p = spawn(process.execPath, args, { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      p.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
      p.on('close', (code) => resolve({ code, stderr }));
    });
    if (!existsSync(probe) || run.code === null || run.code > 3) return `exit ${run.code}\n${run.stderr}`;
    const p = JSON.parse(readFileSync(probe, 'utf8')) as {
      wallMs: number;
      cpuMs: number;
      maxRss: number;
      heapUsed: number;
      phases: Record<string, { wallMs: number; cpuMs: number; peakRss: number }>;
      timeline?: Array<Record<string, number>>;
    };
    if (p.timeline) for (const t of p.timeline) console.log(`    t=${t.s}s rss ${t.rss} MB, heap ${t.heap}/${t.heapTotal} MB, external ${t.external} MB`);
    const runDir = path.join(out, readdirSync(out).find((d) => existsSync(path.join(out, d, 'run.json')))!);
    const record = JSON.parse(readFileSync(path.join(runDir, 'run.json'), 'utf8')) as RunJson;
    const aws = p.phases.aws!;
    child.send('cpu');
    const sandboxCpuMs = await new Promise<number>((resolve) => child.once('message', (m: { cpuMs: number }) => resolve(m.cpuMs)));
    return {
      members,
      requests: record.sources.aws?.requests ?? {},
      collectedMs: aws.wallMs,
      wallMs: p.wallMs,
      collectCpuMs: aws.cpuMs,
      cpuMs: p.cpuMs,
      collectionPeak: aws.peakRss,
      peakRss: p.maxRss,
      heapUsed: p.heapUsed,
      findings: record.counts.findings,
      pdfBytes: statSync(path.join(runDir, 'evidence-pack.pdf')).size,
      status: record.sources.aws?.status ?? 'missing',
      ...(record.sources.aws?.reason ? { reason: record.sources.aws.reason } : {}),
      load: loadavg()[0]!,
      sandboxCpuMs,
    };
  } finally {
    if (process.env.BENCH_KEEP) console.log(`    kept: ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
    child.disconnect();
  }
}

/** dist/ built from the current sources (the benchmark measures the product as installed). */
function ensureBuilt(): void {
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce(
      (m, e) => Math.max(m, e.isDirectory() ? newest(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).mtimeMs),
      0,
    );
  const bin = path.join(ROOT, 'dist/cli/bin.js');
  if (existsSync(bin) && statSync(bin).mtimeMs >= newest(path.join(ROOT, 'src'))) return;
  console.log('building dist/ …');
  const b = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (b.status !== 0) throw new Error('npm run build failed');
}

async function main(): Promise<void> {
  ensureBuilt();
  const sizes = process.argv
    .slice(2)
    .filter((a) => /^\d+$/.test(a))
    .map(Number);
  const rows: Row[] = [];
  for (const members of sizes.length ? sizes : [0, 100]) {
    const row = await measure(members);
    if (typeof row === 'string') {
      console.log(`members=${members}: failed (${row.slice(-2000)})`);
      process.exitCode = 1;
      continue;
    }
    rows.push(row);
  }
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  const total = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  const base = rows.find((r) => r.members === 0);
  // Floor per account: the management account alone (the 0-member run) less the run's own calls
  // (GetCallerIdentity, ListAccounts); each member adds that plus its AssumeRole.
  const perAccount = base ? total(base.requests) - 2 : undefined;
  const accountsAtOnce = CONCURRENCY ?? 4;
  console.log(
    `AWS organisation benchmark: ${REGIONS.length} regions per account, ${LATENCY_MS} ms latency per request, aws.concurrency ${accountsAtOnce}; ` +
      `${cpus().length} cores; the product runs as installed (node dist/cli/bin.js collect), the sandbox in its own process`,
  );
  console.log(`  checks: ${CHECKS.join(', ')}`);
  for (const r of rows) {
    const n = total(r.requests);
    const floor = perAccount !== undefined ? 2 + (r.members + 1) * perAccount + r.members : undefined;
    // Little's law: requests in flight on average over the collection.
    const inFlight = (n * LATENCY_MS) / r.collectedMs;
    console.log(`  ${r.members} member accounts (${r.members + 1} read): ${r.status}${r.reason ? ` (${r.reason})` : ''}`);
    console.log(
      `    requests ${n}${floor ? ` = ${(n / floor).toFixed(3)} × the floor ${floor} (${perAccount} per account + AssumeRole each)` : ''}; ` +
        Object.entries(r.requests)
          .map(([s, k]) => `${s}=${k}`)
          .join(', '),
    );
    console.log(
      `    collection ${(r.collectedMs / 1000).toFixed(2)} s from process start (whole run ${(r.wallMs / 1000).toFixed(2)} s); ` +
        `requests × latency = ${((n * LATENCY_MS) / 1000).toFixed(1)} s, so ${inFlight.toFixed(1)} requests in flight on average`,
    );
    console.log(
      `    machine: the sandbox used ${(r.sandboxCpuMs / 1000).toFixed(2)} s of CPU; with the product's that is ` +
        `${((r.sandboxCpuMs + r.cpuMs) / 1000 / cpus().length).toFixed(1)} s of work per core over ${(r.wallMs / 1000).toFixed(1)} s ` +
        `(${(((r.sandboxCpuMs + r.cpuMs) / cpus().length / r.wallMs) * 100).toFixed(0)}% busy; near 100% the run is CPU-bound, not latency-bound)`,
    );
    console.log(
      `    product CPU ${(r.collectCpuMs / 1000).toFixed(2)} s to the end of collection = ${(r.collectCpuMs / n).toFixed(2)} ms per request ` +
        `(start-up included); whole run ${(r.cpuMs / 1000).toFixed(2)} s; load average ${r.load.toFixed(2)}`,
    );
    console.log(
      `    peak RSS ${mb(r.collectionPeak)} to the end of collection, ${mb(r.peakRss)} over the whole run (heap in use at exit ${mb(r.heapUsed)}); ` +
        `evidence pack ${mb(r.pdfBytes)}`,
    );
    console.log(
      `    findings: ${Object.entries(r.findings)
        .filter(([, k]) => k)
        .map(([s, k]) => `${s} ${k}`)
        .join(', ')}`,
    );
  }
  const [a, b] = [rows[0], rows[rows.length - 1]];
  if (a && b && b.members > a.members) {
    const per = (x: number, y: number) => ((y - x) / (b.members - a.members) / 1024).toFixed(0);
    console.log(
      `  peak RSS growth: ${per(a.collectionPeak, b.collectionPeak)} KB per member account to the end of collection, ` +
        `${per(a.peakRss, b.peakRss)} KB over the whole run`,
    );
  }
}

if (process.env.BENCH_ORG_SANDBOX) await serve(Number(process.env.BENCH_ORG_SANDBOX));
else await main();
