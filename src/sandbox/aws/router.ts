// Routes a SigV4-signed request to its service by the credential scope, applies the configured
// faults (denied actions, throttling, 5xx), and serializes the answer in the service's protocol.
import type { SandboxCompany } from '../company.js';
import type { SandboxContext, SandboxRequest, SandboxResponse } from '../http.js';
import { json } from '../http.js';
import type { SandboxAwsAccount } from './model.js';
import { accessDenied, AwsFault, errorResponse, formParams, successResponse, throttleFault, type AwsServiceHandler, type RawAwsResponse } from './protocol.js';
import { sessionTokenExpiry, stsHandler } from './sts.js';
import { organizationsHandler } from './organizations.js';
import { ec2Handler } from './ec2.js';
import { iamHandler } from './iam.js';
import { cloudTrailHandler } from './cloudtrail.js';
import { configHandler } from './config.js';
import { guardDutyHandler } from './guardduty.js';
import { s3Handler } from './s3.js';
import { rdsHandler } from './rds.js';
import { kmsHandler } from './kms.js';
import { elbHandler } from './elb.js';
import { wafv2Handler } from './wafv2.js';
import { apiGatewayHandler } from './apigateway.js';
import { cloudFrontHandler } from './cloudfront.js';
import { accessAnalyzerHandler, securityHubHandler } from './security-services.js';
import { cloudWatchHandler, eventsHandler, logsHandler } from './monitoring.js';
import { ecsHandler } from './ecs.js';
import { identityStoreHandler, ssoAdminHandler } from './identity-center.js';

/** By SigV4 signing name. */
const HANDLERS: Record<string, AwsServiceHandler> = {
  sts: stsHandler,
  organizations: organizationsHandler,
  ec2: ec2Handler,
  iam: iamHandler,
  cloudtrail: cloudTrailHandler,
  config: configHandler,
  guardduty: guardDutyHandler,
  s3: s3Handler,
  rds: rdsHandler,
  kms: kmsHandler,
  elasticloadbalancing: elbHandler,
  wafv2: wafv2Handler,
  apigateway: apiGatewayHandler,
  cloudfront: cloudFrontHandler,
  securityhub: securityHubHandler,
  'access-analyzer': accessAnalyzerHandler,
  logs: logsHandler,
  monitoring: cloudWatchHandler,
  events: eventsHandler,
  ecs: ecsHandler,
  sso: ssoAdminHandler,
  identitystore: identityStoreHandler,
};

/** Services whose endpoints are global (no per-region enablement check). */
const GLOBAL = new Set(['sts', 'iam', 'organizations', 's3', 'cloudfront']);

export interface SigV4Scope {
  accessKeyId: string;
  region: string;
  service: string;
}

export function parseSigV4(authorization: string): SigV4Scope | undefined {
  const m = authorization.match(/Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/);
  return m ? { accessKeyId: m[1]!, region: m[2]!, service: m[3]! } : undefined;
}

/** Credentials handed out by the sandbox's AssumeRole encode the account and role: ASIA<account>.<role>. */
export function assumedRoleKey(accountId: string, roleName: string): string {
  return `ASIA${accountId}.${roleName}`;
}

function caller(company: SandboxCompany, accessKeyId: string): { account?: SandboxAwsAccount; principalArn: string } {
  const aws = company.aws!;
  const m = accessKeyId.match(/^ASIA(\d{12})\.(.+)$/);
  if (m) {
    const account = aws.accounts.find((a) => a.id === m[1]);
    return { ...(account ? { account } : {}), principalArn: `arn:aws:sts::${m[1]}:assumed-role/${m[2]}/soc2-evidence` };
  }
  // Long-term keys the sandbox issued start AKIASANDBOX; any other key is unknown to it, as to AWS.
  if (!accessKeyId.startsWith('AKIASANDBOX')) return { principalArn: 'unknown' };
  const account = aws.accounts.find((a) => a.id === aws.managementAccountId);
  return { ...(account ? { account } : {}), principalArn: `arn:aws:iam::${aws.managementAccountId}:user/${aws.callerUserName}` };
}

export async function handleAws(req: SandboxRequest, company: SandboxCompany, ctx: SandboxContext): Promise<SandboxResponse> {
  const scope = parseSigV4(String(req.headers.authorization ?? ''));
  if (!scope || !company.aws) return json(400, { message: 'sandbox: no AWS estate or unsigned request' });
  const handler = HANDLERS[scope.service];
  if (!handler) return errorResponse('json', new AwsFault('UnknownOperationException', `sandbox does not serve ${scope.service}`, 400));

  const isForm = handler.protocol === 'query' || handler.protocol === 'ec2';
  const params: Record<string, string> = isForm ? { ...Object.fromEntries(req.query), ...formParams(req.body) } : Object.fromEntries(req.query);
  let input: Record<string, unknown> = {};
  if (handler.protocol === 'json' || handler.protocol === 'rest-json') {
    try {
      input = req.body.length ? (JSON.parse(req.body.toString('utf8')) as Record<string, unknown>) : {};
    } catch {
      return errorResponse(handler.protocol, new AwsFault('SerializationException', 'malformed JSON body', 400));
    }
  }
  const operation = isForm
    ? params.Action
    : handler.protocol === 'json'
      ? String(req.headers['x-amz-target'] ?? '')
          .split('.')
          .pop()
      : handler.operation?.(req);
  if (!operation) return errorResponse(handler.protocol, new AwsFault('UnknownOperationException', `unknown ${scope.service} operation`, 404));
  ctx.count(`aws:${scope.service}:${operation}`);

  const { account, principalArn } = caller(company, scope.accessKeyId);
  if (!account) return errorResponse(handler.protocol, new AwsFault('InvalidClientTokenId', 'The security token included in the request is invalid.', 403));
  const expiry = sessionTokenExpiry(String(req.headers['x-amz-security-token'] ?? '') || undefined);
  if (expiry !== undefined && !(expiry > Date.now())) {
    ctx.count('aws:expired-token');
    return errorResponse(
      handler.protocol,
      new AwsFault(handler.protocol === 'json' ? 'ExpiredTokenException' : 'ExpiredToken', 'The security token included in the request is expired', 400),
    );
  }
  if (!GLOBAL.has(scope.service) && !account.regions[scope.region]) {
    const code = handler.protocol === 'ec2' ? 'AuthFailure' : 'UnrecognizedClientException';
    return errorResponse(
      handler.protocol,
      new AwsFault(code, 'The security token included in the request is invalid.', handler.protocol === 'ec2' ? 401 : 400),
    );
  }

  const action = handler.actionFor?.(operation, req) ?? `${handler.actionPrefix}:${operation}`;
  const deny = ctx.faults.deny ?? [];
  if (deny.includes(action) || deny.includes(`${account.id}:${action}`))
    return errorResponse(handler.protocol, accessDenied(handler.protocol, principalArn, action));
  if (ctx.faults.throttleRate && ctx.random() < ctx.faults.throttleRate) {
    ctx.count('aws:throttled');
    return errorResponse(handler.protocol, throttleFault(handler.protocol));
  }
  if (ctx.faults.serverErrorRate && ctx.random() < ctx.faults.serverErrorRate) {
    ctx.count('aws:5xx');
    const code = handler.protocol === 'rest-xml' ? 'InternalError' : handler.protocol === 'ec2' ? 'InternalError' : 'InternalFailure';
    return errorResponse(handler.protocol, new AwsFault(code, 'We encountered an internal error. Please try again.', 500));
  }

  try {
    const result = await handler.handle({
      service: scope.service,
      region: scope.region,
      operation,
      account,
      principalArn,
      aws: company.aws,
      company,
      pageSize: (d) => company.aws?.pageSize ?? d,
      params,
      input,
      req,
    });
    if (result && typeof result === 'object' && 'raw' in result) return (result as RawAwsResponse).raw;
    return successResponse(handler, operation, result);
  } catch (err) {
    if (err instanceof AwsFault) return errorResponse(handler.protocol, err);
    throw err;
  }
}
