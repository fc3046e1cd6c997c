// Benchmark: an AWS organisation of N small member accounts × 3 regions (issue 17), served by the
// sandbox in a child process with 40 ms of latency per request, collected by the real pipeline for the
// identity, CloudTrail and encryption checks. Reports requests against a per-account floor, wall time
// against (requests ÷ concurrency × latency), CPU ms per request and peak RSS of this process.
// Each member: root without MFA in every tenth, two IAM users (one console user without MFA), no
// password policy in odd accounts, one trail (single-region in every third), two buckets (one not
// encrypted), default EBS encryption off in one region, one volume and one DB instance per region.
// Run: npx tsx bench/aws-org-scale.ts [members…]   (default: 0 100; BENCH_CONCURRENCY sets aws.concurrency,
//      BENCH_LATENCY_MS the latency). Each size runs in a fresh process so peak RSS is that size's alone.
import { fork, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../src/catalog/load.js';
import type { Progress } from '../src/cli/progress.js';
import type { Config } from '../src/config/schema.js';
import { runCollection } from '../src/pipeline/run.js';
import type { SandboxAwsAccount, SandboxAwsRegion } from '../src/sandbox/aws/model.js';
import type { SandboxCompany } from '../src/sandbox/company.js';
import { demoEnv } from '../src/sandbox/demo/config.js';
import { startSandbox } from '../src/sandbox/server.js';
import { ENCRYPTION_CHECKS } from '../test/collectors/aws/encryption-helpers.js';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 40);
const CONCURRENCY = process.env.BENCH_CONCURRENCY ? Number(process.env.BENCH_CONCURRENCY) : undefined;
const PER_SERVICE = 10;
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
  process.on('disconnect', () => void sandbox.close().then(() => process.exit(0)));
}

/** One size, measured in this process. Prints one JSON line. */
async function measure(members: number): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, BENCH_ORG_SANDBOX: String(members) } });
  const url = await new Promise<string>((resolve) => child.once('message', (m: { url: string }) => resolve(m.url)));
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const outDir = mkdtempSync(path.join(tmpdir(), 'soc2-org-bench-'));
  try {
    const config = {
      organization: 'Org Co',
      period: { start: '2026-07-01', end: '2026-09-30' },
      aws: { organization: true, regions: REGIONS, ...(CONCURRENCY ? { concurrency: CONCURRENCY } : {}) },
      checks: {},
      exceptions: [],
    } as unknown as Config;
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    let collectedMs = 0;
    let cpuMs = 0;
    let collectionPeak = 0;
    const progress: Progress = {
      update() {},
      done: (source) => {
        if (source !== 'aws') return;
        collectedMs = performance.now() - started;
        const cpu = process.cpuUsage(cpuStart);
        cpuMs = (cpu.user + cpu.system) / 1000;
        collectionPeak = Math.max(peakRss, process.memoryUsage().rss);
      },
      stop() {},
    };
    const result = await runCollection({
      loaded: { config, file: null, baseDir: outDir, digest: 'bench' },
      catalog: loadCatalog(),
      only: CHECKS,
      outDir,
      env: demoEnv(url),
      progress,
      tuning: { concurrency: PER_SERVICE },
    });
    const wallMs = performance.now() - started;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
    const requests = result.run.sources.aws?.requests ?? {};
    const counts = result.findings.reduce<Record<string, number>>((acc, f) => {
      acc[f.status] = (acc[f.status] ?? 0) + 1;
      return acc;
    }, {});
    console.log(
      JSON.stringify({
        members,
        requests,
        collectedMs,
        wallMs,
        cpuMs,
        collectionPeak,
        peakRss,
        findings: counts,
        status: result.run.sources.aws?.status,
        reason: result.run.sources.aws?.reason,
        load: loadavg()[0],
      }),
    );
  } finally {
    clearInterval(sampler);
    rmSync(outDir, { recursive: true, force: true });
    child.disconnect();
  }
}

function main(): void {
  const sizes = process.argv
    .slice(2)
    .filter((a) => /^\d+$/.test(a))
    .map(Number);
  const rows: Array<{
    members: number;
    requests: Record<string, number>;
    collectedMs: number;
    wallMs: number;
    cpuMs: number;
    collectionPeak: number;
    peakRss: number;
    findings: Record<string, number>;
    status: string;
    reason?: string;
    load: number;
  }> = [];
  for (const members of sizes.length ? sizes : [0, 100]) {
    const out = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      env: { ...process.env, BENCH_ORG_MEASURE: String(members) },
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    const line = out.stdout.split('\n').find((l) => l.startsWith('{'));
    if (!line) {
      console.log(`members=${members}: failed (exit ${out.status})\n${out.stderr.slice(-2000)}`);
      process.exitCode = 1;
      continue;
    }
    rows.push(JSON.parse(line));
  }
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  const total = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  const base = rows.find((r) => r.members === 0);
  // Floor per account: the management account alone (the 0-member run) less the run's own calls
  // (GetCallerIdentity, ListAccounts); each member adds that plus its AssumeRole.
  const perAccount = base ? total(base.requests) - 2 : undefined;
  const accountsAtOnce = CONCURRENCY ?? 4;
  console.log(
    `AWS organisation benchmark: ${REGIONS.length} regions per account, ` +
      `${LATENCY_MS} ms latency per request, aws.concurrency ${accountsAtOnce}, ${PER_SERVICE} ` +
      `calls per service and account; ${cpus().length} cores`,
  );
  console.log(`  checks: ${CHECKS.join(', ')}`);
  for (const r of rows) {
    const n = total(r.requests);
    const floor = perAccount !== undefined ? 2 + (r.members + 1) * perAccount + r.members : undefined;
    // Little's law: requests in flight on average over the collection.
    const inFlight = (n * LATENCY_MS) / r.collectedMs;
    console.log(`  ${r.members} member accounts (${r.members + 1} read): ${r.status}${r.reason ? ` (${r.reason})` : ''}`);
    console.log(
      `    requests ${n}${floor ? ` = ${(n / floor).toFixed(3)} × the floor ${floor} (${perAccount} per account + AssumeRole each)` : ''}; ${Object.entries(
        r.requests,
      )
        .map(([s, k]) => `${s}=${k}`)
        .join(', ')}`,
    );
    console.log(
      `    collection ${(r.collectedMs / 1000).toFixed(2)} s (whole run ` +
        `${(r.wallMs / 1000).toFixed(2)} s); requests × latency = ${((n * LATENCY_MS) / 1000).toFixed(1)} s, so ${inFlight.toFixed(1)} ` +
        `requests in flight on average; with ${accountsAtOnce} accounts at once that is ` +
        `${(inFlight / accountsAtOnce).toFixed(1)} per account`,
    );
    console.log(
      `    CPU ${(r.cpuMs / 1000).toFixed(2)} s = ${(r.cpuMs / n).toFixed(2)} ms per request (this process,` +
        ` collection only; the sandbox is in its own process); load average ${r.load.toFixed(2)}`,
    );
    console.log(`    peak RSS ${mb(r.collectionPeak)} during collection, ${mb(r.peakRss)} overall (tsx process, ~100 MB of it the loader)`);
    console.log(
      `    findings: ${Object.entries(r.findings)
        .map(([s, k]) => `${s} ${k}`)
        .join(', ')}`,
    );
  }
  const [a, b] = [rows[0], rows[rows.length - 1]];
  if (a && b && b.members > a.members)
    console.log(
      '  peak RSS growth: ' +
        `${((b.collectionPeak - a.collectionPeak) / (b.members - a.members) / 1024 / 1024).toFixed(2)} MB per member account during collection, ` +
        `${((b.peakRss - a.peakRss) / (b.members - a.members) / 1024 / 1024).toFixed(2)} MB overall`,
    );
}

if (process.env.BENCH_ORG_SANDBOX) await serve(Number(process.env.BENCH_ORG_SANDBOX));
else if (process.env.BENCH_ORG_MEASURE) await measure(Number(process.env.BENCH_ORG_MEASURE));
else main();
