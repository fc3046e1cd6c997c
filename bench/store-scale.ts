// Benchmark: store the scale run (2,000 repositories, 5,000 users, 12 AWS accounts) in the sandbox's
// S3 with Object Lock and 20 ms latency per request. The bound: wall time ≤ 1.5 × (objects ÷
// concurrency × latency); peak memory of the storing process < 400 MB.
//   npx tsx bench/store-scale.ts [--latency 20] [--concurrency 16]
// The run is collected once by the real pipeline; the store runs in a child process (its max RSS is
// what is measured) against the sandbox in this one.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../src/catalog/load.js';
import { silentProgress } from '../src/cli/progress.js';
import { runCollection } from '../src/pipeline/run.js';
import { listRunFiles } from '../src/run/manifest.js';
import { startSandbox } from '../src/sandbox/server.js';
import { storeCompany, storeEnv } from '../src/sandbox/store-company.js';
import { S3RunStore } from '../src/store/s3.js';
import { scaleCompany, scaleConfig, scaleEnv, SCALE_NOW } from './scale-company.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

if (process.env.BENCH_STORE_CHILD) {
  // Child: publish the run folder, report wall time and peak memory.
  const [dir, runId, url, concurrency] = process.argv.slice(2) as [string, string, string, string];
  const store = new S3RunStore('s3://evidence/monthly', { env: storeEnv(url), retention: { days: 400, mode: 'COMPLIANCE' }, concurrency: Number(concurrency) });
  await store.prepare();
  const t0 = performance.now();
  await store.publish(dir, runId);
  const seconds = (performance.now() - t0) / 1000;
  const verifyT0 = performance.now();
  const verified = await store.verifyRun(runId);
  const verifySeconds = (performance.now() - verifyT0) / 1000;
  store.destroy();
  process.stdout.write(JSON.stringify({ seconds, verifySeconds, intact: verified.complete && verified.changed.length === 0 && verified.removed.length === 0, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
} else {
  const LATENCY = arg('latency', 20);
  const CONCURRENCY = arg('concurrency', 16);
  const out = mkdtempSync(path.join(tmpdir(), 'soc2-store-bench-'));
  try {
    const source = await startSandbox(scaleCompany());
    const t0 = performance.now();
    const run = await runCollection({ loaded: scaleConfig(source.url), catalog: loadCatalog(), outDir: out, env: scaleEnv(source.url), progress: silentProgress, now: SCALE_NOW });
    await source.close();
    const objects = listRunFiles(run.dir).length + 1;
    console.log(`Scale run: ${run.findings.length} findings, ${objects} objects, collected in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const s3 = await startSandbox(storeCompany([{ name: 'evidence', objectLock: {} }]), { faults: { latencyMs: LATENCY } });
    // Asynchronously: the sandbox answering the child lives in this process.
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), run.dir, run.run.runId, s3.url, String(CONCURRENCY)], { encoding: 'utf8', env: { ...process.env, BENCH_STORE_CHILD: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }, maxBuffer: 1 << 20 });
    const result = JSON.parse(stdout) as { seconds: number; verifySeconds: number; intact: boolean; maxRssMb: number };
    await s3.close();
    const bound = (objects / CONCURRENCY) * (LATENCY / 1000);
    const ratio = result.seconds / bound;
    console.log(`Store to sandbox S3 (Object Lock, ${LATENCY} ms per request, concurrency ${CONCURRENCY}):`);
    console.log(`  wall time            ${result.seconds.toFixed(1)} s  (objects ÷ concurrency × latency = ${bound.toFixed(1)} s; ratio ${ratio.toFixed(2)})`);
    console.log(`  peak memory (RSS)    ${result.maxRssMb} MB (storing process)`);
    console.log(`  verify (every hash + retention)  ${result.verifySeconds.toFixed(1)} s, intact: ${result.intact}`);
    const ok = ratio <= 1.5 && result.maxRssMb < 400 && result.intact;
    console.log(ok ? 'PASS: ≤ 1.5 × the latency bound, < 400 MB' : 'FAIL');
    process.exitCode = ok ? 0 : 1;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
