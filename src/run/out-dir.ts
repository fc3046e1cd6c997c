// The output folder is checked before anything is collected: a run that cannot be written is bad input
// (exit 2), found in milliseconds, not after minutes of collection.
import { accessSync, constants, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserInputError } from '../core/errors.js';

/**
 * Creates `dir` (one level at a time: Node's recursive mkdir spins forever under /proc) and proves it
 * writable with a probe file. Throws UserInputError naming the folder and the reason.
 */
export function prepareOutDir(dir: string, flag = '--out'): void {
  const absolute = path.resolve(dir);
  const missing: string[] = [];
  let existing = absolute;
  for (;;) {
    try {
      if (!statSync(existing).isDirectory()) {
        throw new UserInputError(`${flag} ${dir}: ${existing === absolute ? 'is a file, not a folder' : `${existing} is a file, not a folder`}`);
      }
      break;
    } catch (err) {
      if (err instanceof UserInputError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw new UserInputError(`${flag} ${dir}: ${code === 'ENOTDIR' ? 'part of this path is a file, not a folder' : `cannot use this folder (${code ?? String(err)})`}`);
      missing.unshift(existing);
      const parent = path.dirname(existing);
      if (parent === existing) break;
      existing = parent;
    }
  }
  try {
    accessSync(existing, constants.W_OK);
    for (const folder of missing) mkdirSync(folder);
    const probe = path.join(absolute, `.write-probe-${process.pid}-${Date.now()}`);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserInputError(`${flag} ${dir}: the folder cannot be written (${code ?? String(err)})`);
  }
}
