// GuardDuty, per region: ListDetectors (paginated) then GetDetector for each.
import { GetDetectorCommand, ListDetectorsCommand, type GetDetectorCommandOutput, type ListDetectorsCommandOutput } from '@aws-sdk/client-guardduty';
import { collected, type EvidenceRef } from '../../core/types.js';
import type { GuardDutyDetectorEvidence } from '../../evidence/aws/guardduty.js';
import { allPages, attempt, type AwsRegionCollector, type AwsServiceCollectors } from './collector.js';
import { GUARDDUTY_NEEDS } from '../../evidence/aws/guardduty.js';

const guardDutyRegionCollector: AwsRegionCollector = {
  provides: Object.values(GUARDDUTY_NEEDS),
  async collect({ session, region }, into) {
    into.guardDutyDetectors = await attempt(async () => {
      const refs: EvidenceRef[] = [];
      const pages = await allPages(async (token) => {
        const { output, ref } = await session.send<ListDetectorsCommandOutput>(
          'guardduty',
          region,
          new ListDetectorsCommand({ ...(token ? { NextToken: token } : {}) }),
        );
        refs.push(ref);
        return { page: output.DetectorIds ?? [], next: output.NextToken };
      });
      const detectors: GuardDutyDetectorEvidence[] = await Promise.all(
        pages.flat().map(async (detectorId) => {
          const { output, ref } = await session.send<GetDetectorCommandOutput>('guardduty', region, new GetDetectorCommand({ DetectorId: detectorId }));
          refs.push(ref);
          return {
            detectorId,
            status: output.Status ?? 'UNKNOWN',
            ...(output.FindingPublishingFrequency ? { findingPublishingFrequency: output.FindingPublishingFrequency } : {}),
            ...(output.CreatedAt ? { createdAt: output.CreatedAt } : {}),
            ...(output.UpdatedAt ? { updatedAt: output.UpdatedAt } : {}),
          };
        }),
      );
      return collected(detectors, refs);
    });
  },
};

export const guardDutyCollectors: AwsServiceCollectors = { account: [], region: [guardDutyRegionCollector] };
