import type { Collected } from '../../core/types.js';

export interface ElbV2ListenerEvidence {
  arn: string;
  protocol: string; // HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP, GENEVE
  port?: number;
  /** Default actions: type and, for redirects, the target protocol (`HTTPS`, `#{protocol}`…). */
  defaultActions: ElbV2Action[];
  /** `DescribeRules` (HTTP listeners only): the non-default rules, each with its actions. */
  rules?: Collected<Array<{ priority: string; conditions: string[]; actions: ElbV2Action[] }>>;
}

export interface ElbV2Action {
  type: string;
  redirectProtocol?: string;
}

export interface ElbV2LoadBalancerEvidence {
  arn: string;
  name: string;
  type: string; // application | network | gateway
  scheme?: string;
  /** `DescribeListeners` for this load balancer. */
  listeners: Collected<ElbV2ListenerEvidence[]>;
}

export interface ClassicListenerEvidence {
  protocol: string; // HTTP, HTTPS, TCP, SSL
  port: number;
  instanceProtocol?: string;
  instancePort?: number;
  sslCertificateId?: string;
}

export interface ClassicLoadBalancerEvidence {
  name: string;
  scheme?: string;
  listeners: ClassicListenerEvidence[];
}

export interface ElbRegionEvidence {
  /** ELBv2 `DescribeLoadBalancers` (ALB, NLB, GWLB). */
  v2?: Collected<ElbV2LoadBalancerEvidence[]>;
  /** Classic ELB `DescribeLoadBalancers`. */
  classic?: Collected<ClassicLoadBalancerEvidence[]>;
}

/** Evidence keys: checks name them in `needs`; the collector reads only what is needed. */
export const ELB_NEEDS = { loadBalancers: 'aws.elb.loadBalancers' } as const;
