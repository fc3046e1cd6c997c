// Live progress per source on a terminal; silent otherwise. Goes to stderr so stdout stays parseable.
import type { SourceName } from '../core/types.js';

export interface Progress {
  /** A new state line for a source ("3/5 accounts, 12 regions, 214 items"). */
  update(source: SourceName, text: string): void;
  done(source: SourceName, text: string): void;
  stop(): void;
}

export const silentProgress: Progress = { update() {}, done() {}, stop() {} };

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
