// The S3 store: runs at `s3://BUCKET/PREFIX/RUN_ID/…`, written object by object with manifest.json
// last (a prefix without it is an incomplete run: never a previous run, reported by verify). With a
// retention, every object is put under Object Lock with its SHA-256 checksum, which is the hash the
// manifest records, so S3 itself refuses bytes that differ from the manifest.
import { envCredentials, envEndpoint } from '../core/aws-env.js';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  GetObjectCommand,
  GetObjectLockConfigurationCommand,
  GetObjectRetentionCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { errorMessage, UserInputError } from '../core/errors.js';
import { listRunFiles, MANIFEST_FILE, SIGNATURE_FILE, type Manifest } from '../run/manifest.js';
import type { RunStore, Staging, StoredObjectRetention, StoreOptions, StoreVerifyResult } from './types.js';

/** Files of an earlier run that month-over-month change reads. */
const PREVIOUS_RUN_FILES = ['run.json', 'findings.json', 'gaps.json'] as const;

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.pdf': 'application/pdf',
  '.sig': 'application/octet-stream',
};

export function parseS3Location(location: string): { bucket: string; prefix: string } {
  const m = location.match(/^s3:\/\/([^/]+)\/?(.*)$/);
  if (!m || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(m[1]!))
    throw new UserInputError(`"${location}" is not an S3 location: expected s3://BUCKET/PREFIX with a valid bucket name`);
  const prefix = m[2]!.replace(/\/+$/, '');
  return { bucket: m[1]!, prefix: prefix ? `${prefix}/` : '' };
}

/** An S3 client from the run's environment: default credential chain, AWS_ENDPOINT_URL[_S3] path-style. */
export function storeClient(env: NodeJS.ProcessEnv): S3Client {
  const endpoint = envEndpoint(env, 'S3');
  const credentials = envCredentials(env);
  return new S3Client({
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    ...(credentials ? { credentials } : {}),
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    followRegionRedirects: true,
    // The store sends its own SHA-256 with every object and hashes what it reads back itself.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

const errorName = (err: unknown) => (err as { name?: string }).name ?? '';
const httpStatus = (err: unknown) => (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
/** S3 says the bucket has no Object Lock; an S3-compatible store without the feature says NotImplemented. */
const noObjectLock = (err: unknown) => ['ObjectLockConfigurationNotFoundError', 'NotImplemented'].includes(errorName(err));
const notFound = (err: unknown) => ['NoSuchKey', 'NotFound'].includes(errorName(err)) || httpStatus(err) === 404;

export class S3RunStore implements RunStore {
  readonly kind = 's3' as const;
  private readonly bucket: string;
  private readonly prefix: string;
  private clientInstance: S3Client | undefined;

  constructor(
    readonly location: string,
    private readonly options: StoreOptions,
  ) {
    ({ bucket: this.bucket, prefix: this.prefix } = parseS3Location(location));
  }

  private get client(): S3Client {
    this.clientInstance ??= storeClient(this.options.env);
    return this.clientInstance;
  }

  private key(runId: string, file = ''): string {
    return `${this.prefix}${runId}/${file}`;
  }

  locationOf(runId: string): string {
    return `s3://${this.bucket}/${this.key(runId)}`.replace(/\/$/, '');
  }

  /** Bad input (exit 2) for what the user can fix: the bucket, its Object Lock, credentials, permissions. */
  private userError(err: unknown, action: string): Error {
    const name = errorName(err);
    if (name === 'NoSuchBucket') return new UserInputError(`bucket "${this.bucket}" does not exist (or belongs to another account)`, this.location);
    if (name === 'CredentialsProviderError')
      return new UserInputError(
        `no AWS credentials for the run store (the default chain: AWS_PROFILE, SSO, instance or task role, AWS_ACCESS_KEY_ID…): ${errorMessage(err)}`,
        this.location,
      );
    if (name === 'AccessDenied' || httpStatus(err) === 403)
      return new UserInputError(`access denied to ${action} on bucket "${this.bucket}": the writer needs policy/store-policy.json`, this.location);
    return err instanceof Error ? err : new Error(String(err));
  }

  async prepare(): Promise<void> {
    const retention = this.options.retention;
    if (retention) {
      let enabled = false;
      try {
        const out = await this.client.send(new GetObjectLockConfigurationCommand({ Bucket: this.bucket }));
        enabled = out.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled';
      } catch (err) {
        if (!noObjectLock(err)) throw this.userError(err, 's3:GetBucketObjectLockConfiguration');
      }
      if (!enabled) {
        throw new UserInputError(
          `bucket "${this.bucket}" does not have S3 Object Lock enabled, so a ${retention.days}-day ` +
            `${retention.mode} retention cannot be applied: store runs in a bucket created ` +
            'with Object Lock, or drop store.retainDays / --retain-days',
          this.location,
        );
      }
    }
    try {
      await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix, MaxKeys: 1 }));
    } catch (err) {
      throw this.userError(err, 's3:ListBucket');
    }
  }

  async stage(): Promise<Staging> {
    const scratch = mkdtempSync(path.join(tmpdir(), 'soc2-store-'));
    const cleanup = () => rmSync(scratch, { recursive: true, force: true });
    try {
      const outDir = path.join(scratch, 'out');
      const stored = await this.listRunPrefixes();
      // Stand-ins for the stored runs, so the pipeline's run id never repeats one of them.
      for (const id of stored) mkdirSync(path.join(outDir, id), { recursive: true });
      mkdirSync(outDir, { recursive: true });
      const previous = await this.latestCompleteRun(stored);
      if (!previous) return { outDir, cleanup };
      const previousRunsDir = path.join(scratch, 'previous');
      await this.fetchRun(previous, previousRunsDir, PREVIOUS_RUN_FILES);
      return { outDir, previousRunsDir, cleanup };
    } catch (err) {
      cleanup();
      throw err;
    }
  }

  /** Run prefixes under the store's prefix (complete or not), sorted. */
  async listRunPrefixes(): Promise<string[]> {
    const ids: string[] = [];
    let token: string | undefined;
    do {
      const out = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix, Delimiter: '/', ...(token ? { ContinuationToken: token } : {}) }),
      );
      for (const p of out.CommonPrefixes ?? []) {
        const id = (p.Prefix ?? '').slice(this.prefix.length).replace(/\/$/, '');
        if (id && !id.startsWith('.')) ids.push(id);
      }
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return ids.sort();
  }

  private async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (err) {
      if (notFound(err)) return false;
      throw err;
    }
  }

  async listRuns(): Promise<string[]> {
    const ids = await this.listRunPrefixes();
    const limit = pLimit(this.options.concurrency ?? 16);
    const complete = await Promise.all(ids.map((id) => limit(async () => ((await this.exists(this.key(id, MANIFEST_FILE))) ? id : undefined))));
    return complete.filter((id): id is string => id !== undefined);
  }

  /** The latest complete, unsharded run (a shard run has no findings to compare with), before `before` if given. */
  async latestCompleteRun(ids?: string[], before?: string): Promise<string | undefined> {
    for (const id of [...(ids ?? (await this.listRunPrefixes()))].reverse()) {
      if (before !== undefined && id >= before) continue;
      if (!(await this.exists(this.key(id, MANIFEST_FILE)))) continue;
      const run = await this.readText(id, 'run.json');
      if (run === undefined || (JSON.parse(run) as { shard?: unknown }).shard) continue;
      return id;
    }
    return undefined;
  }

  /** A local copy of the files change needs of the latest complete run before `runId`; returns its parent folder. */
  async fetchPreviousRun(runId: string, scratchDir: string): Promise<string | undefined> {
    const previous = await this.latestCompleteRun(undefined, runId);
    if (!previous) return undefined;
    await this.fetchRun(previous, scratchDir, PREVIOUS_RUN_FILES);
    return scratchDir;
  }

  private async readText(runId: string, file: string): Promise<string | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(runId, file) }));
      return await out.Body!.transformToString('utf8');
    } catch (err) {
      if (notFound(err)) return undefined;
      throw err;
    }
  }

  /** Every object key of a run, relative to the run (sorted). */
  private async runObjects(runId: string): Promise<string[]> {
    const base = this.key(runId);
    const files: string[] = [];
    let token: string | undefined;
    do {
      const out = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: base, ...(token ? { ContinuationToken: token } : {}) }));
      for (const o of out.Contents ?? []) if (o.Key) files.push(o.Key.slice(base.length));
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return files.sort();
  }

  async fetchRun(runId: string, scratchDir: string, files?: readonly string[]): Promise<string> {
    const dir = path.join(scratchDir, runId);
    const wanted = files ?? (await this.runObjects(runId));
    if (!files && wanted.length === 0) throw new UserInputError('no run stored here (no objects under this prefix)', this.locationOf(runId));
    const limit = pLimit(this.options.concurrency ?? 16);
    await Promise.all(
      wanted.map((file) =>
        limit(async () => {
          try {
            const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(runId, file) }));
            mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
            await pipeline(out.Body as Readable, createWriteStream(path.join(dir, file)));
          } catch (err) {
            // A file a reader merely hoped for (gaps.json of an old run) may be absent.
            if (!(files && notFound(err))) throw err;
          }
        }),
      ),
    );
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  async publish(localRunDir: string, runId: string): Promise<string> {
    const taken = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.key(runId), MaxKeys: 1 }));
    if ((taken.KeyCount ?? taken.Contents?.length ?? 0) > 0) {
      throw new Error(`${this.locationOf(runId)} already holds objects; a stored run is never overwritten`);
    }
    const manifest = JSON.parse(readFileSync(path.join(localRunDir, MANIFEST_FILE), 'utf8')) as Manifest;
    const lock = this.lockFields();
    const limit = pLimit(this.options.concurrency ?? 16);
    await Promise.all(
      listRunFiles(localRunDir).map((file) =>
        limit(() => this.put(this.key(runId, file), readFileSync(path.join(localRunDir, file)), lock, manifest.files[file])),
      ),
    );
    // A signed run's manifest.sig (not listed in the manifest it signs) goes up before the manifest.
    if (existsSync(path.join(localRunDir, SIGNATURE_FILE)))
      await this.put(this.key(runId, SIGNATURE_FILE), readFileSync(path.join(localRunDir, SIGNATURE_FILE)), lock);
    // Last: a run is complete once its manifest is there.
    await this.put(this.key(runId, MANIFEST_FILE), readFileSync(path.join(localRunDir, MANIFEST_FILE)), lock);
    return this.locationOf(runId);
  }

  async writeBeside(name: string, body: string): Promise<void> {
    await this.put(`${this.prefix}${name}`, Buffer.from(body), this.lockFields());
  }

  private lockFields(): { ObjectLockMode?: 'COMPLIANCE' | 'GOVERNANCE'; ObjectLockRetainUntilDate?: Date } {
    const r = this.options.retention;
    return r ? { ObjectLockMode: r.mode, ObjectLockRetainUntilDate: new Date(Date.now() + r.days * 86_400_000) } : {};
  }

  private async put(key: string, body: Buffer, lock: ReturnType<S3RunStore['lockFields']>, sha256Hex?: string): Promise<void> {
    const hex = sha256Hex ?? createHash('sha256').update(body).digest('hex');
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentLength: body.length,
        ContentType: CONTENT_TYPES[path.extname(key)] ?? 'application/octet-stream',
        ChecksumAlgorithm: 'SHA256',
        ChecksumSHA256: Buffer.from(hex, 'hex').toString('base64'),
        ...lock,
      }),
    );
  }

  async verifyRun(runId: string): Promise<StoreVerifyResult> {
    const objects = await this.runObjects(runId);
    if (objects.length === 0) throw new UserInputError('no run stored here (no objects under this prefix)', this.locationOf(runId));
    const location = this.locationOf(runId);
    const locked = await this.bucketHasObjectLock();
    const limit = pLimit(this.options.concurrency ?? 16);
    const retention = await Promise.all(objects.map((file) => limit(() => this.retentionOf(runId, file, locked))));
    const manifestText = objects.includes(MANIFEST_FILE) ? await this.readText(runId, MANIFEST_FILE) : undefined;
    if (manifestText === undefined) {
      return { runId, location, complete: false, matched: 0, added: objects, removed: [], changed: [], misnamed: [], symlinks: [], retention };
    }
    let manifest: Manifest;
    try {
      manifest = JSON.parse(manifestText) as Manifest;
      if (manifest.algorithm !== 'sha256' || typeof manifest.files !== 'object' || manifest.files === null) throw new Error('not a soc2-evidence manifest');
    } catch (err) {
      throw new UserInputError(`unreadable manifest: ${errorMessage(err)}`, `${location}/${MANIFEST_FILE}`);
    }
    // manifest.sig (a signed run) signs the manifest and is not listed in it.
    const stored = new Set(objects.filter((f) => f !== MANIFEST_FILE && f !== SIGNATURE_FILE));
    // S3 has no symlinks; an evidence object must still be named by its content's SHA-256.
    const result: StoreVerifyResult = {
      runId: manifest.runId,
      location,
      complete: true,
      matched: 0,
      added: [],
      removed: [],
      changed: [],
      misnamed: [],
      symlinks: [],
      retention,
    };
    const expected = Object.entries(manifest.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const hashes = await Promise.all(expected.map(([file]) => limit(async () => (stored.has(file) ? this.hashOf(runId, file) : undefined))));
    expected.forEach(([file, want], i) => {
      const actual = hashes[i];
      stored.delete(file);
      if (actual === undefined) result.removed.push(file);
      else if (actual === want) result.matched++;
      else result.changed.push({ file, expected: want, actual });
      if (actual !== undefined && /^evidence\/[0-9a-f]{64}\.json$/.test(file) && file !== `evidence/${actual}.json`) result.misnamed.push(file);
    });
    result.added = [...stored].sort();
    return result;
  }

  private async hashOf(runId: string, file: string): Promise<string> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(runId, file) }));
    const hash = createHash('sha256');
    for await (const chunk of out.Body as Readable) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }

  private async bucketHasObjectLock(): Promise<boolean> {
    try {
      const out = await this.client.send(new GetObjectLockConfigurationCommand({ Bucket: this.bucket }));
      return out.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled';
    } catch (err) {
      if (noObjectLock(err)) return false;
      throw this.userError(err, 's3:GetBucketObjectLockConfiguration');
    }
  }

  private async retentionOf(runId: string, file: string, locked: boolean): Promise<StoredObjectRetention> {
    if (!locked) return { file };
    try {
      const out = await this.client.send(new GetObjectRetentionCommand({ Bucket: this.bucket, Key: this.key(runId, file) }));
      return {
        file,
        ...(out.Retention?.Mode ? { mode: out.Retention.Mode } : {}),
        ...(out.Retention?.RetainUntilDate ? { until: out.Retention.RetainUntilDate.toISOString() } : {}),
      };
    } catch (err) {
      if (errorName(err) === 'NoSuchObjectLockConfiguration') return { file };
      throw this.userError(err, 's3:GetObjectRetention');
    }
  }

  destroy(): void {
    this.clientInstance?.destroy();
  }
}
