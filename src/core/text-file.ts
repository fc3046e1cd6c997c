// Large text files written a piece at a time: the run's JSON and Markdown reports of a 1,000-account
// organisation are tens of MB, and building each as one string first (then encoding it) held several
// times that in memory at once. Pieces are gathered to about 1 MB before each write: few system calls,
// bounded memory. The bytes are exactly those of the whole-string version.
import { closeSync, openSync, writeSync } from 'node:fs';

const CHUNK = 1 << 20;

export class TextFileWriter {
  private readonly fd: number;
  private buffered = '';

  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }

  write(text: string): void {
    this.buffered += text;
    if (this.buffered.length >= CHUNK) this.flush();
  }

  private flush(): void {
    if (this.buffered) writeSync(this.fd, this.buffered);
    this.buffered = '';
  }

  /** Writes what is left and closes the file. */
  close(): void {
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }
}

/** Writes `text` pieces to `file`, closing it whatever happens. */
export function writeTextFile(file: string, write: (out: TextFileWriter) => void): void {
  const out = new TextFileWriter(file);
  try {
    write(out);
  } finally {
    out.close();
  }
}

/**
 * `JSON.stringify(value, null, 2) + '\n'`, written without building that string: objects and arrays down to
 * `depth` levels are written member by member, anything deeper is stringified whole (and re-indented).
 */
export function writeJsonFile(file: string, value: unknown, depth = 3): void {
  writeTextFile(file, (out) => {
    writeJson(out, value, '', depth);
    out.write('\n');
  });
}

function writeJson(out: TextFileWriter, value: unknown, indent: string, depth: number): void {
  const structured = depth > 0 && value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
  if (!structured) {
    // JSON.stringify's own rules for everything else (toJSON, numbers, strings, null).
    out.write((JSON.stringify(value, null, 2) ?? 'null').replace(/\n/g, `\n${indent}`));
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (!value.length) {
      out.write('[]');
      return;
    }
    out.write('[');
    value.forEach((item, i) => {
      out.write(`${i ? ',' : ''}\n${inner}`);
      // In an array, what JSON cannot hold (undefined, functions, symbols) is null.
      writeJson(out, omitted(item) ? null : item, inner, depth - 1);
    });
    out.write(`\n${indent}]`);
    return;
  }
  // In an object, a member JSON cannot hold is left out.
  const entries = Object.entries(value).filter(([, v]) => !omitted(v));
  if (!entries.length) {
    out.write('{}');
    return;
  }
  out.write('{');
  entries.forEach(([key, item], i) => {
    out.write(`${i ? ',' : ''}\n${inner}${JSON.stringify(key)}: `);
    writeJson(out, item, inner, depth - 1);
  });
  out.write(`\n${indent}}`);
}

const omitted = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';
