// CloudTrail (awsJson1_1): DescribeTrails with shadow trails (a multi-region trail in every region, an
// organization trail in every member account), GetTrailStatus and GetEventSelectors in the home region.
import type { SandboxAwsAccount } from './model.js';
import { AwsFault, epochSeconds, type AwsCall, type AwsServiceHandler } from './protocol.js';

export interface SandboxTrail {
  name: string;
  homeRegion: string;
  multiRegion: boolean;
  /** An organization trail (only in the management account) shows up in every member account. */
  organization?: boolean;
  logging: boolean;
  logFileValidation: boolean;
  kmsKeyId?: string;
  s3BucketName: string;
  /** CloudWatch Logs group (in the owner account and home region) the trail also delivers to. */
  cloudWatchLogsLogGroup?: string;
  /** Basic selectors; default: all management events. */
  eventSelectors?: Array<{ ReadWriteType: string; IncludeManagementEvents: boolean; DataResources?: unknown[]; ExcludeManagementEventSources?: string[] }>;
  advancedEventSelectors?: Array<{ Name?: string; FieldSelectors: Array<Record<string, unknown>> }>;
  latestDeliveryError?: string;
}

export interface SandboxCloudTrail {
  trails: SandboxTrail[];
}

const trailArn = (owner: string, t: SandboxTrail) => `arn:aws:cloudtrail:${t.homeRegion}:${owner}:trail/${t.name}`;

/** Trails visible from `account` in `region`: own ones, plus organization trails of the management account. */
function visibleTrails(call: AwsCall, account: SandboxAwsAccount, region: string, shadows: boolean): Array<{ owner: string; trail: SandboxTrail }> {
  const out: Array<{ owner: string; trail: SandboxTrail }> = [];
  for (const a of call.aws.accounts) {
    const isOwn = a.id === account.id;
    const orgVisible = !isOwn && call.aws.organization && a.id === call.aws.managementAccountId && account.status === 'ACTIVE';
    if (!isOwn && !orgVisible) continue;
    for (const trail of a.cloudtrail.trails ?? []) {
      if (!isOwn && !trail.organization) continue;
      const home = trail.homeRegion === region && isOwn;
      const shadow = trail.homeRegion !== region || !isOwn;
      if (home || (shadows && shadow && (trail.multiRegion || trail.homeRegion === region))) out.push({ owner: a.id, trail });
    }
  }
  return out;
}

/** GetTrailStatus / GetEventSelectors: only the owner, only in the home region (shadow copies answer TrailNotFound). */
function ownTrail(call: AwsCall, nameOrArn: string): SandboxTrail {
  const arn = nameOrArn.startsWith('arn:') ? nameOrArn.split(':') : undefined;
  if (arn && arn[4] !== call.account.id)
    throw new AwsFault('CloudTrailARNInvalidException', `AccountID in ARN is wrong, you can only access resources with AccountID ${call.account.id}.`, 400);
  const name = arn ? (arn[5] ?? '').replace(/^trail\//, '') : nameOrArn;
  const trail = (call.account.cloudtrail.trails ?? []).find((t) => t.name === name && (!arn || arn[3] === t.homeRegion));
  if (!trail || trail.homeRegion !== call.region)
    throw new AwsFault('TrailNotFoundException', `Unknown trail: ${nameOrArn} for the user: ${call.account.id}`, 400);
  return trail;
}

export const cloudTrailHandler: AwsServiceHandler = {
  protocol: 'json',
  actionPrefix: 'cloudtrail',
  handle(call) {
    switch (call.operation) {
      case 'DescribeTrails': {
        const names = (call.input.trailNameList as string[] | undefined) ?? [];
        const shadows = call.input.includeShadowTrails !== false;
        const trails = visibleTrails(call, call.account, call.region, shadows).filter(
          ({ owner, trail }) => !names.length || names.includes(trail.name) || names.includes(trailArn(owner, trail)),
        );
        return {
          trailList: trails.map(({ owner, trail }) => ({
            Name: trail.name,
            S3BucketName: trail.s3BucketName,
            IncludeGlobalServiceEvents: trail.multiRegion,
            IsMultiRegionTrail: trail.multiRegion,
            HomeRegion: trail.homeRegion,
            TrailARN: trailArn(owner, trail),
            LogFileValidationEnabled: trail.logFileValidation,
            ...(trail.kmsKeyId ? { KmsKeyId: trail.kmsKeyId } : {}),
            ...(trail.cloudWatchLogsLogGroup
              ? {
                  CloudWatchLogsLogGroupArn: `arn:aws:logs:${trail.homeRegion}:${owner}:log-group:${trail.cloudWatchLogsLogGroup}:*`,
                  CloudWatchLogsRoleArn: `arn:aws:iam::${owner}:role/CloudTrailToCloudWatch`,
                }
              : {}),
            HasCustomEventSelectors: Boolean(trail.eventSelectors || trail.advancedEventSelectors),
            HasInsightSelectors: false,
            IsOrganizationTrail: Boolean(trail.organization),
          })),
        };
      }
      case 'GetTrailStatus': {
        const trail = ownTrail(call, String(call.input.Name ?? ''));
        return {
          IsLogging: trail.logging,
          ...(trail.latestDeliveryError ? { LatestDeliveryError: trail.latestDeliveryError } : {}),
          LatestDeliveryTime: trail.logging ? epochSeconds('2026-11-26T08:00:00Z') : epochSeconds('2026-05-02T10:00:00Z'),
          StartLoggingTime: epochSeconds('2024-02-01T00:00:00Z'),
          ...(trail.logging ? {} : { StopLoggingTime: epochSeconds('2026-05-02T10:05:00Z') }),
        };
      }
      case 'GetEventSelectors': {
        const trail = ownTrail(call, String(call.input.TrailName ?? ''));
        const arn = trailArn(call.account.id, trail);
        if (trail.advancedEventSelectors) return { TrailARN: arn, AdvancedEventSelectors: trail.advancedEventSelectors };
        return {
          TrailARN: arn,
          EventSelectors: trail.eventSelectors ?? [
            { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] },
          ],
        };
      }
      default:
        throw new AwsFault('UnknownOperationException', `sandbox CloudTrail does not implement ${call.operation}`, 400);
    }
  },
};
