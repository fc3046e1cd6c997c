// Load balancers, per region: ELBv2 (ALB/NLB/GWLB) with each one's listeners (and the rules of plain-HTTP
// listeners), and classic ELBs
// with their listener descriptions (elb-classic.ts).
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  type Action,
  type DescribeListenersCommandOutput,
  type DescribeLoadBalancersCommandOutput,
  type DescribeRulesCommandOutput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { collected, type EvidenceRef } from '../../core/types.js';
import type { ElbV2Action, ElbV2ListenerEvidence, ElbV2LoadBalancerEvidence } from '../../evidence/aws/elb.js';
import { allPages, attempt, type AwsServiceCollectors } from './collector.js';
import { classicLoadBalancers } from './elb-classic.js';
import type { AwsSession } from './session.js';
import { ELB_NEEDS } from '../../evidence/aws/elb.js';

const V2_PAGE = 400;

async function listeners(session: AwsSession, region: string, loadBalancerArn: string) {
  return attempt(async () => {
    const refs: EvidenceRef[] = [];
    const pages = await allPages(async (token) => {
      const { output, ref } = await session.send<DescribeListenersCommandOutput>(
        'elbv2',
        region,
        new DescribeListenersCommand({ LoadBalancerArn: loadBalancerArn, PageSize: V2_PAGE, ...(token ? { Marker: token } : {}) }),
      );
      refs.push(ref);
      return { page: output.Listeners ?? [], next: output.NextMarker };
    });
    const list = await Promise.all(
      pages.flat().map(
        async (l): Promise<ElbV2ListenerEvidence> => ({
          arn: l.ListenerArn ?? '',
          protocol: String(l.Protocol ?? ''),
          ...(l.Port !== undefined ? { port: l.Port } : {}),
          defaultActions: (l.DefaultActions ?? []).map(toAction),
          // A plain-HTTP listener's rules can forward traffic its default action redirects: read them too.
          ...(String(l.Protocol).toUpperCase() === 'HTTP' && l.ListenerArn ? { rules: await listenerRules(session, region, l.ListenerArn) } : {}),
        }),
      ),
    );
    return collected(list, refs);
  });
}

const toAction = (a: Action): ElbV2Action => ({
  type: String(a.Type ?? ''),
  ...(a.RedirectConfig ? { redirectProtocol: a.RedirectConfig.Protocol ?? '#{protocol}' } : {}),
});

async function listenerRules(session: AwsSession, region: string, listenerArn: string) {
  return attempt(async () => {
    const refs: EvidenceRef[] = [];
    const pages = await allPages(async (token) => {
      const { output, ref } = await session.send<DescribeRulesCommandOutput>(
        'elbv2',
        region,
        new DescribeRulesCommand({ ListenerArn: listenerArn, PageSize: V2_PAGE, ...(token ? { Marker: token } : {}) }),
      );
      refs.push(ref);
      return { page: output.Rules ?? [], next: output.NextMarker };
    });
    const rules = pages
      .flat()
      .filter((r) => r.IsDefault !== true)
      .map((r) => ({
        priority: String(r.Priority ?? '?'),
        conditions: (r.Conditions ?? []).map((c) => `${c.Field ?? '?'}=${(c.Values ?? []).join('|')}`),
        actions: (r.Actions ?? []).map(toAction),
      }));
    return collected(rules, refs);
  });
}

export const elbCollectors: AwsServiceCollectors = {
  account: [],
  region: [
    {
      provides: [ELB_NEEDS.loadBalancers],
      async collect({ session, region }, into) {
        const v2 = attempt(async () => {
          const refs: EvidenceRef[] = [];
          const pages = await allPages(async (token) => {
            const { output, ref } = await session.send<DescribeLoadBalancersCommandOutput>(
              'elbv2',
              region,
              new DescribeLoadBalancersCommand({ PageSize: V2_PAGE, ...(token ? { Marker: token } : {}) }),
            );
            refs.push(ref);
            return { page: output.LoadBalancers ?? [], next: output.NextMarker };
          });
          const lbs = await Promise.all(
            pages.flat().map(
              async (lb): Promise<ElbV2LoadBalancerEvidence> => ({
                arn: lb.LoadBalancerArn ?? '',
                name: lb.LoadBalancerName ?? '',
                type: String(lb.Type ?? ''),
                ...(lb.Scheme ? { scheme: String(lb.Scheme) } : {}),
                listeners: await listeners(session, region, lb.LoadBalancerArn ?? ''),
              }),
            ),
          );
          return collected(lbs, refs);
        });
        const classic = classicLoadBalancers(session, region);
        into.elb = { v2: await v2, classic: await classic };
      },
    },
  ],
};
