// Security Hub (restJson1): GET /accounts (DescribeHub; not subscribed → 401 InvalidAccessException, as
// AWS answers). IAM Access Analyzer (restJson1): GET /analyzer (ListAnalyzers, nextToken/maxResults).
import type { SandboxRequest } from '../http.js';
import { AwsFault, page, type AwsServiceHandler } from './protocol.js';

export interface SandboxSecurityHub {
  enabled: boolean;
}

export interface SandboxAccessAnalyzer {
  analyzers: Array<{
    name: string;
    type: 'ACCOUNT' | 'ORGANIZATION' | 'ACCOUNT_UNUSED_ACCESS' | 'ORGANIZATION_UNUSED_ACCESS';
    status?: 'ACTIVE' | 'CREATING' | 'DISABLED' | 'FAILED';
  }>;
}

export const securityHubHandler: AwsServiceHandler = {
  protocol: 'rest-json',
  actionPrefix: 'securityhub',
  operation: (req: SandboxRequest) => (req.method === 'GET' && /^\/accounts\/?$/.test(req.path) ? 'DescribeHub' : undefined),
  handle(call) {
    const hub = call.account.regions[call.region]?.securityhub;
    if (!hub?.enabled) throw new AwsFault('InvalidAccessException', `Account ${call.account.id} is not subscribed to AWS Security Hub`, 401);
    return {
      HubArn: `arn:aws:securityhub:${call.region}:${call.account.id}:hub/default`,
      SubscribedAt: '2025-03-01T09:00:00.000Z',
      AutoEnableControls: true,
      ControlFindingGenerator: 'SECURITY_CONTROL',
    };
  },
};

export const accessAnalyzerHandler: AwsServiceHandler = {
  protocol: 'rest-json',
  actionPrefix: 'access-analyzer',
  operation: (req: SandboxRequest) => (req.method === 'GET' && /^\/analyzer\/?$/.test(req.path) ? 'ListAnalyzers' : undefined),
  handle(call) {
    const all = call.account.regions[call.region]?.accessanalyzer?.analyzers ?? [];
    const type = call.params.type;
    const selected = type ? all.filter((a) => a.type === type) : all;
    const { items, next } = page(selected, call.params.nextToken, Math.min(Number(call.params.maxResults ?? 100), call.pageSize(100)));
    return {
      analyzers: items.map((a) => ({
        arn: `arn:aws:access-analyzer:${call.region}:${call.account.id}:analyzer/${a.name}`,
        name: a.name,
        type: a.type,
        createdAt: '2025-03-01T09:00:00Z',
        status: a.status ?? 'ACTIVE',
        tags: {},
      })),
      ...(next ? { nextToken: next } : {}),
    };
  },
};
