// S3: ListBuckets once per account, then per bucket (in the bucket's own region) its default
// encryption, policy and public-access block; the account-level block from S3 Control (s3-control.ts).
// At most 4 S3 calls per bucket: GetBucketLocation (only when ListBuckets did not name the region) + 3.
import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  type GetBucketEncryptionCommandOutput,
  type GetBucketLocationCommandOutput,
  type GetBucketPolicyCommandOutput,
  type GetPublicAccessBlockCommandOutput,
  type ListBucketsCommandOutput,
  type PublicAccessBlockConfiguration,
} from '@aws-sdk/client-s3';
import { collected, failed, type Collected, type EvidenceRef } from '../../core/types.js';
import type { AwsAccountEvidence } from '../../evidence/aws/index.js';
import type { PublicAccessBlockSettings, S3BucketEvidence, S3EncryptionRule } from '../../evidence/aws/s3.js';
import { allPages, attempt, type AwsAccountScope, type AwsServiceCollectors } from './collector.js';
import { accountPublicAccessBlock } from './s3-control.js';
import { type AwsReadError, awsErrorCode, recordErrorAnswer, type AwsSession } from './session.js';
import { S3_NEEDS } from '../../evidence/aws/s3.js';

/** Asked with MaxBuckets so S3 pages the list and names each bucket's region (BucketRegion). */
const LIST_PAGE = 1000;

/** `GetBucketLocation`'s answer as a region: empty/null is us-east-1, the legacy `EU` is eu-west-1. */
export function regionFromLocation(constraint: string | undefined | null): string {
  if (!constraint) return 'us-east-1';
  if (constraint === 'EU') return 'eu-west-1';
  return constraint;
}

const toSettings = (c: PublicAccessBlockConfiguration | undefined): PublicAccessBlockSettings => ({
  BlockPublicAcls: c?.BlockPublicAcls === true,
  IgnorePublicAcls: c?.IgnorePublicAcls === true,
  BlockPublicPolicy: c?.BlockPublicPolicy === true,
  RestrictPublicBuckets: c?.RestrictPublicBuckets === true,
});

/** A read whose "not found" error code means "none configured" (`null`); that answer is kept as evidence. */
async function readOrNone<O, T>(
  session: AwsSession,
  region: string,
  command: { input: unknown; constructor: { name: string } },
  notFound: readonly string[],
  map: (o: O) => T,
): Promise<Collected<T | null>> {
  try {
    const { output, ref } = await session.send<O>('s3', region, command);
    return collected(map(output), [ref]);
  } catch (err) {
    const code = awsErrorCode(err);
    if (code && notFound.includes(code))
      return collected(null, [recordErrorAnswer(session, 's3', region, command.constructor.name.replace(/Command$/, ''), command.input, err as AwsReadError)]);
    return attempt(() => Promise.reject(err));
  }
}

async function collectBucket(
  session: AwsSession,
  home: string,
  name: string,
  listedRegion: string | undefined,
  needs: ReadonlySet<string>,
): Promise<S3BucketEvidence> {
  let region: Collected<string>;
  if (listedRegion) region = collected(listedRegion);
  else {
    region = await attempt(async () => {
      const { output, ref } = await session.send<GetBucketLocationCommandOutput>('s3', home, new GetBucketLocationCommand({ Bucket: name }));
      return collected(regionFromLocation(output.LocationConstraint), [ref]);
    });
  }
  // Without a known region, ask the home region: S3 answers with a redirect naming the bucket's region,
  // which the client follows (followRegionRedirects).
  const at = region.ok ? region.value : home;
  const bucket: S3BucketEvidence = { name, region };
  const reads: Array<Promise<void>> = [];
  if (needs.has(S3_NEEDS.encryption)) {
    reads.push(
      readOrNone(
        session,
        at,
        new GetBucketEncryptionCommand({ Bucket: name }),
        ['ServerSideEncryptionConfigurationNotFoundError'],
        (o: GetBucketEncryptionCommandOutput): S3EncryptionRule[] =>
          (o.ServerSideEncryptionConfiguration?.Rules ?? []).flatMap((r) => {
            const d = r.ApplyServerSideEncryptionByDefault;
            if (!d?.SSEAlgorithm) return [];
            return [
              {
                algorithm: String(d.SSEAlgorithm),
                ...(d.KMSMasterKeyID ? { kmsKeyId: d.KMSMasterKeyID } : {}),
                ...(r.BucketKeyEnabled !== undefined ? { bucketKeyEnabled: r.BucketKeyEnabled } : {}),
              },
            ];
          }),
      ).then((c) => {
        bucket.encryption = c;
      }),
    );
  }
  if (needs.has(S3_NEEDS.policy)) {
    reads.push(
      readOrNone(session, at, new GetBucketPolicyCommand({ Bucket: name }), ['NoSuchBucketPolicy'], (o: GetBucketPolicyCommandOutput) => o.Policy ?? null).then(
        (c) => {
          bucket.policy = c;
        },
      ),
    );
  }
  if (needs.has(S3_NEEDS.bucketPublicAccessBlock)) {
    reads.push(
      readOrNone(
        session,
        at,
        new GetPublicAccessBlockCommand({ Bucket: name }),
        ['NoSuchPublicAccessBlockConfiguration'],
        (o: GetPublicAccessBlockCommandOutput) => toSettings(o.PublicAccessBlockConfiguration),
      ).then((c) => {
        bucket.publicAccessBlock = c;
      }),
    );
  }
  await Promise.all(reads);
  return bucket;
}

async function listBuckets(session: AwsSession, home: string): Promise<Collected<Array<{ name: string; region?: string }>>> {
  return attempt(async () => {
    const refs: EvidenceRef[] = [];
    const pages = await allPages(async (token) => {
      const { output, ref } = await session.send<ListBucketsCommandOutput>(
        's3',
        home,
        new ListBucketsCommand({ MaxBuckets: LIST_PAGE, ...(token ? { ContinuationToken: token } : {}) }),
      );
      refs.push(ref);
      return { page: output.Buckets ?? [], next: output.ContinuationToken };
    });
    const buckets = pages.flat().flatMap((b) => (b.Name ? [{ name: b.Name, ...(b.BucketRegion ? { region: b.BucketRegion } : {}) }] : []));
    return collected(buckets, refs);
  });
}

async function collectS3(scope: AwsAccountScope, into: AwsAccountEvidence): Promise<void> {
  const { session, homeRegion: home, needs } = scope;
  const account = needs.has(S3_NEEDS.accountPublicAccessBlock) ? accountPublicAccessBlock(session, home, scope.accountId) : undefined;
  const listed = await listBuckets(session, home);
  const buckets: Collected<S3BucketEvidence[]> = listed.ok
    ? collected(await Promise.all(listed.value.map((b) => collectBucket(session, home, b.name, b.region, needs))), listed.refs)
    : failed(listed.error, listed.refs);
  into.s3 = { buckets, ...(account ? { accountPublicAccessBlock: await account } : {}) };
}

export const s3Collectors: AwsServiceCollectors = {
  account: [{ provides: Object.values(S3_NEEDS), collect: collectS3 }],
  region: [],
};
