// Turn YAML syntax errors and zod issues into `file:line: message` errors (exit 2).
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { UserInputError } from '../core/errors.js';

export interface ParsedYaml {
  doc: Document;
  lines: LineCounter;
  value: unknown;
}

export function parseYamlFile(text: string, file: string): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0]?.line ?? (first.pos ? lines.linePos(first.pos[0]).line : undefined);
    const message = first.message.split('\n')[0] ?? first.message;
    throw new UserInputError(`YAML syntax error: ${message}`, file, line);
  }
  return { doc, lines, value: doc.toJS() };
}

/** The line of the node at `path` (or of its nearest existing parent). */
export function lineOf(parsed: ParsedYaml, path: readonly PropertyKey[]): number | undefined {
  let node: unknown = parsed.doc.contents;
  let best: number | undefined = rangeLine(parsed, node);
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      best = rangeLine(parsed, pair.key) ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      best = rangeLine(parsed, node) ?? best;
    } else break;
  }
  return best;
}

function rangeLine(parsed: ParsedYaml, node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? parsed.lines.linePos(range[0]).line : undefined;
}

/** Validate with zod; the first issue becomes a UserInputError naming the file, line and key. */
export function validateYaml<T>(schema: z.ZodType<T>, parsed: ParsedYaml, file: string, known?: Record<string, string[]>): T {
  const result = schema.safeParse(parsed.value);
  if (result.success) return result.data;
  // A typo in a key also makes a required key "missing": report the typo, which explains both.
  const issue = result.error.issues.find((i) => i.code === 'unrecognized_keys') ?? result.error.issues[0]!;
  const path = issue.path as PropertyKey[];
  let message = issue.message;
  let where = path;
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys: string[] }).keys;
    const options = known?.[path.join('.')] ?? [];
    const hint = keys.map((k) => suggestion(k, options)).find(Boolean);
    message = `unknown key ${keys.map((k) => `"${k}"`).join(', ')}${path.length ? ` in "${path.join('.')}"` : ''}${hint ? ` (did you mean "${hint}"?)` : ''}`;
    where = [...path, keys[0]!];
  } else if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) {
    message = `missing required key "${path.join('.')}"`;
  } else {
    message = `${path.length ? `"${path.join('.')}": ` : ''}${issue.message}`;
  }
  throw new UserInputError(message, file, lineOf(parsed, where));
}

/** Closest known key by edit distance, when close enough to be a typo. */
export function suggestion(word: string, options: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const option of options) {
    const d = editDistance(word.toLowerCase(), option.toLowerCase());
    if (d < bestDistance) {
      best = option;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
