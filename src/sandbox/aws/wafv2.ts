// WAFv2 (awsJson1_1): ListWebACLs (NextMarker/Limit) and ListResourcesForWebACL, regional scope. Web
// ACLs name the ALBs they protect; CloudFront-scope ACLs are not listed here (distributions name theirs).
import { createHash } from 'node:crypto';
import { AwsFault, page, type AwsCall, type AwsServiceHandler } from './protocol.js';

export interface SandboxWebAcl {
  name: string;
  /** ALB names (of this region's ELBv2 state) the web ACL is associated with. */
  loadBalancers: string[];
}

export interface SandboxWafv2 {
  webAcls: SandboxWebAcl[];
}

const aclId = (name: string) =>
  createHash('sha256')
    .update(`acl:${name}`)
    .digest('hex')
    .slice(0, 32)
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*/, '$1-$2-$3-$4-$5');

export const webAclArn = (region: string, accountId: string, name: string) => `arn:aws:wafv2:${region}:${accountId}:regional/webacl/${name}/${aclId(name)}`;

/** The sandbox ELBv2 ARN of an ALB by name (same formula as the ELB handler). */
const albArn = (call: AwsCall, name: string) =>
  `arn:aws:elasticloadbalancing:${call.region}:${call.account.id}:loadbalancer/app/${name}/${createHash('sha256').update(name).digest('hex').slice(0, 16)}`;

export const wafv2Handler: AwsServiceHandler = {
  protocol: 'json',
  actionPrefix: 'wafv2',
  handle(call) {
    const acls = call.account.regions[call.region]?.wafv2?.webAcls ?? [];
    switch (call.operation) {
      case 'ListWebACLs': {
        const scope = String(call.input.Scope ?? '');
        if (scope !== 'REGIONAL' && scope !== 'CLOUDFRONT')
          throw new AwsFault('WAFInvalidParameterException', 'Error reason: The parameter contains formatting that is not valid., field: SCOPE_VALUE', 400);
        const listed = scope === 'REGIONAL' ? acls : [];
        const limit = Number(call.input.Limit ?? 100);
        if (limit < 1 || limit > 100) throw new AwsFault('WAFInvalidParameterException', 'Error reason: The parameter is out of range., field: LIMIT', 400);
        const { items, next } = page(listed, call.input.NextMarker as string | undefined, Math.min(limit, call.pageSize(100)));
        return {
          WebACLs: items.map((a) => ({
            Name: a.name,
            Id: aclId(a.name),
            ARN: webAclArn(call.region, call.account.id, a.name),
            Description: '',
            LockToken: 'b1e2c3d4-0000-4000-8000-000000000001',
          })),
          ...(next ? { NextMarker: next } : {}),
        };
      }
      case 'ListResourcesForWebACL': {
        const arn = String(call.input.WebACLArn ?? '');
        const acl = acls.find((a) => webAclArn(call.region, call.account.id, a.name) === arn);
        if (!acl) throw new AwsFault('WAFNonexistentItemException', 'AWS WAF couldn’t perform the operation because your resource doesn’t exist.', 400);
        const type = String(call.input.ResourceType ?? 'APPLICATION_LOAD_BALANCER');
        return { ResourceArns: type === 'APPLICATION_LOAD_BALANCER' ? acl.loadBalancers.map((n) => albArn(call, n)) : [] };
      }
      default:
        throw new AwsFault('UnknownOperationException', `sandbox WAFv2 does not implement ${call.operation}`, 400);
    }
  },
};
