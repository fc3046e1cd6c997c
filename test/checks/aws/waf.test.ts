import { describe, expect, it } from 'vitest';
import { awsWafChecks } from '../../../src/checks/aws/waf.js';
import { collected, failed, type Collected } from '../../../src/core/types.js';
import type {
  CloudFrontDistributionEvidence,
  RestApiEvidence,
  WafLoadBalancerEvidence,
  WafRegionEvidence,
  WafWebAclEvidence,
} from '../../../src/evidence/aws/waf.js';
import { account, denied, evidenceOf, find, ref, run, unreachable } from './fixtures.js';

const check = find(awsWafChecks, 'aws.waf.internet-facing');
const ACCT = '111111111111';
const alb = (name: string, scheme = 'internet-facing', type = 'application'): WafLoadBalancerEvidence => ({ arn: `arn:lb/${name}`, name, type, scheme });
const acl = (name: string, lbs: Collected<string[]>): WafWebAclEvidence => ({
  name,
  arn: `arn:aws:wafv2:eu-west-1:${ACCT}:regional/webacl/${name}/id`,
  loadBalancerArns: lbs,
});
const api = (id: string, types: string[], stages: RestApiEvidence['stages']): RestApiEvidence => ({ id, name: id, endpointTypes: types, stages });
const stage = (name: string, webAclArn?: string) => ({
  restApiId: 'api',
  apiName: 'api',
  stageName: name,
  endpointTypes: ['REGIONAL'],
  ...(webAclArn ? { webAclArn } : {}),
});

function judge(waf: WafRegionEvidence, cloudfront: Collected<CloudFrontDistributionEvidence[]> = collected([])) {
  const evidence = evidenceOf(account(ACCT, { cloudfront, regions: collected(['eu-west-1']), regional: [{ region: 'eu-west-1', waf }] }));
  return run(check, evidence).map((f) => [f.resource.id, f.status, f.missing]);
}

describe('aws.waf.internet-facing', () => {
  const noApis = collected<RestApiEvidence[]>([], [ref('apigateway:GetRestApis')]);

  it.each([
    ['protected internet-facing ALB', [alb('web')], [acl('edge', collected(['arn:lb/web']))], 'pass'],
    ['unprotected internet-facing ALB next to a protected one', [alb('web'), alb('docs')], [acl('edge', collected(['arn:lb/web']))], 'fail'],
    ['no web ACL at all', [alb('docs')], [], 'fail'],
  ] as const)('%s', (_name, lbs, acls, docsOrWeb) => {
    const findings = judge({ loadBalancers: collected([...lbs]), webAcls: collected([...acls]), restApis: noApis });
    expect(findings.at(-1)).toEqual([lbs.at(-1)!.arn, docsOrWeb, undefined]);
  });

  it('internal ALBs and NLBs are not judged; a region with nothing internet-facing is not_applicable', () => {
    expect(judge({ loadBalancers: collected([alb('admin', 'internal'), alb('mqtt', 'internet-facing', 'network')]), restApis: noApis })).toEqual([
      [`${ACCT}/eu-west-1`, 'not_applicable', undefined],
    ]);
  });

  it('web ACLs that could not be listed make internet-facing ALBs errors; one unreadable ACL errors only the ALBs no other ACL protects', () => {
    expect(judge({ loadBalancers: collected([alb('web')]), webAcls: failed(denied('wafv2:ListWebACLs')), restApis: noApis })).toEqual([
      ['arn:lb/web', 'error', 'wafv2:ListWebACLs'],
    ]);
    const partial = judge({
      loadBalancers: collected([alb('web'), alb('docs')]),
      webAcls: collected([acl('edge', collected(['arn:lb/web'])), acl('other', failed(denied('wafv2:ListResourcesForWebACL')))]),
      restApis: noApis,
    });
    expect(partial).toEqual([
      ['arn:lb/web', 'pass', undefined],
      ['arn:lb/docs', 'error', 'wafv2:ListResourcesForWebACL'],
    ]);
  });

  it('API stages: private APIs are not judged, a stage without webAclArn fails, unreadable stages are an error on the API', () => {
    const findings = judge({
      loadBalancers: collected([]),
      restApis: collected([
        api('pub', ['REGIONAL'], collected([stage('v1', 'arn:aws:wafv2:eu-west-1:1:regional/webacl/edge/id'), stage('beta')])),
        api('priv', ['PRIVATE'], collected([stage('prod')])),
        api('edge', ['EDGE'], failed(denied('apigateway:GET'))),
      ]),
    });
    expect(findings).toEqual([
      ['arn:aws:apigateway:eu-west-1::/restapis/pub/stages/v1', 'pass', undefined],
      ['arn:aws:apigateway:eu-west-1::/restapis/pub/stages/beta', 'fail', undefined],
      ['arn:aws:apigateway:eu-west-1::/restapis/edge', 'error', 'apigateway:GET'],
    ]);
  });

  it('CloudFront: WAFv2 ARN passes, WAF Classic id and none fail, disabled distributions are not judged, a failed list is an account error', () => {
    const d = (id: string, webAclId: string, enabled = true): CloudFrontDistributionEvidence => ({
      id,
      arn: `arn:aws:cloudfront::${ACCT}:distribution/${id}`,
      domainName: `${id}.cloudfront.net`,
      enabled,
      webAclId,
    });
    const waf = { loadBalancers: collected([]), restApis: noApis };
    const findings = judge(
      waf,
      collected([d('E1', `arn:aws:wafv2:us-east-1:${ACCT}:global/webacl/cdn/id`), d('E2', 'classic-id'), d('E3', ''), d('E4', '', false)]),
    );
    expect(findings.filter((f) => String(f[0]).includes('cloudfront'))).toEqual([
      [`arn:aws:cloudfront::${ACCT}:distribution/E1`, 'pass', undefined],
      [`arn:aws:cloudfront::${ACCT}:distribution/E2`, 'fail', undefined],
      [`arn:aws:cloudfront::${ACCT}:distribution/E3`, 'fail', undefined],
    ]);
    expect(judge(waf, failed(denied('cloudfront:ListDistributions'))).filter((f) => f[0] === ACCT)).toEqual([[ACCT, 'error', 'cloudfront:ListDistributions']]);
  });

  it('load balancers denied → region error; not collected → error; unreachable account → errors, never a pass', () => {
    expect(judge({ loadBalancers: failed(denied('elasticloadbalancing:DescribeLoadBalancers')), restApis: noApis })).toEqual([
      [`${ACCT}/eu-west-1`, 'error', 'elasticloadbalancing:DescribeLoadBalancers'],
    ]);
    expect(judge({})).toEqual([
      [`${ACCT}/eu-west-1`, 'error', undefined],
      [`${ACCT}/eu-west-1`, 'error', undefined],
    ]);
    const findings = run(check, evidenceOf(unreachable('222222222222')));
    expect(findings.every((f) => f.status === 'error')).toBe(true);
  });
});
