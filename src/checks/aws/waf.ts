// Internet-facing entry points sit behind a WAFv2 web ACL: internet-facing ALBs (internal ones are
// not judged), API Gateway REST stages of non-private APIs, and CloudFront distributions.
import type { EvidenceRef, FindingDraft, Resource } from '../../core/types.js';
import { WAF_NEEDS } from '../../evidence/aws/waf.js';
import type { AwsAccountEvidence, AwsRegionEvidence } from '../../evidence/aws/index.js';
import { defineCheck, type AnyCheck } from '../types.js';
import { accountResource, errorFinding, forEachAccount, forEachRegion, regionResource, valueOr } from './common.js';

/** A WAFv2 web ACL ARN (`arn:aws:wafv2:…`); CloudFront also accepts a WAF Classic id, which is not WAFv2. */
const isWafV2Arn = (id: string) => /^arn:[^:]+:wafv2:/.test(id);
const aclName = (arn: string) => arn.split('/').at(-2) ?? arn;

function judgeRegion(out: FindingDraft[], account: AwsAccountEvidence, regional: AwsRegionEvidence): void {
  const region = regional.region;
  const where = `${account.accountId}/${region}`;
  const waf = regional.waf;
  const before = out.length;
  let judged = 0;
  const lbs = valueOr(waf?.loadBalancers, regionResource(account, region), `internet-facing load balancers in ${where}`, out);
  if (lbs) {
    const albs = lbs.value.filter((lb) => lb.type === 'application' && lb.scheme === 'internet-facing');
    judged += albs.length;
    const acls = waf?.webAcls;
    const protectedBy = new Map<string, { names: string[]; refs: EvidenceRef[] }>();
    const unreadable = acls?.ok ? acls.value.filter((a) => !a.loadBalancerArns.ok) : [];
    for (const acl of acls?.ok ? acls.value : []) {
      if (!acl.loadBalancerArns.ok) continue;
      for (const arn of acl.loadBalancerArns.value) {
        const entry = protectedBy.get(arn) ?? { names: [], refs: [] };
        entry.names.push(acl.name);
        entry.refs.push(...acl.loadBalancerArns.refs);
        protectedBy.set(arn, entry);
      }
    }
    for (const lb of albs) {
      const resource: Resource = { type: 'aws.elb.load-balancer', id: lb.arn, name: lb.name, account: account.accountId, region };
      if (!acls?.ok) {
        out.push(
          errorFinding(resource, acls?.ok === false ? acls.error : undefined, `the web ACL of load balancer ${lb.name}`, [...lbs.refs, ...(acls?.refs ?? [])]),
        );
        continue;
      }
      const hit = protectedBy.get(lb.arn);
      const refs = [...lbs.refs, ...acls.refs, ...(hit?.refs ?? [])];
      if (hit)
        out.push({
          status: 'pass',
          resource,
          message: `Internet-facing load balancer ${lb.name} is protected by web ACL ${hit.names.join(', ')}.`,
          evidence: refs,
          details: { webAcls: hit.names },
        });
      else if (unreadable[0] && !unreadable[0].loadBalancerArns.ok) {
        const failure = unreadable[0].loadBalancerArns;
        out.push(
          errorFinding(
            resource,
            failure.error,
            `the web ACL of load balancer ${lb.name} (the resources of web ACL ${unreadable[0].name} could not be listed)`,
            [...refs, ...failure.refs],
          ),
        );
      } else
        out.push({
          status: 'fail',
          resource,
          message: `Internet-facing load balancer ${lb.name} has no WAFv2 web ACL (${acls.value.length} regional web ACLs in ${where}, none associated).`,
          evidence: refs,
          details: { webAcls: [], regionalWebAcls: acls.value.length },
        });
    }
  }
  const apis = valueOr(waf?.restApis, regionResource(account, region), `API Gateway REST APIs in ${where}`, out);
  for (const api of apis?.value ?? []) {
    if (api.endpointTypes.every((t) => t === 'PRIVATE')) continue;
    const apiResource: Resource = {
      type: 'aws.apigateway.rest-api',
      id: `arn:aws:apigateway:${region}::/restapis/${api.id}`,
      name: api.name,
      account: account.accountId,
      region,
    };
    const stages = valueOr(api.stages, apiResource, `the stages of REST API ${api.name}`, out, apis!.refs);
    for (const stage of stages?.value ?? []) {
      judged++;
      const resource: Resource = {
        type: 'aws.apigateway.stage',
        id: `arn:aws:apigateway:${region}::/restapis/${api.id}/stages/${stage.stageName}`,
        name: `${api.name}/${stage.stageName}`,
        account: account.accountId,
        region,
      };
      const details = { endpointTypes: stage.endpointTypes, webAcl: stage.webAclArn ?? null };
      if (stage.webAclArn)
        out.push({
          status: 'pass',
          resource,
          message: `API stage ${api.name}/${stage.stageName} is protected by web ACL ${aclName(stage.webAclArn)}.`,
          evidence: stages!.refs,
          details,
        });
      else
        out.push({
          status: 'fail',
          resource,
          message: `API stage ${api.name}/${stage.stageName} (${stage.endpointTypes.join(', ')}) has no WAFv2 web ACL.`,
          evidence: stages!.refs,
          details,
        });
    }
  }
  if (judged === 0 && out.length === before) {
    out.push({
      status: 'not_applicable',
      resource: regionResource(account, region),
      message: `No internet-facing ALB or public API Gateway stage in ${where}.`,
      evidence: [...(lbs?.refs ?? []), ...(apis?.refs ?? [])],
      details: { judged: 0 },
    });
  }
}

const internetFacing = defineCheck({
  id: 'aws.waf.internet-facing',
  title: 'Internet-facing endpoints are behind AWS WAF',
  source: 'aws',
  severity: 'medium',
  judges: 'internet-facing ALBs, API Gateway REST stages, CloudFront distributions',
  resourceType: 'aws.elb.load-balancer',
  needs: [WAF_NEEDS.regional, WAF_NEEDS.cloudfront],
  remediation: {
    summary:
      'Associate a WAFv2 web ACL (at least the AWS managed common rule set) with every ' +
      'internet-facing ALB, public API Gateway stage and CloudFront distribution.',
    console: 'WAF & Shield → Web ACLs → web ACL → Associated AWS resources → Add AWS resources (CloudFront: scope Global, in us-east-1)',
    cli: 'aws wafv2 associate-web-acl --web-acl-arn WEB_ACL_ARN --resource-arn LOAD_BALANCER_OR_STAGE_ARN --region REGION',
    terraform: 'resource "aws_wafv2_web_acl_association" "alb" {\n  resource_arn = aws_lb.public.arn\n  web_acl_arn  = aws_wafv2_web_acl.main.arn\n}',
  },
  evaluate(evidence) {
    const regional = forEachRegion(evidence, 'internet-facing endpoints and their web ACLs', (account, r, out) => judgeRegion(out, account, r));
    const global = forEachAccount(
      evidence,
      (a) => accountResource(a),
      'CloudFront distributions and their web ACLs',
      (account, out) => {
        const distributions = valueOr(account.cloudfront, accountResource(account), `CloudFront distributions in ${account.accountId}`, out);
        for (const d of distributions?.value ?? []) {
          if (!d.enabled) continue;
          const resource: Resource = {
            type: 'aws.cloudfront.distribution',
            id: d.arn || `arn:aws:cloudfront::${account.accountId}:distribution/${d.id}`,
            name: d.domainName,
            account: account.accountId,
          };
          const details = { webAcl: d.webAclId || null };
          if (isWafV2Arn(d.webAclId))
            out.push({
              status: 'pass',
              resource,
              message: `CloudFront distribution ${d.id} is protected by web ACL ${aclName(d.webAclId)}.`,
              evidence: distributions!.refs,
              details,
            });
          else if (d.webAclId)
            out.push({
              status: 'fail',
              resource,
              message: `CloudFront distribution ${d.id} uses a WAF Classic web ACL (${d.webAclId}), not WAFv2.`,
              evidence: distributions!.refs,
              details,
            });
          else
            out.push({
              status: 'fail',
              resource,
              message: `CloudFront distribution ${d.id} (${d.domainName}) has no web ACL.`,
              evidence: distributions!.refs,
              details,
            });
        }
      },
    );
    return [...regional, ...global];
  },
});

export const awsWafChecks: AnyCheck[] = [internetFacing];
