// Reads the project's own source as text, for the architecture and least-privilege tests.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function sources(dir: string): Array<{ file: string; text: string }> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: path.join(dir, f), text: readFileSync(path.join(dir, f), 'utf8') }));
}

/** Static imports and dynamic `import('…')` of a source file. */
export const importsOf = (text: string) => [
  ...[...text.matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]!),
  ...[...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!),
];

/** Every `…Command` imported from an AWS SDK client anywhere in the collectors. */
export function awsCommandsUsed(): Array<{ client: string; command: string; file: string }> {
  const out: Array<{ client: string; command: string; file: string }> = [];
  for (const { file, text } of sources('src/collectors')) {
    for (const m of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*['"]@aws-sdk\/(client-[a-z0-9-]+)['"]/g)) {
      const isTypeOnly = /^import\s+type/.test(m[0]);
      for (const raw of m[1]!.split(',')) {
        const name = raw
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)[0]!;
        if (!isTypeOnly && !raw.trim().startsWith('type ') && /Command$/.test(name)) out.push({ client: m[2]!, command: name, file });
      }
    }
  }
  return out;
}
