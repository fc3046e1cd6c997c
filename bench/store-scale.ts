// Benchmark: store a run folder of the scale run's shape (12,000 objects, ~100 MB) in the sandbox's
// S3 with Object Lock and 20 ms latency per request. The bound: wall time ≤ 1.5 × (objects ÷
// concurrency × latency); peak memory of the storing process < 400 MB.
//   npx tsx bench/store-scale.ts [--latency 20] [--concurrency 16] [--objects 12000]
// The store runs in a child process (its max RSS is what is measured) against the sandbox in this one.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildManifest, listRunFiles, MANIFEST_FILE } from '../src/run/manifest.js';
import { startSandbox } from '../src/sandbox/server.js';
import { storeCompany, storeEnv } from '../src/sandbox/store-company.js';
import { S3RunStore } from '../src/store/s3.js';

/**
 * A run folder shaped like the scale run (the real collection of 2,000 repositories + 5,000 users +
 * 12 accounts cannot write its findings.json today: see the closing note): `objects` evidence files
 * of 1–9 KB, findings.json 30 MB, gap files, a 6 MB pack, populations, manifest.
 */
function generatedRun(out: string, objects: number): { dir: string; runId: string; bytes: number } {
  const runId = '2026-11-26T120000Z';
  const dir = path.join(out, runId);
  mkdirSync(path.join(dir, 'evidence'), { recursive: true });
  mkdirSync(path.join(dir, 'populations'), { recursive: true });
  let bytes = 0;
  const put = (file: string, body: string | Buffer) => {
    writeFileSync(path.join(dir, file), body);
    bytes += body.length;
  };
  for (let i = 0; i < objects; i++) {
    const body = JSON.stringify(
      {
        source: 'github',
        operation: 'graphql:RepositoryPage',
        collectedAt: '2026-11-26T12:00:00Z',
        response: { page: i, items: 'x'.repeat(1000 + ((i * 7919) % 8000)) },
      },
      null,
      1,
    );
    put(`evidence/${createHash('sha256').update(body).digest('hex')}.json`, body);
  }
  put('findings.json', JSON.stringify({ findings: 'f'.repeat(30e6) }));
  put('run.json', JSON.stringify({ runId }));
  put('gaps.json', 'g'.repeat(4e6));
  put('gaps.md', 'g'.repeat(2e6));
  put('gaps.csv', 'g'.repeat(2e6));
  put('evidence-pack.pdf', Buffer.alloc(6e6, 1));
  for (const p of ['pull-requests.csv', 'repositories.csv', 'users.csv']) put(`populations/${p}`, 'p'.repeat(1e6));
  writeFileSync(path.join(dir, MANIFEST_FILE), JSON.stringify(buildManifest(dir, runId)));
  return { dir, runId, bytes };
}

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
  process.stdout.write(
    JSON.stringify({
      seconds,
      verifySeconds,
      intact: verified.complete && verified.changed.length === 0 && verified.removed.length === 0,
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
} else {
  const LATENCY = arg('latency', 20);
  const CONCURRENCY = arg('concurrency', 16);
  const out = mkdtempSync(path.join(tmpdir(), 'soc2-store-bench-'));
  try {
    const t0 = performance.now();
    const run = generatedRun(out, arg('objects', 12_000));
    const objects = listRunFiles(run.dir).length + 1;
    console.log(`Run folder: ${objects} objects, ${(run.bytes / 1e6).toFixed(0)} MB, generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const s3 = await startSandbox(storeCompany([{ name: 'evidence', objectLock: {} }]), { faults: { latencyMs: LATENCY } });
    // Asynchronously: the sandbox answering the child lives in this process.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), run.dir, run.runId, s3.url, String(CONCURRENCY)],
      { encoding: 'utf8', env: { ...process.env, BENCH_STORE_CHILD: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }, maxBuffer: 1 << 20 },
    );
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
