// idp.provider: csv — the same evidence as the APIs, from a user export. The file is validated before the
// run starts (preflightIdp): a bad file or row stops everything with exit 2, naming the file and line.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../../config/schema.js';
import { UserInputError } from '../../../core/errors.js';
import { collected, failed } from '../../../core/types.js';
import type { IdpEvidence, IdpUser } from '../../../evidence/idp.js';
import { idpHost } from '../../../config/idp-host.js';
import type { CollectContext, SourceResult } from '../../types.js';
import { sourceResult } from '../common.js';
import { FORMAT_TITLES, parseExport, type ParsedExport } from './parse.js';

function readExport(config: Config, baseDir: string): { parsed: ParsedExport; file: string; sha256: string } {
  const idp = config.idp;
  if (idp?.provider !== 'csv') throw new Error('not a csv idp');
  const file = path.resolve(baseDir, idp.file);
  const shown = path.relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserInputError(
      `cannot read the ${FORMAT_TITLES[idp.format]} named by idp.file: ` +
        `${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
      shown,
    );
  }
  try {
    return { parsed: parseExport(text, shown, idp.format), file: shown, sha256: createHash('sha256').update(text).digest('hex') };
  } catch (err) {
    // Duplicate-user errors are raised without the file name; add it.
    if (err instanceof UserInputError && !err.file) throw new UserInputError(err.message, shown, err.line);
    throw err;
  }
}

/** The file attached to an `idp.mfaEnforced` declaration, hashed; a missing file is bad input. */
function readDeclarationEvidence(config: Config, baseDir: string): { file: string; sha256: string } | undefined {
  const idp = config.idp;
  if (idp?.provider !== 'csv' || !idp.mfaEnforced?.evidence) return undefined;
  const file = path.resolve(baseDir, idp.mfaEnforced.evidence);
  try {
    return { file: idp.mfaEnforced.evidence, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserInputError(
      `cannot read the evidence file of the idp.mfaEnforced declaration: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
      path.relative(process.cwd(), file) || file,
    );
  }
}

/** Validates the configured IdP input before anything is collected or written (CSV exports only). */
export function preflightIdp(config: Config, baseDir: string): void {
  if (config.idp?.provider === 'csv') {
    readExport(config, baseDir);
    readDeclarationEvidence(config, baseDir);
  }
}

export async function collectCsv(ctx: CollectContext): Promise<SourceResult<IdpEvidence>> {
  const idp = ctx.config.idp;
  if (idp?.provider !== 'csv') throw new Error('collectCsv called without a csv config');
  let read: ReturnType<typeof readExport>;
  let attached: ReturnType<typeof readDeclarationEvidence>;
  try {
    read = readExport(ctx.config, ctx.baseDir);
    attached = readDeclarationEvidence(ctx.config, ctx.baseDir);
  } catch (err) {
    // The CLI validates the file before the run (preflightIdp); this only guards other callers.
    const reason = err instanceof UserInputError ? err.describe() : (err as Error).message;
    return { outcome: { source: 'idp', status: 'failed', reason, missingPermissions: [], requests: {} } };
  }
  const { parsed, file, sha256 } = read;
  const title = FORMAT_TITLES[idp.format];
  const ref = ctx.store.record({
    source: 'idp',
    service: 'csv',
    operation: `read ${title}`,
    parameters: { file, sha256, format: idp.format, rows: parsed.rows },
    response: { header: parsed.header, users: parsed.users },
  });
  const refs = [ref];
  const sourceLabel = `the ${title} ${path.basename(file)}`;
  const users: IdpUser[] = parsed.users.map((u) => ({
    ...u,
    factors: u.factors ? collected(u.factors, refs) : failed({ kind: 'invalid_response', message: `${sourceLabel} has no MFA factors.` }, refs),
    refs,
  }));
  const admins = parsed.admins
    ? collected(parsed.admins, refs)
    : failed<never>(
        {
          kind: 'invalid_response',
          message: `${sourceLabel} does not say who is an administrator (add an "Admin roles" or "Admin" column).`,
          missingPermission: 'an admin column in the export',
        },
        refs,
      );
  let mfaPolicy: IdpEvidence['mfaPolicy'];
  if (idp.mfaEnforced !== undefined) {
    const d = idp.mfaEnforced;
    const declared = {
      kind: 'declared' as const,
      enforced: d.value,
      file,
      ...(d.declaredBy ? { declaredBy: d.declaredBy } : {}),
      ...(d.reason ? { reason: d.reason } : {}),
      ...(attached ? { evidenceFile: attached.file, evidenceSha256: attached.sha256 } : {}),
    };
    // The declaration itself is evidence: what was declared, by whom, and the attached file's hash.
    const declarationRef = ctx.store.record({
      source: 'idp',
      service: 'config',
      operation: 'declared idp.mfaEnforced',
      parameters: { file },
      response: declared,
    });
    mfaPolicy = collected(declared, [declarationRef, ...refs]);
  } else if (idp.format === 'google' && !parsed.missing.includes('2sv Enforced')) {
    mfaPolicy = collected({ kind: 'google', policies: null, policyApiError: `a user export (${path.basename(file)}) carries no policy` }, refs);
  } else {
    mfaPolicy = failed(
      {
        kind: 'invalid_response',
        message: `${sourceLabel} does not contain the tenant's MFA policy; read it from the API, or state it in the config as idp.mfaEnforced.`,
        missingPermission: 'idp.mfaEnforced (config)',
      },
      refs,
    );
  }
  const evidence: IdpEvidence = { provider: 'csv', tenant: idpHost(ctx.config), sourceLabel, users: collected(users, refs), admins, mfaPolicy };
  return sourceResult(evidence, undefined, ctx);
}
