// Preloaded into a benchmarked CLI run (`node --import ./bench/probe.mjs dist/cli/bin.js …`): samples the
// process's RSS every 20 ms, notes CPU time, wall time and peak RSS when the plain progress output reports a
// source as done ("HH:MM:SS aws: done — …" on stderr, printed when stderr is not a terminal), and writes it all
// as JSON to $BENCH_PROBE_OUT when the process exits. It changes nothing in the run itself.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const out = process.env.BENCH_PROBE_OUT;
if (out) {
  let peak = process.memoryUsage.rss();
  // BENCH_TIMELINE=1: also RSS, V8 heap and external memory every 500 ms, to see which phase holds what.
  const timeline = process.env.BENCH_TIMELINE ? [] : undefined;
  let tick = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
    if (timeline && tick++ % 25 === 0) {
      const m = process.memoryUsage();
      timeline.push({
        s: Math.round(performance.now() / 100) / 10,
        rss: m.rss >> 20,
        heap: m.heapUsed >> 20,
        heapTotal: m.heapTotal >> 20,
        external: m.external >> 20,
      });
    }
  }, 20);
  sampler.unref();
  const cpuMs = () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  const phases = {};
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = (chunk, ...rest) => {
    const m = /\b(aws|github|idp): done\b/.exec(String(chunk));
    if (m && !phases[m[1]]) phases[m[1]] = { wallMs: performance.now(), cpuMs: cpuMs(), peakRss: Math.max(peak, process.memoryUsage.rss()) };
    return write(chunk, ...rest);
  };
  process.on('exit', () => {
    const maxRss = Math.max(peak, process.resourceUsage().maxRSS * 1024);
    const heap = process.memoryUsage();
    writeFileSync(out, JSON.stringify({ wallMs: performance.now(), cpuMs: cpuMs(), maxRss, heapUsed: heap.heapUsed, phases, timeline }));
  });
}
