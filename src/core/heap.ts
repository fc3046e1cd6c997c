// How far V8 lets the heap grow past what is live. After each full collection V8 sets the next limit at up
// to 4× the live heap; a long run that allocates fast (thousands of API responses) then keeps hundreds of MB
// of garbage as resident memory although what it holds is flat. 1.5× keeps the resident size near what the
// run holds, at no measurable CPU cost (bench/aws-org-scale.ts: 1,000 accounts, same CPU per request).
// The maximum heap is not capped, so a run that really needs more memory still gets it.
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

export const HEAP_GROWING_PERCENT = 50;

/** Applies the growth setting unless the user chose their own V8 heap flags (NODE_OPTIONS or node's arguments). */
export function boundHeapGrowth(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): boolean {
  const chosen = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => /^--(heap[-_]growing[-_]percent|max[-_]old[-_]space[-_]size)\b/.test(a));
  if (chosen) return false;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}

let fullGc: (() => void) | undefined;

/**
 * One full garbage collection, now. Called once between a large run's collection and its reports, so the
 * reports start from what is live rather than from the collection's high-water mark (1,000 accounts on
 * Node 22: 478 MB peak instead of about 520 MB). V8 offers it to code only with --expose-gc, which a
 * new context picks up when the flag is set at run time.
 */
export function collectGarbage(): void {
  if (!fullGc) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) fullGc = exposed;
    else {
      v8.setFlagsFromString('--expose-gc');
      fullGc = runInNewContext('gc') as () => void;
    }
  }
  fullGc();
}
