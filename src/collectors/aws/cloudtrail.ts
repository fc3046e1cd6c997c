// CloudTrail: DescribeTrails in every judged region (shadow trails included), de-duplicated by ARN,
// then GetTrailStatus and GetEventSelectors once per trail, in its home region.
import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  type DescribeTrailsCommandOutput,
  type GetEventSelectorsCommandOutput,
  type GetTrailStatusCommandOutput,
} from '@aws-sdk/client-cloudtrail';
import { collected, failed, type Collected, type EvidenceRef } from '../../core/types.js';
import type { AdvancedEventSelector, BasicEventSelector, TrailEvidence, TrailEventSelectors, TrailStatus } from '../../evidence/aws/cloudtrail.js';
import { attempt, type AwsAccountCollector, type AwsServiceCollectors } from './collector.js';
import { AwsReadError, type AwsSession } from './session.js';
import { CLOUDTRAIL_NEEDS } from '../../evidence/aws/cloudtrail.js';

/** `arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME` → ACCOUNT. */
export const trailOwner = (arn: string): string => arn.split(':')[4] ?? '';

const NOT_FOUND_BY_ARN = new Set(['TrailNotFoundException', 'CloudTrailARNInvalidException', 'InvalidTrailNameException']);

/** Ask by ARN (works from any region); an endpoint that knows trails only by name gets a second try. */
async function byArnOrName<O>(trail: TrailEvidence, send: (nameOrArn: string) => Promise<O>): Promise<O> {
  try {
    return await send(trail.arn);
  } catch (err) {
    if (err instanceof AwsReadError && NOT_FOUND_BY_ARN.has(err.code)) return send(trail.name);
    throw err;
  }
}

async function readStatus(session: AwsSession, trail: TrailEvidence): Promise<Collected<TrailStatus>> {
  return attempt(async () => {
    const { output, ref } = await byArnOrName(trail, (name) =>
      session.send<GetTrailStatusCommandOutput>('cloudtrail', trail.homeRegion, new GetTrailStatusCommand({ Name: name })),
    );
    if (output.IsLogging === undefined)
      return failed(
        { kind: 'invalid_response', message: `cloudtrail:GetTrailStatus for ${trail.arn} did not say whether it is logging`, operation: 'GetTrailStatus' },
        [ref],
      );
    return collected(
      {
        isLogging: output.IsLogging,
        ...(output.LatestDeliveryError ? { latestDeliveryError: output.LatestDeliveryError } : {}),
        ...(output.LatestDeliveryTime ? { latestDeliveryTime: output.LatestDeliveryTime.toISOString() } : {}),
      },
      [ref],
    );
  });
}

async function readSelectors(session: AwsSession, trail: TrailEvidence): Promise<Collected<TrailEventSelectors>> {
  return attempt(async () => {
    const { output, ref } = await byArnOrName(trail, (name) =>
      session.send<GetEventSelectorsCommandOutput>('cloudtrail', trail.homeRegion, new GetEventSelectorsCommand({ TrailName: name })),
    );
    return collected(
      {
        eventSelectors: (output.EventSelectors ?? []) as BasicEventSelector[],
        advancedEventSelectors: (output.AdvancedEventSelectors ?? []).map((s) => ({
          ...(s.Name ? { Name: s.Name } : {}),
          FieldSelectors: s.FieldSelectors ?? [],
        })) as AdvancedEventSelector[],
      },
      [ref],
    );
  });
}

async function readTrails(session: AwsSession, accountId: string, regions: readonly string[]): Promise<Collected<TrailEvidence[]>> {
  const refs: EvidenceRef[] = [];
  const perRegion = await Promise.all(
    regions.map((region) =>
      attempt(async () => {
        const { output, ref } = await session.send<DescribeTrailsCommandOutput>('cloudtrail', region, new DescribeTrailsCommand({ includeShadowTrails: true }));
        refs.push(ref);
        return collected({ region, trails: output.trailList ?? [] }, [ref]);
      }),
    ),
  );
  // A region whose trails could not be listed may hide the only trail: the whole read is then a failure.
  const failure = perRegion.find((r) => !r.ok);
  if (failure && !failure.ok) return failed(failure.error, refs);

  const byArn = new Map<string, TrailEvidence>();
  for (const r of perRegion) {
    if (!r.ok) continue;
    for (const t of r.value.trails) {
      if (!t.TrailARN) continue;
      const known = byArn.get(t.TrailARN);
      if (known) {
        if (!known.seenInRegions.includes(r.value.region)) known.seenInRegions.push(r.value.region);
        continue;
      }
      byArn.set(t.TrailARN, {
        arn: t.TrailARN,
        name: t.Name ?? t.TrailARN.split('/').pop() ?? t.TrailARN,
        homeRegion: t.HomeRegion ?? t.TrailARN.split(':')[3] ?? r.value.region,
        ownerAccountId: trailOwner(t.TrailARN),
        isMultiRegionTrail: t.IsMultiRegionTrail === true,
        isOrganizationTrail: t.IsOrganizationTrail === true,
        logFileValidationEnabled: t.LogFileValidationEnabled === true,
        ...(t.KmsKeyId ? { kmsKeyId: t.KmsKeyId } : {}),
        ...(t.S3BucketName ? { s3BucketName: t.S3BucketName } : {}),
        seenInRegions: [r.value.region],
      });
    }
  }
  const trails = [...byArn.values()].sort((a, b) => a.arn.localeCompare(b.arn));
  await Promise.all(
    trails
      // A trail of another account (organization trail) is read by its owner; member accounts get
      // TrailNotFound / CloudTrailARNInvalid for it.
      .filter((t) => t.ownerAccountId === accountId)
      .map(async (t) => {
        [t.status, t.selectors] = await Promise.all([readStatus(session, t), readSelectors(session, t)]);
      }),
  );
  return collected(trails, refs);
}

const cloudTrailCollector: AwsAccountCollector = {
  provides: Object.values(CLOUDTRAIL_NEEDS),
  async collect(scope, into) {
    // No regions means nowhere was looked at: that is not "no trails".
    if (!into.regions.ok)
      into.cloudtrail = failed(
        { ...into.regions.error, message: `the account's regions could not be listed: ${into.regions.error.message}` },
        into.regions.refs,
      );
    else if (scope.regions.length === 0) into.cloudtrail = failed({ kind: 'other', message: 'no region to list trails in' });
    else into.cloudtrail = await readTrails(scope.session, scope.accountId, scope.regions);
  },
};

export const cloudTrailCollectors: AwsServiceCollectors = { account: [cloudTrailCollector], region: [] };
