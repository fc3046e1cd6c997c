// S3 and S3 Control (restXml, both signed as `s3`), path-style: ListBuckets, GetBucketLocation,
// GetBucketEncryption, GetBucketPolicy, GetPublicAccessBlock; S3 Control GetPublicAccessBlock
// (`/v20180820/configuration/publicAccessBlock`, account in `x-amz-account-id`). A bucket asked in
// another region than its own answers 301 PermanentRedirect with `x-amz-bucket-region`, as S3 does.
import { randomUUID } from 'node:crypto';
import type { SandboxResponse } from '../http.js';
import { AwsFault, type AwsServiceHandler, type RawAwsResponse } from './protocol.js';
import { handleObjectCall, objectOperation, OBJECT_ACTIONS, type SandboxObjectLock, type SandboxObjectVersion } from './s3-objects.js';

export interface SandboxPublicAccessBlock {
  BlockPublicAcls?: boolean;
  IgnorePublicAcls?: boolean;
  BlockPublicPolicy?: boolean;
  RestrictPublicBuckets?: boolean;
}

export interface SandboxBucket {
  name: string;
  region: string;
  createdAt?: string;
  /** Default encryption; `null` = none configured (pre-2023 bucket whose configuration was deleted). */
  encryption: { algorithm: 'AES256' | 'aws:kms' | 'aws:kms:dsse'; kmsKeyId?: string; bucketKeyEnabled?: boolean } | null;
  /** Bucket policy document (object or raw JSON text). */
  policy?: unknown;
  publicAccessBlock?: SandboxPublicAccessBlock;
  /** Object Lock enabled at creation (the bucket is then versioned); absent = a plain bucket. */
  objectLock?: SandboxObjectLock;
  /** Stored objects by key, every version oldest first (s3-objects.ts). */
  objects?: Map<string, SandboxObjectVersion[]>;
}

export interface SandboxS3 {
  buckets?: SandboxBucket[];
  accountPublicAccessBlock?: SandboxPublicAccessBlock;
  /** Leave BucketRegion out of ListBuckets (as older S3 APIs do), so the collector must ask GetBucketLocation. */
  omitBucketRegion?: boolean;
}

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const CONTROL_NS = 'http://awss3control.amazonaws.com/doc/2018-08-20/';
const CONTROL_PATH = '/v20180820/configuration/publicAccessBlock';
const BUCKET_QUERIES = ['location', 'encryption', 'policy', 'publicAccessBlock'] as const;
const OPERATIONS: Record<(typeof BUCKET_QUERIES)[number], string> = {
  location: 'GetBucketLocation',
  encryption: 'GetBucketEncryption',
  policy: 'GetBucketPolicy',
  publicAccessBlock: 'GetPublicAccessBlock',
};
const ACTIONS: Record<string, string> = {
  ListBuckets: 's3:ListAllMyBuckets',
  GetBucketLocation: 's3:GetBucketLocation',
  GetBucketEncryption: 's3:GetEncryptionConfiguration',
  GetBucketPolicy: 's3:GetBucketPolicy',
  GetPublicAccessBlock: 's3:GetBucketPublicAccessBlock',
  ControlGetPublicAccessBlock: 's3:GetAccountPublicAccessBlock',
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const xml = (body: string, status = 200, extra: Record<string, string> = {}): RawAwsResponse => {
  const id = randomUUID();
  const response: SandboxResponse = {
    status,
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': id, 'x-amz-id-2': id, ...extra },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
  };
  return { raw: response };
};
const pabXml = (p: SandboxPublicAccessBlock, ns: string) =>
  `<PublicAccessBlockConfiguration xmlns="${ns}"><BlockPublicAcls>${p.BlockPublicAcls === true}` +
  `</BlockPublicAcls><IgnorePublicAcls>${p.IgnorePublicAcls === true}</IgnorePublicAcls>` +
  `<BlockPublicPolicy>${p.BlockPublicPolicy === true}</BlockPublicPolicy><RestrictPublicBuckets>` +
  `${p.RestrictPublicBuckets === true}</RestrictPublicBuckets></PublicAccessBlockConfiguration>`;

function bucketPath(path: string): string | undefined {
  const m = path.match(/^\/([^/]+)\/?$/);
  return m ? decodeURIComponent(m[1]!) : undefined;
}

export const s3Handler: AwsServiceHandler = {
  protocol: 'rest-xml',
  actionPrefix: 's3',
  operation(req) {
    const objectOp = req.path !== CONTROL_PATH ? objectOperation(req) : undefined;
    if (objectOp) return objectOp;
    if (req.method !== 'GET') return undefined;
    if (req.path === CONTROL_PATH) return 'ControlGetPublicAccessBlock';
    if (req.path === '/') return 'ListBuckets';
    if (!bucketPath(req.path)) return undefined;
    const q = BUCKET_QUERIES.find((k) => req.query.has(k));
    return q ? OPERATIONS[q] : undefined;
  },
  actionFor(operation) {
    return ACTIONS[operation] ?? OBJECT_ACTIONS[operation] ?? `s3:${operation}`;
  },
  handle(call) {
    const s3 = call.account.s3;
    const buckets = s3.buckets ?? [];
    if (call.operation === 'ControlGetPublicAccessBlock') {
      const target = String(call.req.headers['x-amz-account-id'] ?? '');
      if (target !== call.account.id) throw new AwsFault('AccessDenied', `Access Denied for account ${target}`, 403);
      if (!s3.accountPublicAccessBlock) throw new AwsFault('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404);
      return xml(pabXml(s3.accountPublicAccessBlock, CONTROL_NS));
    }
    if (call.operation === 'ListBuckets') {
      const max = Math.min(Number(call.params['max-buckets'] ?? 10000) || 10000, call.pageSize(10000));
      const start = Number(call.params['continuation-token'] ?? 0) || 0;
      const slice = buckets.slice(start, start + max);
      const next = start + max < buckets.length ? `<ContinuationToken>${start + max}</ContinuationToken>` : '';
      // BucketRegion is only returned when the request carried a parameter (as S3 does).
      const withRegion = !s3.omitBucketRegion && ['max-buckets', 'continuation-token', 'prefix', 'bucket-region'].some((k) => k in call.params);
      const items = slice
        .map(
          (b) =>
            `<Bucket><Name>${esc(b.name)}</Name><CreationDate>${b.createdAt ?? '2022-05-01T00:00:00.000Z'}` +
            `</CreationDate>${withRegion ? `<BucketRegion>${b.region}</BucketRegion>` : ''}</Bucket>`,
        )
        .join('');
      return xml(
        `<ListAllMyBucketsResult xmlns="${NS}"><Owner><ID>${call.account.id}canonical</ID><DisplayName>` +
          `${esc(call.account.name)}</DisplayName></Owner><Buckets>${items}</Buckets>${next}` +
          '</ListAllMyBucketsResult>',
      );
    }
    const name = bucketPath(call.req.path) ?? decodeURIComponent(call.req.path.split('/')[1] ?? '');
    const bucket = buckets.find((b) => b.name === name);
    if (!bucket) throw new AwsFault('NoSuchBucket', 'The specified bucket does not exist', 404);
    if (call.operation === 'GetBucketLocation') {
      const constraint = bucket.region === 'us-east-1' ? '' : bucket.region;
      return xml(constraint ? `<LocationConstraint xmlns="${NS}">${constraint}</LocationConstraint>` : `<LocationConstraint xmlns="${NS}"/>`);
    }
    if (call.region !== bucket.region) {
      return xml(
        '<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access ' +
          'must be addressed using the specified endpoint. Please send all future requests to ' +
          `this endpoint.</Message><Endpoint>s3.${bucket.region}.amazonaws.com</Endpoint><Bucket>${esc(name)}` +
          `</Bucket><RequestId>${randomUUID()}</RequestId></Error>`,
        301,
        { 'x-amz-bucket-region': bucket.region },
      );
    }
    if (OBJECT_ACTIONS[call.operation]) return handleObjectCall(call, bucket);
    switch (call.operation) {
      case 'GetBucketEncryption': {
        const e = bucket.encryption;
        if (!e) throw new AwsFault('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found', 404);
        return xml(
          `<ServerSideEncryptionConfiguration xmlns="${NS}"><Rule><ApplyServerSideEncryptionByDefault>` +
            `<SSEAlgorithm>${e.algorithm}</SSEAlgorithm>` +
            `${e.kmsKeyId ? `<KMSMasterKeyID>${esc(e.kmsKeyId)}</KMSMasterKeyID>` : ''}` +
            `</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>${e.bucketKeyEnabled === true}` +
            '</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>',
        );
      }
      case 'GetBucketPolicy': {
        if (bucket.policy === undefined) throw new AwsFault('NoSuchBucketPolicy', 'The bucket policy does not exist', 404);
        const text = typeof bucket.policy === 'string' ? bucket.policy : JSON.stringify(bucket.policy);
        const id = randomUUID();
        return { raw: { status: 200, headers: { 'content-type': 'application/json', 'x-amz-request-id': id, 'x-amz-id-2': id }, body: text } };
      }
      case 'GetPublicAccessBlock':
        if (!bucket.publicAccessBlock) throw new AwsFault('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404);
        return xml(pabXml(bucket.publicAccessBlock, NS));
      default:
        throw new AwsFault('NotImplemented', `sandbox S3 does not implement ${call.operation}`, 501);
    }
  },
};
