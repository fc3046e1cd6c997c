// API Gateway (restJson1): GET /restapis (position/limit) and GET /restapis/{id}/stages. A stage names
// its web ACL (`webAclArn`). IAM authorizes these reads as `apigateway:GET`.
import type { SandboxRequest } from '../http.js';
import { AwsFault, epochSeconds, page, type AwsServiceHandler } from './protocol.js';
import { webAclArn } from './wafv2.js';

export interface SandboxRestApi {
  id: string;
  name: string;
  endpointType: 'EDGE' | 'REGIONAL' | 'PRIVATE';
  /** Stages, each with the name of the regional web ACL associated with it, if any. */
  stages: Array<{ name: string; webAcl?: string }>;
}

export interface SandboxApiGateway {
  restApis: SandboxRestApi[];
}

function route(req: SandboxRequest): string | undefined {
  if (req.method !== 'GET') return undefined;
  if (/^\/restapis\/?$/.test(req.path)) return 'GetRestApis';
  if (/^\/restapis\/[^/]+\/stages\/?$/.test(req.path)) return 'GetStages';
  return undefined;
}

export const apiGatewayHandler: AwsServiceHandler = {
  protocol: 'rest-json',
  actionPrefix: 'apigateway',
  operation: route,
  actionFor: () => 'apigateway:GET',
  handle(call) {
    const apis = call.account.regions[call.region]?.apigateway?.restApis ?? [];
    switch (call.operation) {
      case 'GetRestApis': {
        const limit = Number(call.params.limit ?? 25);
        if (limit < 1 || limit > 500) throw new AwsFault('BadRequestException', 'Invalid limit value', 400);
        const { items, next } = page(apis, call.params.position, Math.min(limit, call.pageSize(500)));
        return {
          item: items.map((a) => ({
            id: a.id,
            name: a.name,
            createdDate: epochSeconds('2025-02-01T00:00:00Z'),
            apiKeySource: 'HEADER',
            endpointConfiguration: { types: [a.endpointType] },
            disableExecuteApiEndpoint: false,
          })),
          ...(next ? { position: next } : {}),
        };
      }
      case 'GetStages': {
        const id = decodeURIComponent(call.req.path.split('/')[2] ?? '');
        const api = apis.find((a) => a.id === id);
        if (!api) throw new AwsFault('NotFoundException', 'Invalid API identifier specified', 404);
        return {
          item: api.stages.map((s) => ({
            stageName: s.name,
            deploymentId: 'dep0001',
            tracingEnabled: false,
            createdDate: epochSeconds('2025-02-01T00:00:00Z'),
            ...(s.webAcl ? { webAclArn: webAclArn(call.region, call.account.id, s.webAcl) } : {}),
          })),
        };
      }
      default:
        throw new AwsFault('BadRequestException', `sandbox API Gateway does not implement ${call.operation}`, 400);
    }
  },
};
