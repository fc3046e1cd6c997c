// A deterministic zip: entries in the order given (callers sort them), one fixed timestamp, one
// compression level, no platform attributes, written straight to a file descriptor so memory stays
// flat however large the runs are. fflate lays out the archive (headers, data descriptors, central
// directory); the deflating is Node's own zlib (native, several times faster than JavaScript deflate).
// Same input, same Node (zlib) version → same bytes.
import { closeSync, openSync, writeSync } from 'node:fs';
import zlib from 'node:zlib';
import { Zip, type ZipInputFile } from 'fflate';

/** 1980-01-01 00:00 in local time: zip stores local date fields, so this encodes the same in every time zone. */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
const LEVEL = 6;

const CRC_TABLE = Array.from({ length: 256 }, (_v, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** zlib.crc32 (Node ≥ 20.15), else the same CRC-32 in JavaScript. */
function crc32(data: Uint8Array, previous = 0): number {
  const native = (zlib as unknown as { crc32?: (d: Uint8Array, v?: number) => number }).crc32;
  if (native) return native(data, previous);
  let c = (previous ^ 0xffffffff) >>> 0;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

type Entry = ZipInputFile & { ondata?: (err: Error | null, data: Uint8Array, final: boolean) => void };

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

  private entry(name: string): Entry {
    const entry: Entry = { filename: name, compression: 8, mtime: FIXED_MTIME, size: 0, crc: 0 };
    this.zip.add(entry);
    return entry;
  }

  /** Add one entry held in memory. */
  add(name: string, data: Uint8Array): void {
    const entry = this.entry(name);
    entry.size = data.length;
    entry.crc = crc32(data);
    entry.ondata!(null, zlib.deflateRawSync(data, { level: LEVEL }), true);
    if (this.error) throw this.error;
  }

  /** Add one entry from a sequence of chunks, compressed as a stream (large files). */
  async addStream(name: string, chunks: Iterable<Uint8Array>): Promise<void> {
    const entry = this.entry(name);
    const deflate = zlib.createDeflateRaw({ level: LEVEL });
    const ended = new Promise<void>((resolve, reject) => {
      deflate.on('data', (c: Buffer) => entry.ondata!(null, c, false));
      deflate.on('end', resolve);
      deflate.on('error', reject);
    });
    let crc = 0;
    let size = 0;
    for (const chunk of chunks) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
    }
    deflate.end();
    await ended;
    entry.size = size;
    entry.crc = crc;
    entry.ondata!(null, new Uint8Array(0), true);
    if (this.error) throw this.error;
  }

  close(): void {
    this.zip.end();
    closeSync(this.fd);
    if (this.error) throw this.error;
  }
}
