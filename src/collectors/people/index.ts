// The people declarations (config `people:`) and the HR file, as evidence the access checks read.
import { createHash } from 'node:crypto';
import type { Config } from '../../config/schema.js';
import { UserInputError } from '../../core/errors.js';
import { collected, failed } from '../../core/types.js';
import type { PeopleEvidence } from '../../evidence/people.js';
import type { EvidenceStore } from '../../run/evidence-store.js';
import { readHrFile } from './hr-file.js';

/** Validates the HR file before anything is collected or written. */
export function preflightPeople(config: Config, baseDir: string): void {
  readHrFile(config, baseDir);
}

export function collectPeople(config: Config, baseDir: string, store: EvidenceStore): PeopleEvidence {
  const people = config.people;
  const evidence: PeopleEvidence = { links: { ...(people?.links ?? {}) }, serviceAccounts: [...(people?.serviceAccounts ?? [])] };
  if (!people?.hrFile) return evidence;
  try {
    const hr = readHrFile(config, baseDir)!;
    // Hashed and kept like any API answer, so the pack shows which HR file the leaving dates came from.
    const ref = store.record({
      source: 'idp',
      service: 'hr',
      operation: 'read people.hrFile',
      parameters: { file: hr.file, sha256: createHash('sha256').update(hr.text).digest('hex'), rows: hr.records.length },
      response: { records: hr.records },
    });
    evidence.hr = collected({ file: hr.file, records: hr.records }, [ref]);
  } catch (err) {
    // The CLI validated the file before the run (preflightPeople); this only guards other callers.
    evidence.hr = failed({ kind: 'other', message: err instanceof UserInputError ? err.describe() : (err as Error).message });
  }
  return evidence;
}
