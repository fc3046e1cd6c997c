// CloudFront (restXml, global): GET /2020-05-31/distribution (ListDistributions, Marker/MaxItems).
import type { SandboxRequest } from '../http.js';
import { AwsFault, page, toXml, type AwsServiceHandler } from './protocol.js';

export interface SandboxDistribution {
  id: string;
  domain?: string;
  enabled?: boolean;
  /** A WAFv2 web ACL ARN (scope CLOUDFRONT, us-east-1) or a WAF Classic id. */
  webAcl?: string;
}

export interface SandboxCloudFront {
  distributions: SandboxDistribution[];
}

function route(req: SandboxRequest): string | undefined {
  if (req.method === 'GET' && /^\/2020-05-31\/distribution\/?$/.test(req.path)) return 'ListDistributions';
  return undefined;
}

export const cloudFrontHandler: AwsServiceHandler = {
  protocol: 'rest-xml',
  actionPrefix: 'cloudfront',
  operation: route,
  handle(call) {
    if (call.operation !== 'ListDistributions') throw new AwsFault('InvalidArgument', `sandbox CloudFront does not implement ${call.operation}`, 400);
    const all = call.account.cloudfront?.distributions ?? [];
    const max = Number(call.params.MaxItems ?? 100);
    const start = call.params.Marker ? all.findIndex((d) => d.id === call.params.Marker) + 1 : 0;
    const { items, next } = page(all, String(start), Math.min(max, call.pageSize(1000)));
    const list = {
      Marker: call.params.Marker ?? '',
      ...(next ? { NextMarker: items.at(-1)?.id } : {}),
      MaxItems: max,
      IsTruncated: Boolean(next),
      Quantity: items.length,
      Items: items.map((d) => ({
        Id: d.id,
        ARN: `arn:aws:cloudfront::${call.account.id}:distribution/${d.id}`,
        Status: 'Deployed',
        LastModifiedTime: '2026-01-10T10:00:00.000Z',
        DomainName: d.domain ?? `${d.id.toLowerCase()}.cloudfront.net`,
        Aliases: { Quantity: 0 },
        Comment: '',
        PriceClass: 'PriceClass_100',
        Enabled: d.enabled !== false,
        WebACLId: d.webAcl ?? '',
        HttpVersion: 'http2',
        IsIPV6Enabled: true,
        Staging: false,
      })),
    };
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?><DistributionList ' +
      'xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">' +
      `${toXml(list, (k) => (k === 'Items' ? 'DistributionSummary' : 'member'))}</DistributionList>`;
    return xml;
  },
};
