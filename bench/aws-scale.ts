// Benchmark: one AWS account with 300 buckets in 3 regions, 2,000 volumes, 100 DB instances and 200 KMS
// keys, served by the sandbox with 40 ms of latency per request, collected by the real pipeline with
// production settings (per-service concurrency 10, regions in parallel) for the encryption checks only.
// The sandbox runs in a child process, so the measured process (time, memory) is the tool alone.
// Run: npx tsx bench/aws-scale.ts [--no-bucket-region]
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { loadCatalog } from '../src/catalog/load.js';
import type { Config } from '../src/config/schema.js';
import { runCollection } from '../src/pipeline/run.js';
import type { SandboxAwsAccount, SandboxAwsRegion } from '../src/sandbox/aws/model.js';
import type { SandboxBucket } from '../src/sandbox/aws/s3.js';
import type { Progress } from '../src/cli/progress.js';
import type { SandboxCompany } from '../src/sandbox/company.js';
import { demoEnv } from '../src/sandbox/demo/config.js';
import { denyInsecureTransport } from '../src/sandbox/demo/aws-encryption.js';
import { startSandbox } from '../src/sandbox/server.js';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 40);
const CONCURRENCY = 10;
const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2'];
const ACCOUNT = '210987654321';
const CHECKS = [
  'aws.s3.encryption',
  'aws.s3.tls-only',
  'aws.s3.public-access-block',
  'aws.ebs.default-encryption',
  'aws.ebs.volume-encryption',
  'aws.rds.storage-encrypted',
  'aws.rds.backups',
  'aws.rds.multi-az',
  'aws.kms.key-rotation',
  'aws.elb.tls-listeners',
];

const omitBucketRegion = process.argv.includes('--no-bucket-region');

function estate(): SandboxCompany {
  const split = <T>(n: number, make: (i: number, region: string) => T): Record<string, T[]> => {
    const out: Record<string, T[]> = Object.fromEntries(REGIONS.map((r) => [r, []]));
    for (let i = 0; i < n; i++) out[REGIONS[i % REGIONS.length]!]!.push(make(i, REGIONS[i % REGIONS.length]!));
    return out;
  };
  const hex = (i: number, width: number) => i.toString(16).padStart(width, '0');
  const volumes = split(2000, (i) => ({ volumeId: `vol-${hex(i, 17)}`, encrypted: i % 10 !== 0, instanceId: `i-${hex(i, 17)}` }));
  const instances = split(100, (i) => ({ id: `db-${i}`, engine: 'postgres', storageEncrypted: i % 7 !== 0, backupRetentionPeriod: i % 5 === 0 ? 1 : 7, multiAz: i % 3 !== 0 }));
  const keys = split(200, (i) => ({ id: `${hex(i, 8)}-0000-4000-8000-${hex(i, 12)}`, manager: i % 4 === 0 ? ('AWS' as const) : ('CUSTOMER' as const), rotation: i % 2 === 0 }));
  const buckets: SandboxBucket[] = Array.from({ length: 300 }, (_, i) => {
    const name = `bench-bucket-${String(i).padStart(3, '0')}`;
    return {
      name,
      region: REGIONS[i % REGIONS.length]!,
      encryption: i % 3 === 0 ? { algorithm: 'aws:kms' } : { algorithm: 'AES256' },
      ...(i % 2 === 0 ? { policy: { Version: '2012-10-17', Statement: [denyInsecureTransport(name)] } } : {}),
      ...(i % 4 === 0 ? { publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } } : {}),
    };
  });
  const regions: Record<string, SandboxAwsRegion> = Object.fromEntries(
    REGIONS.map((r) => [r, { config: {}, guardduty: {}, ec2: { ebsEncryptionByDefault: r !== 'us-west-2', volumes: volumes[r]! }, rds: { instances: instances[r]! }, kms: { keys: keys[r]! }, elb: {} } as SandboxAwsRegion]),
  );
  const account: SandboxAwsAccount = { id: ACCOUNT, name: 'bench', email: 'bench@example.com', status: 'ACTIVE', roles: [], regions, iam: {}, cloudtrail: {}, s3: { buckets, omitBucketRegion } } as SandboxAwsAccount;
  return { name: 'Bench Co', aws: { managementAccountId: ACCOUNT, callerUserName: 'bench', organization: false, accounts: [account] } };
}

/** Child process: serve the estate, report the URL, run until the parent disconnects. */
async function serveEstate(): Promise<void> {
  const sandbox = await startSandbox(estate(), { faults: { latencyMs: LATENCY_MS } });
  process.send!({ url: sandbox.url });
  process.on('message', (m: { stats?: boolean }) => {
    if (m.stats) process.send!({ stats: [...sandbox.stats.entries()] });
  });
  process.on('disconnect', () => void sandbox.close().then(() => process.exit(0)));
}

async function main(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), process.argv.slice(2), { env: { ...process.env, BENCH_SANDBOX_CHILD: '1' } });
  const url = await new Promise<string>((resolve) => child.once('message', (m: { url: string }) => resolve(m.url)));
  const sandbox = {
    url,
    stats: async () => new Promise<Map<string, number>>((resolve) => {
      child.once('message', (m: { stats: Array<[string, number]> }) => resolve(new Map(m.stats)));
      child.send({ stats: true });
    }),
    close: async () => child.disconnect(),
  };
  const outDir = mkdtempSync(path.join(tmpdir(), 'soc2-bench-'));
  const baselineRss = process.memoryUsage().rss;
  let peakRss = 0;
  let collectionPeakRss = 0;
  let collecting = true;
  const sampler = setInterval(() => {
    const rss = process.memoryUsage().rss;
    peakRss = Math.max(peakRss, rss);
    if (collecting) collectionPeakRss = Math.max(collectionPeakRss, rss);
  }, 10);
  try {
    const config = { organization: 'Bench Co', period: { start: '2026-07-01', end: '2026-09-30' }, aws: { regions: REGIONS }, checks: {}, exceptions: [] } as unknown as Config;
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    let collectedMs = 0;
    let collectionCpuMs = 0;
    const progress: Progress = { update() {}, done: (source) => {
        if (source !== 'aws') return;
        collectedMs = performance.now() - started;
        const cpu = process.cpuUsage(cpuStart);
        collectionCpuMs = (cpu.user + cpu.system) / 1000;
        collecting = false;
        collectionPeakRss = Math.max(collectionPeakRss, process.memoryUsage().rss);
      }, stop() {} };
    const result = await runCollection({
      loaded: { config, file: null, baseDir: outDir, digest: 'bench' },
      catalog: loadCatalog(),
      only: CHECKS,
      outDir,
      env: demoEnv(sandbox.url),
      progress,
      tuning: { concurrency: CONCURRENCY },
    });
    const wallMs = performance.now() - started;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);

    const requests = result.run.sources.aws?.requests ?? {};
    // What the request count allows: services run side by side, each at most CONCURRENCY calls in flight,
    // each call taking LATENCY_MS; the slowest service sets the pace. (STS GetCallerIdentity runs first, alone.)
    const rounds = Object.fromEntries(Object.entries(requests).map(([s, n]) => [s, Math.ceil(n / CONCURRENCY)]));
    const sequential = rounds.sts ?? 0;
    const parallel = Math.max(...Object.entries(rounds).filter(([s]) => s !== 'sts').map(([, r]) => r));
    const boundMs = (sequential + parallel) * LATENCY_MS;
    const counts = result.findings.reduce<Record<string, number>>((acc, f) => ((acc[f.status] = (acc[f.status] ?? 0) + 1), acc), {});

    console.log(`AWS encryption collection benchmark${omitBucketRegion ? ' (ListBuckets without BucketRegion: GetBucketLocation per bucket)' : ''}`);
    console.log(`  estate: 300 buckets in ${REGIONS.length} regions, 2000 volumes, 100 DB instances, 200 KMS keys; ${LATENCY_MS} ms latency per request; concurrency ${CONCURRENCY} per service`);
    console.log(`  requests per service: ${Object.entries(requests).map(([s, n]) => `${s}=${n}`).join(', ')} (total ${Object.values(requests).reduce((a, b) => a + b, 0)})`);
    console.log(`  sandbox saw:          ${[...(await sandbox.stats()).entries()].map(([k, n]) => `${k.replace(/^aws:/, '')}=${n}`).join(', ')}`);
    console.log(`  bound from request count: ${(boundMs / 1000).toFixed(2)} s  (${sequential} + ${parallel} rounds × ${LATENCY_MS} ms); 1.5 × bound = ${((1.5 * boundMs) / 1000).toFixed(2)} s`);
    console.log(`  collection wall time: ${(collectedMs / 1000).toFixed(2)} s  → ${(collectedMs / boundMs).toFixed(2)} × bound  ${collectedMs <= 1.5 * boundMs ? 'OK' : 'OVER'}`);
    console.log(`  CPU time the tool spent during collection: ${(collectionCpuMs / 1000).toFixed(2)} s (${((collectionCpuMs / Object.values(requests).reduce((a, b) => a + b, 0))).toFixed(2)} ms per request); machine load average ${loadavg()[0]!.toFixed(2)} on ${cpus().length} cores`);
    console.log(`  whole run (collection + evaluation + run folder, reports, PDF): ${(wallMs / 1000).toFixed(2)} s`);
    const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
    console.log(`  memory (RSS of the tool's process): ${mb(baselineRss)} after loading, peak ${mb(collectionPeakRss)} during collection, peak ${mb(peakRss)} over the whole run  ${peakRss < 300 * 1024 * 1024 ? 'OK' : 'OVER'} (limit 300 MB)`);
    console.log(`  findings: ${result.findings.length} (${Object.entries(counts).map(([s, n]) => `${s} ${n}`).join(', ')})`);
    if (collectedMs > 1.5 * boundMs || peakRss >= 300 * 1024 * 1024) process.exitCode = 1;
  } finally {
    clearInterval(sampler);
    await sandbox.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

if (process.env.BENCH_SANDBOX_CHILD) await serveEstate();
else await main();
