// GuardDuty (restJson1): GET /detector (ListDetectors, paginated) and GET /detector/{detectorId}.
import type { SandboxRequest } from '../http.js';
import { AwsFault, page, type AwsServiceHandler } from './protocol.js';

export interface SandboxGuardDutyDetector {
  id: string;
  status: 'ENABLED' | 'DISABLED';
  findingPublishingFrequency?: 'FIFTEEN_MINUTES' | 'ONE_HOUR' | 'SIX_HOURS';
}

export interface SandboxGuardDuty {
  detectors: SandboxGuardDutyDetector[];
}

function route(req: SandboxRequest): string | undefined {
  if (req.method !== 'GET') return undefined;
  if (/^\/detector\/?$/.test(req.path)) return 'ListDetectors';
  if (/^\/detector\/[^/]+\/?$/.test(req.path)) return 'GetDetector';
  return undefined;
}

export const guardDutyHandler: AwsServiceHandler = {
  protocol: 'rest-json',
  actionPrefix: 'guardduty',
  operation: route,
  handle(call) {
    const detectors = call.account.regions[call.region]?.guardduty.detectors ?? [];
    switch (call.operation) {
      case 'ListDetectors': {
        const size = Math.min(Number(call.params.maxResults ?? 50), call.pageSize(50));
        const { items, next } = page(detectors, call.params.nextToken, size);
        return { detectorIds: items.map((d) => d.id), ...(next ? { nextToken: next } : {}) };
      }
      case 'GetDetector': {
        const id = decodeURIComponent(call.req.path.split('/')[2] ?? '');
        const d = detectors.find((x) => x.id === id);
        if (!d) throw new AwsFault('BadRequestException', 'The request is rejected because the input detectorId is not owned by the current account.', 400);
        return {
          createdAt: '2024-03-01T00:00:00.000Z',
          findingPublishingFrequency: d.findingPublishingFrequency ?? 'SIX_HOURS',
          serviceRole: `arn:aws:iam::${call.account.id}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
          status: d.status,
          updatedAt: '2026-11-01T00:00:00.000Z',
          tags: {},
        };
      }
      default:
        throw new AwsFault('BadRequestException', `sandbox GuardDuty does not implement ${call.operation}`, 400);
    }
  },
};
