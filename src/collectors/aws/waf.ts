// Internet-facing entry points and their WAFv2 web ACLs, per region: ALBs (DescribeLoadBalancers),
// regional web ACLs with the ALBs each protects (one ListResourcesForWebACL per web ACL, not one call
// per load balancer), API Gateway REST APIs and their stages (a stage names its web ACL). CloudFront
// distributions are global and name their web ACL themselves (cloudfront.ts).
import { DescribeLoadBalancersCommand, type DescribeLoadBalancersCommandOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  ListResourcesForWebACLCommand,
  ListWebACLsCommand,
  type ListResourcesForWebACLCommandOutput,
  type ListWebACLsCommandOutput,
} from '@aws-sdk/client-wafv2';
import { GetRestApisCommand, GetStagesCommand, type GetRestApisCommandOutput, type GetStagesCommandOutput } from '@aws-sdk/client-api-gateway';
import { collected, type Collected } from '../../core/types.js';
import { WAF_NEEDS, type RestApiEvidence, type WafLoadBalancerEvidence, type WafWebAclEvidence } from '../../evidence/aws/waf.js';
import { attempt, collectPages, type AwsRegionCollector } from './collector.js';
import type { AwsSession } from './session.js';

function loadBalancers(session: AwsSession, region: string): Promise<Collected<WafLoadBalancerEvidence[]>> {
  return collectPages(async (token) => {
    const { output, ref } = await session.send<DescribeLoadBalancersCommandOutput>(
      'elbv2',
      region,
      new DescribeLoadBalancersCommand({ PageSize: 400, ...(token ? { Marker: token } : {}) }),
    );
    const page = (output.LoadBalancers ?? []).map((lb) => ({
      arn: lb.LoadBalancerArn ?? '',
      name: lb.LoadBalancerName ?? '',
      type: String(lb.Type ?? ''),
      scheme: String(lb.Scheme ?? ''),
    }));
    return { page, next: output.NextMarker, ref };
  });
}

async function webAcls(session: AwsSession, region: string): Promise<Collected<WafWebAclEvidence[]>> {
  const listed = await collectPages(async (token) => {
    const { output, ref } = await session.send<ListWebACLsCommandOutput>(
      'wafv2',
      region,
      new ListWebACLsCommand({ Scope: 'REGIONAL', Limit: 100, ...(token ? { NextMarker: token } : {}) }),
    );
    return { page: output.WebACLs ?? [], next: output.NextMarker, ref };
  });
  if (!listed.ok) return listed;
  const acls = await Promise.all(
    listed.value.map(
      async (acl): Promise<WafWebAclEvidence> => ({
        name: acl.Name ?? '',
        arn: acl.ARN ?? '',
        loadBalancerArns: await attempt(async () => {
          const { output, ref } = await session.send<ListResourcesForWebACLCommandOutput>(
            'wafv2',
            region,
            new ListResourcesForWebACLCommand({ WebACLArn: acl.ARN, ResourceType: 'APPLICATION_LOAD_BALANCER' }),
          );
          return collected(output.ResourceArns ?? [], [ref]);
        }),
      }),
    ),
  );
  return collected(acls, listed.refs);
}

async function restApis(session: AwsSession, region: string): Promise<Collected<RestApiEvidence[]>> {
  const listed = await collectPages(async (token) => {
    const { output, ref } = await session.send<GetRestApisCommandOutput>(
      'apigateway',
      region,
      new GetRestApisCommand({ limit: 500, ...(token ? { position: token } : {}) }),
    );
    return { page: output.items ?? [], next: output.position, ref };
  });
  if (!listed.ok) return listed;
  const apis = await Promise.all(
    listed.value.map(async (api): Promise<RestApiEvidence> => {
      const id = api.id ?? '';
      const endpointTypes = (api.endpointConfiguration?.types ?? ['EDGE']).map(String);
      const base = { id, name: api.name ?? id, endpointTypes };
      // A private API is reachable only from VPC endpoints: its stages are not internet-facing.
      if (endpointTypes.every((t) => t === 'PRIVATE')) return { ...base, stages: collected([]) };
      const stages = await attempt(async () => {
        const { output, ref } = await session.send<GetStagesCommandOutput>('apigateway', region, new GetStagesCommand({ restApiId: id }));
        return collected(
          (output.item ?? []).map((s) => ({
            restApiId: id,
            apiName: base.name,
            stageName: s.stageName ?? '',
            endpointTypes,
            ...(s.webAclArn ? { webAclArn: s.webAclArn } : {}),
          })),
          [ref],
        );
      });
      return { ...base, stages };
    }),
  );
  return collected(apis, listed.refs);
}

export const wafRegionCollector: AwsRegionCollector = {
  provides: [WAF_NEEDS.regional],
  async collect({ session, region }, into) {
    const apis = restApis(session, region);
    const lbs = await loadBalancers(session, region);
    // Web ACLs matter only where an internet-facing ALB could be protected by one.
    const needAcls = !lbs.ok || lbs.value.some((lb) => lb.type === 'application' && lb.scheme === 'internet-facing');
    const acls = needAcls && lbs.ok ? await webAcls(session, region) : undefined;
    into.waf = { loadBalancers: lbs, ...(acls ? { webAcls: acls } : {}), restApis: await apis };
  },
};
