// Live progress per source on a terminal; silent otherwise. Goes to stderr so stdout stays parseable.
import type { SourceName } from '../core/types.js';

export interface Progress {
  /** A new state line for a source ("3/5 accounts, 12 regions, 214 items"). */
  update(source: SourceName, text: string): void;
  done(source: SourceName, text: string): void;
  stop(): void;
}

export const silentProgress: Progress = { update() {}, done() {}, stop() {} };

/**
 * Without a terminal (CI logs, cron mail): one plain line per source every `everyMs` while it changes,
 * and one when it is done, so a long run is never minutes of silence.
 */
export function plainProgress(stream: Pick<NodeJS.WritableStream, 'write'> = process.stderr, everyMs = 10_000): Progress {
  const lines = new Map<SourceName, string>();
  const printed = new Map<SourceName, string>();
  const started = Date.now();
  const stamp = () => `[${Math.round((Date.now() - started) / 1000)}s]`;
  const flush = () => {
    for (const [source, text] of lines) {
      if (printed.get(source) === text) continue;
      printed.set(source, text);
      stream.write(`${stamp()} ${source}: ${text}\n`);
    }
  };
  let timer: NodeJS.Timeout | undefined = setInterval(flush, everyMs);
  timer.unref();
  return {
    update(source, text) {
      lines.set(source, text);
    },
    done(source, text) {
      lines.delete(source);
      stream.write(`${stamp()} ${source}: done — ${text}\n`);
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const lines = new Map<SourceName, string>();
  let drawn = 0;
  let timer: NodeJS.Timeout | undefined;
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let frame = 0;
  const finished = new Set<SourceName>();
  const draw = () => {
    if (drawn > 0) stream.write(`\x1b[${drawn}A`);
    for (const [source, text] of lines) {
      const mark = finished.has(source) ? '✔' : frames[frame % frames.length];
      stream.write(`\x1b[2K${mark} ${source.padEnd(6)} ${text}\n`.slice(0, (stream.columns || 120) + 12));
    }
    drawn = lines.size;
    frame++;
  };
  timer = setInterval(draw, 120);
  timer.unref();
  return {
    update(source, text) {
      lines.set(source, text);
    },
    done(source, text) {
      lines.set(source, text);
      finished.add(source);
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      if (lines.size) draw();
    },
  };
}
