import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Run in a child process: V8 flags are process-wide.
const heapModule = fileURLToPath(new URL('../../src/core/heap.ts', import.meta.url));
function child(code: string, nodeOptions = '') {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: nodeOptions },
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}

// Live heap of ~60 MB, then fast garbage: the largest heap V8 reserves shows the growth setting at work.
const WORKLOAD = `
  const live = []; for (let i = 0; i < 800000; i++) live.push({ a: i, b: 'x' + i });
  let keep = [], max = 0;
  for (let r = 0; r < 200; r++) {
    const tmp = []; for (let i = 0; i < 20000; i++) tmp.push({ r, i, s: 'y' + i });
    keep.push(tmp); if (keep.length > 20) keep.shift();
    max = Math.max(max, process.memoryUsage().heapTotal);
  }
  console.log(JSON.stringify({ applied, max, live: live.length }));`;

describe('boundHeapGrowth', () => {
  it('keeps the heap V8 reserves well below what it reserves by default', () => {
    const bounded = JSON.parse(child(`import { boundHeapGrowth } from ${JSON.stringify(heapModule)}; const applied = boundHeapGrowth();${WORKLOAD}`));
    const unbounded = JSON.parse(child(`const applied = false;${WORKLOAD}`));
    expect(bounded.applied).toBe(true);
    expect(bounded.max).toBeLessThan(unbounded.max * 0.8);
  }, 60_000);

  it("leaves the user's own heap flags alone", () => {
    const out = JSON.parse(
      child(`import { boundHeapGrowth } from ${JSON.stringify(heapModule)}; console.log(JSON.stringify(boundHeapGrowth()));`, '--max-old-space-size=512'),
    );
    expect(out).toBe(false);
    const viaArgs = JSON.parse(
      child(
        `import { boundHeapGrowth } from ${JSON.stringify(heapModule)}; ` +
          `console.log(JSON.stringify(boundHeapGrowth({ NODE_OPTIONS: '' }, ['--heap-growing-percent=20'])));`,
      ),
    );
    expect(viaArgs).toBe(false);
  }, 60_000);

  it('collects garbage on demand without --expose-gc', () => {
    const out = JSON.parse(
      child(
        `import { collectGarbage } from ${JSON.stringify(heapModule)}; ` +
          'let junk = Array.from({ length: 300000 }, (_, i) => ({ i, s: "z" + i })); ' +
          'const before = process.memoryUsage().heapUsed; junk = null; collectGarbage(); collectGarbage(); ' +
          'console.log(JSON.stringify({ before, after: process.memoryUsage().heapUsed, exposed: typeof globalThis.gc }));',
      ),
    );
    expect(out.exposed).toBe('undefined'); // the global stays as it was
    expect(out.after).toBeLessThan(out.before - 10 * 1024 * 1024);
  }, 60_000);
});
