// The output folder is checked before anything is collected: a run that cannot be written is bad input
// (exit 2), found in milliseconds, not after minutes of collection.
import { accessSync, constants, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserInputError } from '../core/errors.js';

/**
 * Proves `dir` can be created and written without creating anything (a run that turns out not to be a
 * run leaves no folder behind): the nearest existing ancestor must be a folder we can write in (a probe
 * file, removed at once). Node's recursive mkdir spins forever under /proc; this fails there at once.
 * Throws UserInputError naming the folder and the reason.
 */
export function prepareOutDir(dir: string, flag = '--out'): void {
  const absolute = path.resolve(dir);
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
      if (code !== 'ENOENT')
        throw new UserInputError(
          `${flag} ${dir}: ${code === 'ENOTDIR' ? 'part of this path is a file, not a folder' : `cannot use this folder (${code ?? String(err)})`}`,
        );
      const parent = path.dirname(existing);
      if (parent === existing) break;
      existing = parent;
    }
  }
  try {
    accessSync(existing, constants.W_OK);
    const probe = path.join(existing, `.soc2-evidence-write-probe-${process.pid}-${Date.now()}`);
    mkdirSync(probe);
    rmSync(probe, { recursive: true, force: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserInputError(`${flag} ${dir}: the folder cannot be written (${code ?? String(err)})`);
  }
}
