// A deterministic zip: entries in the order given (callers sort them), one fixed timestamp, fixed
// compression level, no platform attributes; written straight to a file descriptor (fflate's Zip emits
// each compressed chunk synchronously), so memory stays flat however large the runs are.
import { closeSync, openSync, writeSync } from 'node:fs';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

/** 1980-01-01 00:00 in local time: zip stores local date fields, so this encodes the same in every time zone. */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);

export class DeterministicZip {
  private readonly zip: Zip;
  private error: Error | null = null;
  bytes = 0;

  constructor(private readonly fd: number) {
    this.zip = new Zip((err, chunk) => {
      if (err) {
        this.error ??= err;
        return;
      }
      writeSync(this.fd, chunk);
      this.bytes += chunk.length;
    });
  }

  static open(file: string): DeterministicZip {
    return new DeterministicZip(openSync(file, 'w'));
  }

  /** Add one entry; `chunks` may be one buffer or a sequence (streamed through the compressor). */
  add(name: string, chunks: Uint8Array | Iterable<Uint8Array>, compress = true): void {
    const entry = compress ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name);
    entry.mtime = FIXED_MTIME;
    this.zip.add(entry);
    if (chunks instanceof Uint8Array) entry.push(chunks, true);
    else {
      let previous: Uint8Array | null = null;
      for (const chunk of chunks) {
        if (previous) entry.push(previous);
        previous = chunk;
      }
      entry.push(previous ?? new Uint8Array(0), true);
    }
    if (this.error) throw this.error;
  }

  close(): void {
    this.zip.end();
    closeSync(this.fd);
    if (this.error) throw this.error;
  }
}
