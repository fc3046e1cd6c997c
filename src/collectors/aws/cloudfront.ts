// CloudFront distributions (global; signed for us-east-1) with the web ACL each names (`WebACLId`).
import { ListDistributionsCommand, type ListDistributionsCommandOutput } from '@aws-sdk/client-cloudfront';
import { collected, type EvidenceRef } from '../../core/types.js';
import { WAF_NEEDS, type CloudFrontDistributionEvidence } from '../../evidence/aws/waf.js';
import { allPages, attempt, type AwsAccountCollector } from './collector.js';

export const cloudFrontCollector: AwsAccountCollector = {
  provides: [WAF_NEEDS.cloudfront],
  async collect({ session }, into) {
    into.cloudfront = await attempt(async () => {
      const refs: EvidenceRef[] = [];
      const pages = await allPages(async (token) => {
        const { output, ref } = await session.send<ListDistributionsCommandOutput>(
          'cloudfront',
          'us-east-1',
          new ListDistributionsCommand({ MaxItems: 100, ...(token ? { Marker: token } : {}) }),
        );
        refs.push(ref);
        const list = output.DistributionList;
        return { page: list?.Items ?? [], next: list?.IsTruncated ? list.NextMarker : undefined };
      });
      const distributions = pages.flat().map(
        (d): CloudFrontDistributionEvidence => ({
          id: d.Id ?? '',
          arn: d.ARN ?? '',
          domainName: d.DomainName ?? '',
          enabled: d.Enabled === true,
          webAclId: d.WebACLId ?? '',
        }),
      );
      return collected(distributions, refs);
    });
  },
};
