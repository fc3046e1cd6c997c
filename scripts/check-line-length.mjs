// No line over 160 characters in the repository's source: Biome's formatter wraps code at 160, but it
// cannot break a long string literal or comment, so this check catches what is left.
//
// Checked: git-tracked TypeScript/JavaScript, YAML and shell files, .ci/run and the Dockerfile.
// Not checked: Markdown (README and docs are prose, one paragraph a line), JSON (the lock file, the
// generated CloudFormation templates and the vendored OSCAL schema are not written by hand, and a JSON
// string cannot be broken), CSV fixtures, and everything under vendor/ and deploy/cloudformation/.
//
// Usage: node scripts/check-line-length.mjs   (exit 1 and a `file:line (N chars)` list when a line is too long)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const MAX = 160;
const EXTENSIONS = /\.(ts|mts|cts|js|mjs|cjs|ya?ml|sh)$/;
const NAMED = new Set(['.ci/run', 'Dockerfile']);
const EXCLUDED = [/^vendor\//, /^deploy\/cloudformation\//];

const files = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  .split('\0')
  .filter((f, i, all) => all.indexOf(f) === i) // an unmerged file is listed once per stage
  .filter((f) => f && (EXTENSIONS.test(f) || NAMED.has(f)) && !EXCLUDED.some((re) => re.test(f)) && existsSync(f));

const long = [];
for (const file of files) {
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    const chars = [...line.replace(/\r$/, '')].length; // characters (code points), not UTF-16 units
    if (chars > MAX) long.push(`${file}:${i + 1} (${chars} chars)`);
  });
}

if (long.length) {
  console.error(`${long.length} line(s) over ${MAX} characters:`);
  for (const l of long) console.error(`  ${l}`);
  process.exit(1);
}
console.log(`line length: ${files.length} files, no line over ${MAX} characters`);
