// Classic Elastic Load Balancing: load balancers with their listener descriptions, every page.
import { DescribeLoadBalancersCommand, type DescribeLoadBalancersCommandOutput } from '@aws-sdk/client-elastic-load-balancing';
import { collected, type Collected, type EvidenceRef } from '../../core/types.js';
import type { ClassicLoadBalancerEvidence } from '../../evidence/aws/elb.js';
import { allPages, attempt } from './collector.js';
import type { AwsSession } from './session.js';

const PAGE = 400;

export async function classicLoadBalancers(session: AwsSession, region: string): Promise<Collected<ClassicLoadBalancerEvidence[]>> {
  return attempt(async () => {
    const refs: EvidenceRef[] = [];
    const pages = await allPages(async (token) => {
      const { output, ref } = await session.send<DescribeLoadBalancersCommandOutput>(
        'elb',
        region,
        new DescribeLoadBalancersCommand({ PageSize: PAGE, ...(token ? { Marker: token } : {}) }),
      );
      refs.push(ref);
      return { page: output.LoadBalancerDescriptions ?? [], next: output.NextMarker };
    });
    const lbs = pages.flat().map(
      (lb): ClassicLoadBalancerEvidence => ({
        name: lb.LoadBalancerName ?? '',
        ...(lb.Scheme ? { scheme: lb.Scheme } : {}),
        listeners: (lb.ListenerDescriptions ?? []).flatMap((d) =>
          d.Listener
            ? [
                {
                  protocol: (d.Listener.Protocol ?? '').toUpperCase(),
                  port: d.Listener.LoadBalancerPort ?? 0,
                  ...(d.Listener.InstanceProtocol ? { instanceProtocol: d.Listener.InstanceProtocol.toUpperCase() } : {}),
                  ...(d.Listener.InstancePort !== undefined ? { instancePort: d.Listener.InstancePort } : {}),
                  ...(d.Listener.SSLCertificateId ? { sslCertificateId: d.Listener.SSLCertificateId } : {}),
                },
              ]
            : [],
        ),
      }),
    );
    return collected(lbs, refs);
  });
}
