// Demo company Kestrel Data, Inc.: WAF, flow logs, Security Hub, Access Analyzer, root-usage alarms,
// log retention and ECS task definitions, with a trap for each check: an internet-facing ALB without
// a web ACL next to one with it (and an internal ALB that is not judged), a flow log whose delivery
// fails, a subnet-only flow log, a region without Security Hub, an unused-access-only analyzer, the
// organization trail's log group without the root filter, a 30-day log group, DB_PASSWORD in plain
// `environment` (and older or deregistered revisions that must not be judged).
import type { SandboxAwsAccount, SandboxAwsRegion } from '../aws/model.js';

type StackRegion = Pick<SandboxAwsRegion, 'wafv2' | 'apigateway' | 'vpcs' | 'securityhub' | 'accessanalyzer' | 'logs' | 'cloudwatch' | 'events' | 'ecs'>;

/** The organization trail's CloudWatch Logs group (management account, us-east-1). */
export const ORG_TRAIL_LOG_GROUP = 'aws-cloudtrail-logs-kestrel-org';
/** The prod account's own multi-region trail's log group (eu-west-1). */
export const PROD_TRAIL_LOG_GROUP = 'prod-audit-trail';

const CIS_ROOT = '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }';
const ROOT_SIGN_IN = { source: ['aws.signin'], 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { userIdentity: { type: ['Root'] } } };
const defaultVpc = (id: string) => ({ id, isDefault: true, cidr: '172.31.0.0/16', networkInterfaces: 0 });

function managementStack(id: string): { regional: Record<string, StackRegion> } {
  return {
    regional: {
      'eu-west-1': { vpcs: [defaultVpc('vpc-0m1eu0000000001')], securityhub: { enabled: true }, accessanalyzer: { analyzers: [] } },
      'us-east-1': {
        vpcs: [defaultVpc('vpc-0m1us0000000001')],
        securityhub: { enabled: true },
        accessanalyzer: { analyzers: [{ name: 'kestrel-org-external-access', type: 'ORGANIZATION' }] },
        logs: {
          groups: [
            {
              // Gap: the organization trail's log group has CIS filters, but not the root-activity one.
              name: ORG_TRAIL_LOG_GROUP,
              retentionInDays: 400,
              metricFilters: [
                {
                  name: 'UnauthorizedAPICalls',
                  pattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
                  metricName: 'UnauthorizedAPICalls',
                  namespace: 'CISBenchmark',
                },
                {
                  name: 'NotRootSignIn',
                  pattern: '{ $.userIdentity.type != "Root" && $.eventName = "ConsoleLogin" }',
                  metricName: 'ConsoleLogins',
                  namespace: 'CISBenchmark',
                },
              ],
            },
          ],
        },
        cloudwatch: {
          alarms: [
            {
              name: 'unauthorized-api-calls',
              metricName: 'UnauthorizedAPICalls',
              namespace: 'CISBenchmark',
              actions: [`arn:aws:sns:us-east-1:${id}:security-alerts`],
            },
          ],
        },
        // A root sign-in rule exists but is disabled: it does not count.
        events: {
          rules: [{ name: 'root-console-sign-in', pattern: ROOT_SIGN_IN, state: 'DISABLED', targets: [`arn:aws:sns:us-east-1:${id}:security-alerts`] }],
        },
      },
    },
  };
}

function prodStack(id: string): { cloudfront: SandboxAwsAccount['cloudfront']; regional: Record<string, StackRegion> } {
  return {
    cloudfront: {
      distributions: [
        {
          id: 'E2KESTRELWEB01',
          domain: 'd111kestrelweb.cloudfront.net',
          webAcl: `arn:aws:wafv2:us-east-1:${id}:global/webacl/kestrel-cdn/5e6f7a8b-0000-4000-8000-000000000001`,
        },
        // Gap: the docs site's distribution has no web ACL.
        { id: 'E3KESTRELDOCS1', domain: 'd222kestreldocs.cloudfront.net' },
        // Not judged: disabled.
        { id: 'E4KESTRELOLD01', domain: 'd333kestrelold.cloudfront.net', enabled: false },
      ],
    },
    regional: {
      'eu-west-1': {
        // kestrel-prod-web is protected; kestrel-prod-docs (internet-facing) is not; kestrel-prod-admin is internal.
        wafv2: {
          webAcls: [
            { name: 'kestrel-prod-edge', loadBalancers: ['kestrel-prod-web'] },
            { name: 'kestrel-spare', loadBalancers: [] },
          ],
        },
        apigateway: {
          restApis: [
            { id: 'a1b2c3d4e5', name: 'kestrel-public-api', endpointType: 'REGIONAL', stages: [{ name: 'v1', webAcl: 'kestrel-prod-edge' }, { name: 'beta' }] },
            // Not judged: private API.
            { id: 'f6a7b8c9d0', name: 'kestrel-internal-api', endpointType: 'PRIVATE', stages: [{ name: 'prod' }] },
          ],
        },
        vpcs: [
          { id: 'vpc-0a1prod00000001', name: 'kestrel-prod', networkInterfaces: 24, flowLogs: [{ id: 'fl-0a1prod0000001', destination: 's3' }] },
          // Gap: the flow log exists but its delivery fails.
          {
            id: 'vpc-0a1prod00000002',
            name: 'kestrel-prod-data',
            networkInterfaces: 6,
            flowLogs: [{ id: 'fl-0a1prod0000002', deliver: 'FAILED', error: 'Access error' }],
          },
          defaultVpc('vpc-0a1prod0000dflt'),
        ],
        securityhub: { enabled: true },
        accessanalyzer: { analyzers: [{ name: 'prod-external-access', type: 'ACCOUNT' }] },
        logs: {
          groups: [
            // Gap: 30 days.
            { name: '/ecs/kestrel-api', retentionInDays: 30 },
            { name: '/ecs/kestrel-worker', retentionInDays: 731 },
            { name: '/aws/lambda/kestrel-export' },
            {
              name: PROD_TRAIL_LOG_GROUP,
              retentionInDays: 400,
              metricFilters: [{ name: 'RootAccountUsage', pattern: CIS_ROOT, metricName: 'RootAccountUsage', namespace: 'CISBenchmark' }],
            },
          ],
        },
        cloudwatch: {
          alarms: [
            { name: 'root-account-usage', metricName: 'RootAccountUsage', namespace: 'CISBenchmark', actions: [`arn:aws:sns:eu-west-1:${id}:security-alerts`] },
          ],
        },
        ecs: {
          taskDefinitions: [
            // Older revisions held the password in plain text; the latest ACTIVE one reads it from Secrets Manager.
            { family: 'kestrel-api', revision: 1, containers: [{ name: 'api', environment: { DB_PASSWORD: 'kestrel-demo-plain-password-1' } }] },
            { family: 'kestrel-api', revision: 2, containers: [{ name: 'api', environment: { DB_PASSWORD: 'kestrel-demo-plain-password-2' } }] },
            {
              family: 'kestrel-api',
              revision: 3,
              containers: [
                {
                  name: 'api',
                  environment: { LOG_LEVEL: 'info', DB_PASSWORD_SECRET_ARN: `arn:aws:secretsmanager:eu-west-1:${id}:secret:db` },
                  secrets: { DB_PASSWORD: `arn:aws:secretsmanager:eu-west-1:${id}:secret:db` },
                },
              ],
            },
            // Deregistered, not judged, even though it is the newest revision.
            {
              family: 'kestrel-api',
              revision: 4,
              status: 'INACTIVE',
              containers: [{ name: 'api', environment: { DB_PASSWORD: 'kestrel-demo-plain-password-4' } }],
            },
            // `familyPrefix: kestrel-api` would also match this family.
            { family: 'kestrel-api-canary', revision: 1, containers: [{ name: 'api', environment: { LOG_LEVEL: 'debug' } }] },
            // Gap: DB_PASSWORD and an API key in plain environment variables.
            {
              family: 'kestrel-worker',
              revision: 7,
              containers: [
                {
                  name: 'worker',
                  environment: {
                    DB_PASSWORD: 'kestrel-demo-plain-password-7',
                    STRIPE_API_KEY: 'sk_live_kestrel_demo_value',
                    QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/q',
                  },
                },
                { name: 'sidecar', environment: {} },
              ],
            },
          ],
        },
      },
      'us-east-1': {
        // Gap: only a subnet-level flow log.
        vpcs: [{ id: 'vpc-0b2prod00000001', name: 'kestrel-analytics', networkInterfaces: 4, flowLogs: [{ id: 'fl-0b2prod0000001', level: 'subnet' }] }],
        // Gap: Security Hub not enabled in this region.
        securityhub: { enabled: false },
        logs: { groups: [{ name: '/aws/rds/instance/kestrel-prod-analytics/error', retentionInDays: 365 }] },
      },
    },
  };
}

function stagingStack(id: string): { cloudfront: SandboxAwsAccount['cloudfront']; regional: Record<string, StackRegion> } {
  return {
    // Gap: a WAF Classic web ACL id, not WAFv2.
    cloudfront: { distributions: [{ id: 'E5KESTRELSTG01', domain: 'd444kestrelstg.cloudfront.net', webAcl: '3f1e2d4c-5b6a-4789-8a9b-0c1d2e3f4a5b' }] },
    regional: {
      'eu-west-1': {
        // Gap: a VPC in use without any flow log.
        vpcs: [{ id: 'vpc-0c3stag00000001', name: 'kestrel-staging', networkInterfaces: 8 }],
        // Gap: Security Hub off in both regions; only an unused-access analyzer here.
        accessanalyzer: { analyzers: [{ name: 'staging-unused', type: 'ACCOUNT_UNUSED_ACCESS' }] },
        logs: { groups: [{ name: '/ecs/kestrel-staging', retentionInDays: 14 }] },
        ecs: {
          taskDefinitions: [
            {
              family: 'kestrel-staging-api',
              revision: 12,
              containers: [{ name: 'api', secrets: { DB_PASSWORD: `arn:aws:ssm:eu-west-1:${id}:parameter/staging/db` } }],
            },
          ],
        },
      },
      'us-east-1': {
        // Root console sign-in goes to the security team through EventBridge.
        events: {
          rules: [
            {
              name: 'all-console-sign-ins',
              pattern: { 'detail-type': ['AWS Console Sign In via CloudTrail'] },
              targets: [`arn:aws:logs:us-east-1:${id}:log-group:/sign-ins`],
            },
            { name: 'root-sign-in-alert', pattern: ROOT_SIGN_IN, targets: [`arn:aws:sns:us-east-1:${id}:security-alerts`] },
          ],
        },
      },
    },
  };
}

/** Stack state per account and region (empty for accounts and regions without any). */
export function stackState(
  accountId: string,
  managementId: string,
  prodId: string,
  stagingId: string,
): { cloudfront?: SandboxAwsAccount['cloudfront']; regional: Record<string, StackRegion> } {
  if (accountId === managementId) return managementStack(accountId);
  if (accountId === prodId) return prodStack(accountId);
  if (accountId === stagingId) return stagingStack(accountId);
  return { regional: {} };
}
