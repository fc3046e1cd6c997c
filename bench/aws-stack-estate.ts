// The stack part of the AWS scale company (bench/aws-scale.ts --stack) and its request report: for each
// check, the requests it made against the fewest requests that can read the same evidence.
import type { SandboxAwsRegion } from '../src/sandbox/aws/model.js';
import type { SandboxCloudFront } from '../src/sandbox/aws/cloudfront.js';
import type { SandboxTrail } from '../src/sandbox/aws/cloudtrail.js';

export const STACK_SIZE = {
  vpcs: 200,
  interfacesPerVpc: 3,
  logGroups: 300,
  families: 100,
  revisionsPerFamily: 3,
  loadBalancers: 30,
  webAclsPerRegion: 2,
  restApisPerRegion: 2,
  stagesPerApi: 2,
  distributions: 5,
  rulesPerRegion: 5,
  trailMetricFilters: 15,
};

const CIS_ROOT = '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }';

export function stackEstate(
  account: string,
  regions: readonly string[],
): { regional: Record<string, Partial<SandboxAwsRegion>>; trails: SandboxTrail[]; cloudfront: SandboxCloudFront } {
  const n = STACK_SIZE;
  const regional: Record<string, Partial<SandboxAwsRegion>> = {};
  const share = (total: number, r: number) => Array.from({ length: total }, (_, i) => i).filter((i) => i % regions.length === r);
  regions.forEach((region, r) => {
    const lbs = share(n.loadBalancers, r).map((i) => ({
      name: `bench-lb-${i}`,
      type: i % 5 === 4 ? ('network' as const) : ('application' as const),
      scheme: i % 3 === 2 ? ('internal' as const) : ('internet-facing' as const),
      listeners: [{ protocol: 'HTTPS' as const, port: 443 }],
    }));
    const albs = lbs.filter((lb) => lb.type === 'application' && lb.scheme === 'internet-facing').map((lb) => lb.name);
    regional[region] = {
      elb: { v2: lbs },
      wafv2: {
        webAcls: Array.from({ length: n.webAclsPerRegion }, (_, k) => ({
          name: `bench-acl-${region}-${k}`,
          loadBalancers: albs.filter((_, j) => j % (n.webAclsPerRegion + 1) === k),
        })),
      },
      apigateway: {
        restApis: Array.from({ length: n.restApisPerRegion }, (_, k) => ({
          id: `api${r}${k}abcde`,
          name: `bench-api-${k}`,
          endpointType: 'REGIONAL' as const,
          stages: Array.from({ length: n.stagesPerApi }, (_, s) => ({ name: `s${s}`, ...(s === 0 ? { webAcl: `bench-acl-${region}-0` } : {}) })),
        })),
      },
      vpcs: share(n.vpcs, r).map((i) => ({
        id: `vpc-${i.toString(16).padStart(17, '0')}`,
        networkInterfaces: i % 10 === 0 ? 0 : n.interfacesPerVpc,
        ...(i % 3 === 0 ? {} : { flowLogs: [{ id: `fl-${i.toString(16).padStart(17, '0')}`, ...(i % 7 === 0 ? { deliver: 'FAILED' as const } : {}) }] }),
      })),
      securityhub: { enabled: r !== 2 },
      accessanalyzer: { analyzers: r === 1 ? [] : [{ name: 'bench', type: 'ACCOUNT' }] },
      logs: {
        groups: [
          ...share(n.logGroups, r).map((i) => ({ name: `/bench/app-${i}`, ...(i % 4 === 0 ? {} : { retentionInDays: [30, 90, 365, 731][i % 4]! }) })),
          ...(r === 0
            ? [
                {
                  name: 'bench-trail',
                  retentionInDays: 400,
                  metricFilters: Array.from({ length: n.trailMetricFilters }, (_, k) => ({
                    name: `cis-${k}`,
                    pattern: k === 0 ? CIS_ROOT : `{ $.eventName = "Event${k}" }`,
                    metricName: `Cis${k}`,
                    namespace: 'CIS',
                  })),
                },
              ]
            : []),
        ],
      },
      cloudwatch: {
        alarms: r === 0 ? [{ name: 'root-usage', metricName: 'Cis0', namespace: 'CIS', actions: [`arn:aws:sns:${region}:${account}:alerts`] }] : [],
      },
      events: {
        rules: Array.from({ length: n.rulesPerRegion }, (_, k) => ({
          name: `rule-${k}`,
          ...(k === 0 && r === 0
            ? { pattern: { 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { userIdentity: { type: ['Root'] } } } }
            : { pattern: { source: [`bench.${k}`] } }),
          targets: [`arn:aws:sns:${region}:${account}:t${k}`],
        })),
      },
      ecs: {
        taskDefinitions: share(n.families, r).flatMap((i) =>
          Array.from({ length: n.revisionsPerFamily }, (_, v) => ({
            family: `bench-task-${i}`,
            revision: v + 1,
            containers: [{ name: 'app', environment: (i % 6 === 0 ? { DB_PASSWORD: 'bench-value' } : { LOG_LEVEL: 'info' }) as Record<string, string> }],
          })),
        ),
      },
    };
  });
  return {
    regional,
    trails: [
      {
        name: 'bench-trail',
        homeRegion: regions[0]!,
        multiRegion: true,
        logging: true,
        logFileValidation: true,
        s3BucketName: 'bench-trail',
        cloudWatchLogsLogGroup: 'bench-trail',
      },
    ],
    cloudfront: {
      distributions: Array.from({ length: n.distributions }, (_, i) => ({
        id: `EBENCH${i}`,
        ...(i % 2 === 0 ? { webAcl: `arn:aws:wafv2:us-east-1:${account}:global/webacl/cdn/id` } : {}),
      })),
    },
  };
}

/** Whether region `r` of the estate has an internet-facing ALB (the same rule as stackEstate). */
function internetFacingAlbs(r: number, regionCount: number): boolean {
  return Array.from({ length: STACK_SIZE.loadBalancers }, (_, i) => i).some((i) => i % regionCount === r && i % 5 !== 4 && i % 3 !== 2);
}

/** Requests per check from the sandbox's counts, each against the least a collector could make. */
export function stackReport(stats: Map<string, number>, regionCount: number): string {
  const n = STACK_SIZE;
  const pages = (items: number, size: number) => Math.max(1, Math.ceil(items / size));
  const perRegion = (total: number) =>
    Array.from({ length: regionCount }, (_, r) => Array.from({ length: total }, (_, i) => i).filter((i) => i % regionCount === r).length);
  const sumPages = (total: number, size: number) => perRegion(total).reduce((a, k) => a + pages(k, size), 0);
  const count = (...ops: string[]) => ops.reduce((a, op) => a + (stats.get(`aws:${op}`) ?? 0), 0);
  const rows: Array<[check: string, made: number, bound: number, resources: number, what: string]> = [
    [
      'aws.waf.internet-facing',
      count(
        'elasticloadbalancing:DescribeLoadBalancers',
        'wafv2:ListWebACLs',
        'wafv2:ListResourcesForWebACL',
        'apigateway:GetRestApis',
        'apigateway:GetStages',
        'cloudfront:ListDistributions',
      ),
      // Per region: load balancers; where an internet-facing ALB exists, the web ACL list and one resource
      // list per web ACL; REST APIs and the stages of each. Distributions once.
      perRegion(n.loadBalancers).reduce(
        (a, k, r) => a + pages(k, 400) + (internetFacingAlbs(r, regionCount) ? 1 + n.webAclsPerRegion : 0) + 1 + n.restApisPerRegion,
        0,
      ) + pages(n.distributions, 100),
      n.loadBalancers + regionCount * n.restApisPerRegion * n.stagesPerApi + n.distributions,
      'load balancers, API stages, distributions',
    ],
    ['aws.vpc.flow-logs', count('ec2:DescribeVpcs', 'ec2:DescribeFlowLogs', 'ec2:DescribeNetworkInterfaces'), sumPages(n.vpcs, 1000) * 3, n.vpcs, 'VPCs'],
    ['aws.securityhub.enabled', count('securityhub:DescribeHub'), regionCount, regionCount, 'regions'],
    ['aws.accessanalyzer.enabled', count('access-analyzer:ListAnalyzers'), regionCount, regionCount, 'regions'],
    [
      'aws.cloudwatch.root-usage-alarm',
      count('cloudtrail:DescribeTrails', 'logs:DescribeMetricFilters', 'monitoring:DescribeAlarmsForMetric', 'events:ListRules', 'events:ListTargetsByRule'),
      // trails once, the trail log group's filters, the root filter's alarms, rules per region, the root rule's targets.
      1 + pages(n.trailMetricFilters, 50) + 1 + regionCount * pages(n.rulesPerRegion, 100) + 1,
      1,
      'account',
    ],
    [
      'aws.logs.retention',
      count('logs:DescribeLogGroups'),
      perRegion(n.logGroups).reduce((a, k, r) => a + pages(k + (r === 0 ? 1 : 0), 50), 0),
      n.logGroups + 1,
      "log groups (one the trail's)",
    ],
    [
      'aws.ecs.task-secrets',
      count('ecs:ListTaskDefinitions', 'ecs:DescribeTaskDefinition'),
      perRegion(n.families).reduce((a, f) => a + pages(f * n.revisionsPerFamily, 100) + f, 0),
      n.families,
      'task definition families',
    ],
  ];
  const lines = rows.map(
    ([check, made, bound, resources, what]) =>
      `  ${check.padEnd(34)} ${String(made).padStart(4)} requests for ${resources} ` +
      `${what} (${(made / resources).toFixed(2)} per resource); lower bound ${bound}: ` +
      `${(made / bound).toFixed(2)}× ${made <= 1.5 * bound ? 'OK' : 'OVER'}`,
  );
  return ['Stack checks: requests per check (sandbox counts) against the request lower bound', ...lines].join('\n');
}
