// One output file written whole or not at all: write beside the target, then rename.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserInputError, errorMessage } from '../core/errors.js';

export function writeFileAtomically(file: string, data: Buffer | string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.partial`);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new UserInputError(`cannot write (${(err as NodeJS.ErrnoException).code ?? errorMessage(err)})`, file);
  }
}
