// `prepare`: build dist/. npm runs it after `npm install` / `npm ci` in a clone, and when installing from
// git. For a global git install (`npm install -g --install-links github:OWNER/REPO`) npm does not install
// the dev dependencies first, although its documentation says it does (npm/cli#8440), so the compiler is
// missing: install them here, into this folder, from the lock file, then build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const here = process.cwd();
const run = (args, env = process.env) => {
  const r = spawnSync('npm', args, { cwd: here, env, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (!existsSync('node_modules/typescript/package.json')) {
  // The outer global install's settings (global, prefix) would send this install elsewhere.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_(global|prefix|location|omit|include|only|production)$/i.test(k)));
  run(['ci', '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund', `--prefix=${here}`], env);
}
run(['run', 'build']);
