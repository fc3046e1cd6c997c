// Raw API evidence, one file per response, named by the SHA-256 of its bytes (content-addressed).
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EvidenceRef, SourceName } from '../core/types.js';

/**
 * What of a response (or of the request parameters) is kept as evidence: `true` keeps the value whole,
 * an object keeps only the keys it names (`'*'` applies to every key of a map), and an array's items
 * are each kept by the same spec. Everything not named is dropped: evidence is allow-listed, so a
 * token, phone number or custom profile attribute a vendor adds tomorrow is never written.
 */
export type Keep = true | { readonly [key: string]: Keep };

export interface EvidenceRecord {
  source: SourceName;
  /** Vendor's name of the service, e.g. `iam`, `github`, `okta`. */
  service: string;
  /** `service:Operation`, e.g. `iam:GetCredentialReport`, or `GET /orgs/{org}`. */
  operation: string;
  parameters?: unknown;
  account?: string;
  region?: string;
  requestId?: string;
  response: unknown;
  /** What of `response` is kept (see Keep). Without it, only the legacy secret-key redaction applies. */
  keep?: Keep;
  /** What of `parameters` is kept. Without it, only the legacy secret-key redaction applies. */
  keepParameters?: Keep;
}

/** The allow-listed part of `value`. */
export function project(value: unknown, keep: Keep): unknown {
  if (value instanceof Date) return value.toISOString();
  if (keep === true) return redactSecrets(value);
  if (Array.isArray(value)) return value.map((v) => project(v, keep));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const spec = keep[k] ?? keep['*'];
    if (spec !== undefined && v !== undefined) out[k] = project(v, spec);
  }
  return out;
}

/** Keys whose values are secrets wherever they appear: a last line of defence inside kept subtrees. */
const SECRET_KEY_NAMES = [
  'secretaccesskey',
  'sessiontoken',
  'secret',
  'client_secret',
  'clientsecret',
  'access_token',
  'accesstoken',
  'refresh_token',
  'refreshtoken',
  'id_token',
  'idtoken',
  'private_key',
  'privatekey',
  'password',
  'token',
  'authorization',
  'apikey',
  'api_key',
  'client_assertion',
  'assertion',
  'x-amz-signature',
  'x-amz-security-token',
];
const SECRET_KEYS = new RegExp(`^(${SECRET_KEY_NAMES.join('|')})$`, 'i');

export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '$metadata') continue;
      out[k] = SECRET_KEYS.test(k) && v !== null && typeof v !== 'boolean' && typeof v !== 'number' ? '[redacted]' : redactSecrets(v);
    }
    return out;
  }
  return value;
}

export class EvidenceStore {
  private count = 0;
  private bytes = 0;
  /** Files written (a response seen twice is one file). */
  private readonly written = new Set<string>();
  private writeError: unknown;

  /** `dir` is the run folder being written; `null` keeps nothing on disk (pure-evaluation tests). */
  constructor(
    private readonly dir: string | null,
    private readonly clock: () => Date = () => new Date(),
  ) {
    if (dir) mkdirSync(path.join(dir, 'evidence'), { recursive: true });
  }

  /** Credential values of this run (from the environment, or issued during it): never written, wherever they appear. */
  private readonly secrets = new Set<string>();

  /** Registers a credential value (a token, key or secret); every later record has it replaced. */
  addSecret(value: string | undefined): void {
    // Very short values would redact ordinary words; no real credential is that short.
    if (value && value.length >= 8) this.secrets.add(value);
  }

  record(record: EvidenceRecord): EvidenceRef {
    const collectedAt = this.clock().toISOString();
    let body = JSON.stringify(
      {
        source: record.source,
        service: record.service,
        operation: record.operation,
        parameters: record.keepParameters ? project(record.parameters ?? {}, record.keepParameters) : redactSecrets(record.parameters ?? {}),
        account: record.account,
        region: record.region,
        requestId: record.requestId,
        collectedAt,
        response: record.keep ? project(record.response, record.keep) : redactSecrets(record.response),
      },
      null,
      1,
    );
    // A token inside a string (an error message, a URL) is not a key the projection can see.
    for (const secret of this.secrets) {
      const escaped = JSON.stringify(secret).slice(1, -1);
      if (body.includes(escaped)) body = body.split(escaped).join('[redacted]');
    }
    const sha256 = createHash('sha256').update(body).digest('hex');
    const file = `evidence/${sha256}.json`;
    if (this.dir && !this.written.has(file)) {
      this.written.add(file);
      // Synchronously: an evidence file is a few KB, and writing it here costs about 30 µs of CPU against
      // about 80 µs through the thread pool (open, write and close each a round trip, and a promise per file),
      // which at organisation scale (tens of thousands of files) was a tenth of the collection's CPU.
      try {
        writeFileSync(path.join(this.dir, file), body);
      } catch (err) {
        this.writeError ??= err;
      }
    }
    this.count++;
    this.bytes += body.length;
    return { file, sha256, source: record.source, operation: record.operation, collectedAt };
  }

  /** Take in an evidence file another run stored (a shard's, for `merge`); same name = same content. */
  adopt(file: string, from: string): void {
    if (!this.dir || this.written.has(file)) return;
    this.written.add(file);
    copyFileSync(from, path.join(this.dir, file));
  }

  /** Count records made elsewhere (a shard's), so the merged run's counts cover them. */
  countRecorded(files: number): void {
    this.count += files;
  }

  /** Throws the first write error, if any. Call before the run folder is sealed. */
  async flush(): Promise<void> {
    if (this.writeError) throw this.writeError;
  }

  stats(): { files: number; bytes: number } {
    return { files: this.count, bytes: this.bytes };
  }
}
