// The S3 object API the run store uses, path-style (`/BUCKET/KEY`): PutObject (Object Lock headers,
// x-amz-checksum-sha256 or Content-MD5, aws-chunked bodies), GetObject, HeadObject, DeleteObject,
// ListObjectsV2 (prefix, delimiter, continuation), Get/PutObjectRetention, GetObjectLockConfiguration.
// As on S3, a bucket with Object Lock is versioned: a PUT on an existing key adds a version on top,
// and a locked version cannot be deleted or have its retention shortened before its date
// (GOVERNANCE yields to `x-amz-bypass-governance-retention: true`, COMPLIANCE to nobody).
import { createHash, randomUUID } from 'node:crypto';
import type { SandboxRequest, SandboxResponse } from '../http.js';
import { AwsFault, type AwsCall, type RawAwsResponse } from './protocol.js';
import type { SandboxBucket } from './s3.js';

export type LockMode = 'COMPLIANCE' | 'GOVERNANCE';

export interface SandboxObjectLock {
  /** Default retention applied to objects put without lock headers. */
  defaultRetention?: { mode: LockMode; days: number };
}

export interface SandboxObjectVersion {
  versionId: string;
  body: Buffer;
  /** Base64 SHA-256, as S3 reports it. */
  sha256: string;
  etag: string;
  lastModified: Date;
  contentType?: string;
  retention?: { mode: LockMode; until: Date };
  deleteMarker?: boolean;
}

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const OBJECT_ACTIONS: Record<string, string> = {
  PutObject: 's3:PutObject',
  GetObject: 's3:GetObject',
  HeadObject: 's3:GetObject',
  DeleteObject: 's3:DeleteObject',
  DeleteObjectVersion: 's3:DeleteObjectVersion',
  ListObjectsV2: 's3:ListBucket',
  GetObjectRetention: 's3:GetObjectRetention',
  PutObjectRetention: 's3:PutObjectRetention',
  GetObjectLockConfiguration: 's3:GetBucketObjectLockConfiguration',
};

function splitPath(path: string): { bucket: string; key?: string } | undefined {
  const m = path.match(/^\/([^/]+)(?:\/(.*))?$/);
  if (!m) return undefined;
  return { bucket: decodeURIComponent(m[1]!), ...(m[2] ? { key: decodeURIComponent(m[2]) } : {}) };
}

/** The object operation a request names, or undefined for the bucket-level reads in s3.ts. */
export function objectOperation(req: SandboxRequest): string | undefined {
  const parts = splitPath(req.path);
  if (!parts) return undefined;
  if (!parts.key) {
    if (req.method === 'GET' && req.query.get('list-type') === '2') return 'ListObjectsV2';
    if (req.method === 'GET' && req.query.has('object-lock')) return 'GetObjectLockConfiguration';
    return undefined;
  }
  if (req.query.has('retention')) return req.method === 'PUT' ? 'PutObjectRetention' : req.method === 'GET' ? 'GetObjectRetention' : undefined;
  switch (req.method) {
    case 'PUT':
      return 'PutObject';
    case 'GET':
      return 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    case 'DELETE':
      return req.query.has('versionId') ? 'DeleteObjectVersion' : 'DeleteObject';
    default:
      return undefined;
  }
}

const headers = (extra: Record<string, string> = {}): Record<string, string> => {
  const id = randomUUID();
  return { 'x-amz-request-id': id, 'x-amz-id-2': id, ...extra };
};
const xml = (body: string): RawAwsResponse => ({
  raw: { status: 200, headers: headers({ 'content-type': 'application/xml' }), body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}` },
});
const empty = (status: number, extra: Record<string, string> = {}): RawAwsResponse => ({ raw: { status, headers: headers(extra), body: '' } });

const lockMissing = () => new AwsFault('InvalidRequest', 'Bucket is missing Object Lock Configuration', 400);
const header = (call: AwsCall, name: string): string | undefined => {
  const v = call.req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** `STREAMING-…` payloads (aws-chunked): the chunks' data, and the trailing headers (checksums). */
export function decodeAwsChunked(body: Buffer): { data: Buffer; trailers: Record<string, string> } {
  const chunks: Buffer[] = [];
  const trailers: Record<string, string> = {};
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    if (eol < 0) throw new AwsFault('IncompleteBody', 'malformed aws-chunked body', 400);
    const size = Number.parseInt(body.subarray(at, eol).toString('latin1').split(';')[0]!, 16);
    if (Number.isNaN(size)) throw new AwsFault('IncompleteBody', 'malformed aws-chunked body', 400);
    at = eol + 2;
    if (size === 0) break;
    chunks.push(body.subarray(at, at + size));
    at += size + 2;
  }
  for (const line of body.subarray(at).toString('latin1').split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) trailers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { data: Buffer.concat(chunks), trailers };
}

function versionsOf(bucket: SandboxBucket, key: string): SandboxObjectVersion[] {
  bucket.objects ??= new Map();
  let list = bucket.objects.get(key);
  if (!list) {
    list = [];
    bucket.objects.set(key, list);
  }
  return list;
}

function current(bucket: SandboxBucket, key: string, versionId?: string): SandboxObjectVersion {
  const list = bucket.objects?.get(key) ?? [];
  const found = versionId ? list.find((v) => v.versionId === versionId) : list[list.length - 1];
  if (!found || found.deleteMarker) {
    throw versionId
      ? new AwsFault('NoSuchVersion', 'The specified version does not exist.', 404)
      : new AwsFault('NoSuchKey', 'The specified key does not exist.', 404);
  }
  return found;
}

const isLocked = (v: SandboxObjectVersion, now: Date) => v.retention !== undefined && v.retention.until > now;

function objectHeaders(v: SandboxObjectVersion, bucket: SandboxBucket, withChecksum: boolean): Record<string, string> {
  return headers({
    'content-type': v.contentType ?? 'application/octet-stream',
    'content-length': String(v.body.length),
    etag: v.etag,
    'last-modified': v.lastModified.toUTCString(),
    ...(bucket.objectLock ? { 'x-amz-version-id': v.versionId } : {}),
    ...(v.retention ? { 'x-amz-object-lock-mode': v.retention.mode, 'x-amz-object-lock-retain-until-date': v.retention.until.toISOString() } : {}),
    ...(withChecksum ? { 'x-amz-checksum-sha256': v.sha256, 'x-amz-checksum-type': 'FULL_OBJECT' } : {}),
  });
}

function putObject(call: AwsCall, bucket: SandboxBucket, key: string, now: Date): RawAwsResponse {
  let body = call.req.body;
  let trailers: Record<string, string> = {};
  if (String(header(call, 'x-amz-content-sha256') ?? '').startsWith('STREAMING-')) ({ data: body, trailers } = decodeAwsChunked(body));
  const mode = header(call, 'x-amz-object-lock-mode');
  const until = header(call, 'x-amz-object-lock-retain-until-date');
  const sha256 = createHash('sha256').update(body).digest('base64');
  const claimedSha = header(call, 'x-amz-checksum-sha256') ?? trailers['x-amz-checksum-sha256'];
  const md5 = header(call, 'content-md5');
  const hasChecksum = Boolean(
    claimedSha ||
      md5 ||
      Object.keys(call.req.headers).some((h) => h.startsWith('x-amz-checksum-')) ||
      Object.keys(trailers).some((h) => h.startsWith('x-amz-checksum-')),
  );
  if (claimedSha && claimedSha !== sha256) throw new AwsFault('BadDigest', 'The SHA256 you specified did not match the calculated checksum.', 400);
  if (md5 && md5 !== createHash('md5').update(body).digest('base64'))
    throw new AwsFault('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400);

  let retention: SandboxObjectVersion['retention'];
  if (mode || until) {
    if (!bucket.objectLock) throw lockMissing();
    if (!mode || !until) throw new AwsFault('InvalidArgument', 'x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied', 400);
    if (mode !== 'COMPLIANCE' && mode !== 'GOVERNANCE') throw new AwsFault('InvalidArgument', 'Unknown wormMode directive.', 400);
    if (!hasChecksum)
      throw new AwsFault('InvalidRequest', 'Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters', 400);
    const date = new Date(until);
    if (Number.isNaN(date.getTime()) || date <= now) throw new AwsFault('InvalidArgument', 'The retain until date must be in the future!', 400);
    retention = { mode, until: date };
  } else if (bucket.objectLock?.defaultRetention) {
    const d = bucket.objectLock.defaultRetention;
    retention = { mode: d.mode, until: new Date(now.getTime() + d.days * 86_400_000) };
  }

  const list = versionsOf(bucket, key);
  const version: SandboxObjectVersion = {
    versionId: bucket.objectLock ? randomUUID().replace(/-/g, '') : 'null',
    body: Buffer.from(body),
    sha256,
    etag: `"${createHash('md5').update(body).digest('hex')}"`,
    lastModified: now,
    ...(header(call, 'content-type') ? { contentType: header(call, 'content-type')! } : {}),
    ...(retention ? { retention } : {}),
  };
  // Versioned (Object Lock) buckets keep every version; a plain bucket replaces the object.
  if (bucket.objectLock) list.push(version);
  else list.splice(0, list.length, version);
  return empty(200, { etag: version.etag, 'x-amz-checksum-sha256': sha256, ...(bucket.objectLock ? { 'x-amz-version-id': version.versionId } : {}) });
}

function listObjectsV2(call: AwsCall, bucket: SandboxBucket): RawAwsResponse {
  const prefix = call.params.prefix ?? '';
  const delimiter = call.params.delimiter ?? '';
  const maxKeys = Math.min(Number(call.params['max-keys'] ?? 1000) || 1000, call.pageSize(1000));
  const after = call.params['continuation-token']
    ? Buffer.from(call.params['continuation-token'], 'base64url').toString('utf8')
    : (call.params['start-after'] ?? '');
  const urlEncode = call.params['encoding-type'] === 'url';
  const enc = (s: string) => esc(urlEncode ? encodeURIComponent(s).replace(/%2F/g, '/') : s);
  const keys = [...(bucket.objects?.entries() ?? [])]
    .filter(([k, list]) => k.startsWith(prefix) && list.length && !list[list.length - 1]!.deleteMarker)
    .map(([k]) => k)
    .sort();
  // Entries in key order: an object, or a common prefix that rolls up every key below it.
  const entries: Array<{ key: string; prefix?: string }> = [];
  for (const key of keys) {
    const rest = key.slice(prefix.length);
    const cut = delimiter ? rest.indexOf(delimiter) : -1;
    if (cut >= 0) {
      const common = prefix + rest.slice(0, cut + delimiter.length);
      if (entries[entries.length - 1]?.prefix !== common) entries.push({ key: common, prefix: common });
    } else entries.push({ key });
  }
  const remaining = entries.filter((e) => e.key > after);
  const page = remaining.slice(0, maxKeys);
  const truncated = remaining.length > page.length;
  const contents = page
    .filter((e) => !e.prefix)
    .map((e) => {
      const v = current(bucket, e.key);
      return (
        `<Contents><Key>${enc(e.key)}</Key><LastModified>${v.lastModified.toISOString()}</LastModified><ETag>` +
        `${esc(v.etag)}</ETag><ChecksumAlgorithm>SHA256</ChecksumAlgorithm><Size>${v.body.length}</Size>` +
        '<StorageClass>STANDARD</StorageClass></Contents>'
      );
    })
    .join('');
  const prefixes = page
    .filter((e) => e.prefix)
    .map((e) => `<CommonPrefixes><Prefix>${enc(e.prefix!)}</Prefix></CommonPrefixes>`)
    .join('');
  const token = truncated ? `<NextContinuationToken>${Buffer.from(page[page.length - 1]!.key).toString('base64url')}</NextContinuationToken>` : '';
  return xml(
    `<ListBucketResult xmlns="${NS}"><Name>${esc(bucket.name)}</Name><Prefix>${enc(prefix)}</Prefix>` +
      `${delimiter ? `<Delimiter>${enc(delimiter)}</Delimiter>` : ''}<MaxKeys>${maxKeys}</MaxKeys>` +
      `<KeyCount>${page.length}</KeyCount><IsTruncated>${truncated}</IsTruncated>` +
      `${urlEncode ? '<EncodingType>url</EncodingType>' : ''}${contents}${prefixes}${token}</ListBucketResult>`,
  );
}

function retentionXml(r: { mode: LockMode; until: Date }): string {
  return `<Retention xmlns="${NS}"><Mode>${r.mode}</Mode><RetainUntilDate>${r.until.toISOString()}</RetainUntilDate></Retention>`;
}

function putObjectRetention(call: AwsCall, bucket: SandboxBucket, key: string, now: Date): RawAwsResponse {
  if (!bucket.objectLock) throw lockMissing();
  const v = current(bucket, key, call.params.versionId);
  const text = call.req.body.toString('utf8');
  const mode = text.match(/<Mode>([^<]+)<\/Mode>/)?.[1];
  const until = new Date(text.match(/<RetainUntilDate>([^<]+)<\/RetainUntilDate>/)?.[1] ?? '');
  if ((mode !== 'COMPLIANCE' && mode !== 'GOVERNANCE') || Number.isNaN(until.getTime()))
    throw new AwsFault('MalformedXML', 'The XML you provided was not well-formed', 400);
  if (v.retention && isLocked(v, now)) {
    const weaker = until < v.retention.until || mode !== v.retention.mode;
    const bypass = header(call, 'x-amz-bypass-governance-retention') === 'true';
    if (weaker && (v.retention.mode === 'COMPLIANCE' || !bypass)) throw new AwsFault('AccessDenied', 'Access Denied', 403);
  }
  v.retention = { mode, until };
  return empty(200);
}

function deleteObject(call: AwsCall, bucket: SandboxBucket, key: string, now: Date): RawAwsResponse {
  const versionId = call.params.versionId;
  const list = bucket.objects?.get(key) ?? [];
  if (bucket.objectLock && !versionId) {
    // A delete without a version id only stacks a delete marker: every locked version stays.
    const marker: SandboxObjectVersion = {
      versionId: randomUUID().replace(/-/g, ''),
      body: Buffer.alloc(0),
      sha256: '',
      etag: '""',
      lastModified: now,
      deleteMarker: true,
    };
    versionsOf(bucket, key).push(marker);
    return empty(204, { 'x-amz-delete-marker': 'true', 'x-amz-version-id': marker.versionId });
  }
  const i = versionId ? list.findIndex((v) => v.versionId === versionId) : list.length - 1;
  const v = list[i];
  if (v && isLocked(v, now) && (v.retention!.mode === 'COMPLIANCE' || header(call, 'x-amz-bypass-governance-retention') !== 'true')) {
    throw new AwsFault('AccessDenied', 'Access Denied', 403);
  }
  if (v) list.splice(i, 1);
  return empty(204);
}

/** Serves one object operation on `bucket` (already found, in its own region). */
export function handleObjectCall(call: AwsCall, bucket: SandboxBucket): RawAwsResponse {
  const key = splitPath(call.req.path)?.key ?? '';
  const now = new Date();
  switch (call.operation) {
    case 'ListObjectsV2':
      return listObjectsV2(call, bucket);
    case 'GetObjectLockConfiguration': {
      if (!bucket.objectLock) throw new AwsFault('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket', 404);
      const d = bucket.objectLock.defaultRetention;
      return xml(
        `<ObjectLockConfiguration xmlns="${NS}"><ObjectLockEnabled>Enabled</ObjectLockEnabled>` +
          `${d ? `<Rule><DefaultRetention><Mode>${d.mode}</Mode><Days>${d.days}</Days></DefaultRetention></Rule>` : ''}` +
          '</ObjectLockConfiguration>',
      );
    }
    case 'PutObject':
      return putObject(call, bucket, key, now);
    case 'GetObject':
    case 'HeadObject': {
      const v = current(bucket, key, call.params.versionId);
      const withChecksum = header(call, 'x-amz-checksum-mode') === 'ENABLED';
      const raw: SandboxResponse = { status: 200, headers: objectHeaders(v, bucket, withChecksum), body: call.operation === 'GetObject' ? v.body : '' };
      return { raw };
    }
    case 'GetObjectRetention': {
      if (!bucket.objectLock) throw lockMissing();
      const v = current(bucket, key, call.params.versionId);
      if (!v.retention) throw new AwsFault('NoSuchObjectLockConfiguration', 'The specified object does not have a ObjectLock configuration', 404);
      return xml(retentionXml(v.retention));
    }
    case 'PutObjectRetention':
      return putObjectRetention(call, bucket, key, now);
    case 'DeleteObject':
    case 'DeleteObjectVersion':
      return deleteObject(call, bucket, key, now);
    default:
      throw new AwsFault('NotImplemented', `sandbox S3 does not implement ${call.operation}`, 501);
  }
}
