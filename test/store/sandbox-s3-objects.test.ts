// The sandbox's S3 object API, driven by the real @aws-sdk/client-s3 over HTTP: Object Lock headers
// and checksums, listing with a delimiter and continuation, and locked versions S3 will not let go.
import { createHash } from 'node:crypto';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectLockConfigurationCommand,
  GetObjectRetentionCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  PutObjectRetentionCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/server.js';
import { storeCompany, storeEnv } from '../../src/sandbox/store-company.js';
import { storeClient } from '../../src/store/s3.js';

const sha = (s: string) => createHash('sha256').update(s).digest('base64');
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000);

let sandbox: SandboxHandle;
let s3: S3Client;
beforeAll(async () => {
  const company = storeCompany([{ name: 'locked', objectLock: {} }, { name: 'plain' }, { name: 'elsewhere', region: 'eu-west-1' }]);
  company.aws!.pageSize = 2;
  sandbox = await startSandbox(company);
  s3 = storeClient(storeEnv(sandbox.url));
});
afterAll(async () => {
  s3.destroy();
  await sandbox.close();
});

const errorOf = async (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: { name: string; $metadata?: { httpStatusCode?: number } }) => ({ name: e.name, status: e.$metadata?.httpStatusCode }),
  );

describe('sandbox S3 objects', () => {
  it('stores an object with Object Lock and its SHA-256, and reports both back', async () => {
    const until = inDays(10);
    await s3.send(
      new PutObjectCommand({
        Bucket: 'locked',
        Key: 'runs/a/run.json',
        Body: '{"a":1}',
        ChecksumSHA256: sha('{"a":1}'),
        ObjectLockMode: 'COMPLIANCE',
        ObjectLockRetainUntilDate: until,
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: 'locked', Key: 'runs/a/run.json', ChecksumMode: 'ENABLED' }));
    expect(await got.Body!.transformToString()).toBe('{"a":1}');
    expect(got.ChecksumSHA256).toBe(sha('{"a":1}'));
    expect(got.ObjectLockMode).toBe('COMPLIANCE');
    const retention = await s3.send(new GetObjectRetentionCommand({ Bucket: 'locked', Key: 'runs/a/run.json' }));
    expect(retention.Retention).toEqual({ Mode: 'COMPLIANCE', RetainUntilDate: new Date(until.toISOString()) });
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'locked', Key: 'runs/a/run.json' }));
    expect(head.ContentLength).toBe(7);
  });

  it('refuses a checksum that does not match the bytes (BadDigest), and lock headers without any checksum', async () => {
    expect(await errorOf(s3.send(new PutObjectCommand({ Bucket: 'locked', Key: 'x', Body: 'abc', ChecksumSHA256: sha('abd') })))).toEqual({
      name: 'BadDigest',
      status: 400,
    });
    const noChecksum = await errorOf(
      s3.send(new PutObjectCommand({ Bucket: 'locked', Key: 'x', Body: 'abc', ObjectLockMode: 'GOVERNANCE', ObjectLockRetainUntilDate: inDays(1) })),
    );
    expect(noChecksum).toEqual({ name: 'InvalidRequest', status: 400 });
  });

  it('refuses Object Lock on a bucket created without it, and says it has no lock configuration', async () => {
    const put = await errorOf(
      s3.send(
        new PutObjectCommand({
          Bucket: 'plain',
          Key: 'x',
          Body: 'abc',
          ChecksumSHA256: sha('abc'),
          ObjectLockMode: 'GOVERNANCE',
          ObjectLockRetainUntilDate: inDays(1),
        }),
      ),
    );
    expect(put).toEqual({ name: 'InvalidRequest', status: 400 });
    expect(await errorOf(s3.send(new GetObjectLockConfigurationCommand({ Bucket: 'plain' })))).toEqual({
      name: 'ObjectLockConfigurationNotFoundError',
      status: 404,
    });
    const lock = await s3.send(new GetObjectLockConfigurationCommand({ Bucket: 'locked' }));
    expect(lock.ObjectLockConfiguration?.ObjectLockEnabled).toBe('Enabled');
  });

  it('lists with a delimiter and continuation tokens (page size 2)', async () => {
    for (const key of ['p/r1/a', 'p/r1/b', 'p/r2/a', 'p/r3/manifest.json', 'p/top.json', 'q/other']) {
      await s3.send(new PutObjectCommand({ Bucket: 'plain', Key: key, Body: key, ChecksumSHA256: sha(key) }));
    }
    const prefixes: string[] = [];
    const keys: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await s3.send(new ListObjectsV2Command({ Bucket: 'plain', Prefix: 'p/', Delimiter: '/', ...(token ? { ContinuationToken: token } : {}) }));
      pages++;
      prefixes.push(...(out.CommonPrefixes ?? []).map((p) => p.Prefix!));
      keys.push(...(out.Contents ?? []).map((c) => c.Key!));
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    expect(prefixes).toEqual(['p/r1/', 'p/r2/', 'p/r3/']);
    expect(keys).toEqual(['p/top.json']);
    expect(pages).toBe(2);
    const all = await s3.send(new ListObjectsV2Command({ Bucket: 'plain', Prefix: 'p/r1/' }));
    expect(all.Contents?.map((c) => c.Key)).toEqual(['p/r1/a', 'p/r1/b']);
  });

  it('keeps a locked version when the key is overwritten or deleted, and refuses to delete that version before its date', async () => {
    const first = await s3.send(
      new PutObjectCommand({
        Bucket: 'locked',
        Key: 'v/file',
        Body: 'one',
        ChecksumSHA256: sha('one'),
        ObjectLockMode: 'COMPLIANCE',
        ObjectLockRetainUntilDate: inDays(5),
      }),
    );
    await s3.send(new PutObjectCommand({ Bucket: 'locked', Key: 'v/file', Body: 'two', ChecksumSHA256: sha('two') }));
    expect(await (await s3.send(new GetObjectCommand({ Bucket: 'locked', Key: 'v/file' }))).Body!.transformToString()).toBe('two');
    expect(await (await s3.send(new GetObjectCommand({ Bucket: 'locked', Key: 'v/file', VersionId: first.VersionId! }))).Body!.transformToString()).toBe('one');
    expect(await errorOf(s3.send(new DeleteObjectCommand({ Bucket: 'locked', Key: 'v/file', VersionId: first.VersionId! })))).toEqual({
      name: 'AccessDenied',
      status: 403,
    });
    expect(
      await errorOf(s3.send(new DeleteObjectCommand({ Bucket: 'locked', Key: 'v/file', VersionId: first.VersionId!, BypassGovernanceRetention: true }))),
    ).toEqual({ name: 'AccessDenied', status: 403 });
    // Shortening a COMPLIANCE retention is refused too.
    const shorten = s3.send(
      new PutObjectRetentionCommand({
        Bucket: 'locked',
        Key: 'v/file',
        VersionId: first.VersionId!,
        Retention: { Mode: 'COMPLIANCE', RetainUntilDate: inDays(1) },
      }),
    );
    expect(await errorOf(shorten)).toEqual({ name: 'AccessDenied', status: 403 });
    // A delete without a version id only stacks a delete marker.
    await s3.send(new DeleteObjectCommand({ Bucket: 'locked', Key: 'v/file' }));
    expect(await errorOf(s3.send(new GetObjectCommand({ Bucket: 'locked', Key: 'v/file' })))).toEqual({ name: 'NoSuchKey', status: 404 });
    expect(await (await s3.send(new GetObjectCommand({ Bucket: 'locked', Key: 'v/file', VersionId: first.VersionId! }))).Body!.transformToString()).toBe('one');
  });

  it('lets GOVERNANCE yield only to an explicit bypass', async () => {
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: 'locked',
        Key: 'g/file',
        Body: 'g',
        ChecksumSHA256: sha('g'),
        ObjectLockMode: 'GOVERNANCE',
        ObjectLockRetainUntilDate: inDays(5),
      }),
    );
    expect(await errorOf(s3.send(new DeleteObjectCommand({ Bucket: 'locked', Key: 'g/file', VersionId: put.VersionId! })))).toEqual({
      name: 'AccessDenied',
      status: 403,
    });
    await s3.send(new DeleteObjectCommand({ Bucket: 'locked', Key: 'g/file', VersionId: put.VersionId!, BypassGovernanceRetention: true }));
    expect(await errorOf(s3.send(new HeadObjectCommand({ Bucket: 'locked', Key: 'g/file' })))).toMatchObject({ status: 404 });
  });

  it('accepts a streamed (aws-chunked) body with a trailing checksum', async () => {
    const { Readable } = await import('node:stream');
    const text = 'streamed body '.repeat(1000);
    await s3.send(
      new PutObjectCommand({
        Bucket: 'plain',
        Key: 'stream/file',
        Body: Readable.from([Buffer.from(text)]),
        ContentLength: text.length,
        ChecksumAlgorithm: 'SHA256',
      }),
    );
    expect(await (await s3.send(new GetObjectCommand({ Bucket: 'plain', Key: 'stream/file' }))).Body!.transformToString()).toBe(text);
  });

  it('follows a bucket in another region (301 with x-amz-bucket-region)', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'elsewhere', Key: 'k', Body: 'k', ChecksumSHA256: sha('k') }));
    expect(await (await s3.send(new GetObjectCommand({ Bucket: 'elsewhere', Key: 'k' }))).Body!.transformToString()).toBe('k');
  });
});
