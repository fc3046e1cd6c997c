// findings.json, written one finding at a time: the same bytes as `JSON.stringify({ findings }, null, 2)`
// without ever building that string, which a large organisation's run exceeds (V8 caps a string at
// about 512 MiB: "RangeError: Invalid string length"). Read back whole when the file fits in a
// string, else finding by finding over the same layout.
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { writeJsonFile } from '../core/text-file.js';
import type { Finding } from '../core/types.js';

/** Bytes read at a time. */
const CHUNK = 1 << 20;

/** Writes `{ findings }` exactly as `JSON.stringify({ findings }, null, 2)` + newline would, a finding at a time. */
export function writeFindingsFile(file: string, findings: readonly Finding[]): void {
  writeJsonFile(file, { findings }, 2);
}

/** Above this size the file is not read into one string (V8's limit is about 512 MiB of UTF-16 units). */
export const WHOLE_READ_LIMIT = 256 * 1024 * 1024;

/**
 * The findings of a findings.json. Files of ordinary size are parsed whole (any valid JSON layout);
 * larger ones are read in chunks over the layout `writeFindingsFile` writes, one finding per
 * `    {` … `    }` block. Throws (SyntaxError) on anything else.
 */
export function readFindingsFile(file: string, wholeReadLimit = WHOLE_READ_LIMIT): Finding[] {
  if (statSync(file).size <= wholeReadLimit) {
    return (JSON.parse(readFileSync(file, 'utf8')) as { findings: Finding[] }).findings;
  }
  const findings: Finding[] = [];
  let state: 'head' | 'list' | 'end' = 'head';
  let current: string[] = [];
  for (const line of lines(file)) {
    if (state === 'head') {
      if (line === '{') continue;
      if (line === '  "findings": [') state = 'list';
      else if (line === '  "findings": []') state = 'end';
      else throw new SyntaxError(`findings.json: unexpected line "${line.slice(0, 80)}"`);
    } else if (state === 'list') {
      if (line === '  ]') {
        if (current.length) throw new SyntaxError('findings.json: unterminated finding');
        state = 'end';
      } else if (line === '    },' || line === '    }') {
        current.push('}');
        findings.push(JSON.parse(current.join('\n')) as Finding);
        current = [];
      } else {
        current.push(line);
      }
    } else if (line !== '}' && line !== '') {
      throw new SyntaxError(`findings.json: unexpected line after the list "${line.slice(0, 80)}"`);
    }
  }
  if (state !== 'end') throw new SyntaxError('findings.json: the list of findings is not closed');
  return findings;
}

/** The file's lines, read a chunk at a time (lines split across chunks are joined at the byte level). */
function* lines(file: string): Generator<string> {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(CHUNK);
    let rest: Buffer = Buffer.alloc(0);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      let data = Buffer.concat([rest, buf.subarray(0, n)]);
      for (let nl = data.indexOf(0x0a); nl >= 0; nl = data.indexOf(0x0a)) {
        yield data.toString('utf8', 0, nl);
        data = data.subarray(nl + 1);
      }
      rest = Buffer.from(data);
    }
    if (rest.length) yield rest.toString('utf8');
  } finally {
    closeSync(fd);
  }
}
