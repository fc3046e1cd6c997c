// Elastic Load Balancing (awsQuery). Classic ELB and ELBv2 share the signing name
// `elasticloadbalancing`; the `Version` form parameter tells them apart (2012-06-01 classic,
// 2015-12-01 v2). Classic: DescribeLoadBalancers. v2: DescribeLoadBalancers, DescribeListeners, DescribeRules.
import { createHash } from 'node:crypto';
import { AwsFault, listParam, page, successResponse, type AwsServiceHandler } from './protocol.js';

export type SandboxListenerAction = { type: 'forward' } | { type: 'redirect'; protocol?: string } | { type: 'fixed-response' };

export interface SandboxListener {
  protocol: 'HTTP' | 'HTTPS' | 'TCP' | 'TLS' | 'UDP' | 'TCP_UDP' | 'GENEVE';
  port: number;
  /** Default action: forward to a target group, or redirect (HTTPS or another protocol). */
  action?: SandboxListenerAction;
  /** Listener rules (ALB) before the default one: a path pattern and its action. */
  rules?: Array<{ path: string; action: SandboxListenerAction }>;
}

export interface SandboxLoadBalancerV2 {
  name: string;
  type: 'application' | 'network' | 'gateway';
  scheme?: 'internet-facing' | 'internal';
  listeners: SandboxListener[];
}

export interface SandboxClassicListener {
  protocol: 'HTTP' | 'HTTPS' | 'TCP' | 'SSL';
  port: number;
  instanceProtocol?: string;
  instancePort?: number;
}

export interface SandboxClassicLoadBalancer {
  name: string;
  scheme?: 'internet-facing' | 'internal';
  listeners: SandboxClassicListener[];
}

export interface SandboxElb {
  v2?: SandboxLoadBalancerV2[];
  classic?: SandboxClassicLoadBalancer[];
}

const V2_VERSION = '2015-12-01';
const CLASSIC_VERSION = '2012-06-01';

const v2Wire: AwsServiceHandler = {
  protocol: 'query',
  actionPrefix: 'elasticloadbalancing',
  xmlns: `http://elasticloadbalancing.amazonaws.com/doc/${V2_VERSION}/`,
  handle: () => undefined,
};
const classicWire: AwsServiceHandler = { ...v2Wire, xmlns: `http://elasticloadbalancing.amazonaws.com/doc/${CLASSIC_VERSION}/` };

function pageSize(raw: string | undefined, estate: number): number {
  const requested = raw ? Number(raw) : 400;
  if (requested < 1 || requested > 400)
    throw new AwsFault(
      'ValidationError',
      `1 validation error detected: Value '${requested}' at 'pageSize' failed to satisfy constraint: Member must have value less than or equal to 400`,
      400,
    );
  return Math.min(requested, estate);
}

export const elbHandler: AwsServiceHandler = {
  protocol: 'query',
  actionPrefix: 'elasticloadbalancing',
  handle(call) {
    const elb: SandboxElb = call.account.regions[call.region]?.elb ?? {};
    const version = call.params.Version;
    const lbArn = (lb: SandboxLoadBalancerV2) =>
      `arn:aws:elasticloadbalancing:${call.region}:${call.account.id}:loadbalancer/` +
      `${lb.type === 'application' ? 'app' : lb.type === 'network' ? 'net' : 'gwy'}/${lb.name}/` +
      `${createHash('sha256').update(lb.name).digest('hex').slice(0, 16)}`;
    const listenerArn = (lb: SandboxLoadBalancerV2, n: number) =>
      `${lbArn(lb).replace(':loadbalancer/', ':listener/')}/${(n + 1).toString(16).padStart(16, '0')}`;
    const actionJson = (lb: SandboxLoadBalancerV2, action: SandboxListenerAction = { type: 'forward' }) =>
      action.type === 'redirect'
        ? {
            Type: 'redirect',
            Order: 1,
            RedirectConfig: {
              ...(action.protocol ? { Protocol: action.protocol } : {}),
              Port: '443',
              Host: '#{host}',
              Path: '/#{path}',
              Query: '#{query}',
              StatusCode: 'HTTP_301',
            },
          }
        : action.type === 'fixed-response'
          ? { Type: 'fixed-response', Order: 1, FixedResponseConfig: { StatusCode: '403', ContentType: 'text/plain' } }
          : {
              Type: 'forward',
              Order: 1,
              TargetGroupArn: `arn:aws:elasticloadbalancing:${call.region}:${call.account.id}:targetgroup/${lb.name}-tg/73e2d6bc24d8a067`,
            };
    if (version === V2_VERSION) {
      const lbs = elb.v2 ?? [];
      switch (call.operation) {
        case 'DescribeLoadBalancers': {
          const names = listParam(call.params, 'Names');
          const selected = names.length ? lbs.filter((lb) => names.includes(lb.name)) : lbs;
          const { items, next } = page(selected, call.params.Marker, pageSize(call.params.PageSize, call.pageSize(400)));
          const result = {
            LoadBalancers: items.map((lb) => ({
              LoadBalancerArn: lbArn(lb),
              DNSName: `${lb.name}-1234567890.${call.region}.elb.amazonaws.com`,
              CanonicalHostedZoneId: 'Z32O12XQLNTSW2',
              CreatedTime: '2024-03-01T09:00:00.000Z',
              LoadBalancerName: lb.name,
              Scheme: lb.scheme ?? 'internet-facing',
              VpcId: 'vpc-0a1b2c3d',
              State: { Code: 'active' },
              Type: lb.type,
              IpAddressType: 'ipv4',
            })),
            NextMarker: next,
          };
          return { raw: successResponse(v2Wire, call.operation, result) };
        }
        case 'DescribeListeners': {
          const arn = call.params.LoadBalancerArn;
          const lb = lbs.find((l) => lbArn(l) === arn);
          if (!lb) throw new AwsFault('LoadBalancerNotFound', `One or more load balancers not found`, 400);
          const { items, next } = page(lb.listeners, call.params.Marker, pageSize(call.params.PageSize, call.pageSize(400)));
          const result = {
            Listeners: items.map((l) => {
              return {
                ListenerArn: listenerArn(lb, lb.listeners.indexOf(l)),
                LoadBalancerArn: arn,
                Port: l.port,
                Protocol: l.protocol,
                ...(l.protocol === 'HTTPS' || l.protocol === 'TLS'
                  ? {
                      Certificates: [{ CertificateArn: `arn:aws:acm:${call.region}:${call.account.id}:certificate/0f1e2d3c` }],
                      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
                    }
                  : {}),
                DefaultActions: [actionJson(lb, l.action)],
              };
            }),
            NextMarker: next,
          };
          return { raw: successResponse(v2Wire, call.operation, result) };
        }
        case 'DescribeRules': {
          // The listener's rules in priority order, then its default rule (IsDefault), as ELBv2 lists them.
          const arn = call.params.ListenerArn;
          const found = lbs.flatMap((lb) => lb.listeners.map((l, n) => ({ lb, l, arn: listenerArn(lb, n) }))).find((x) => x.arn === arn);
          if (!found) throw new AwsFault('ListenerNotFound', 'One or more listeners not found', 400);
          const { lb, l } = found;
          const all = [
            ...(l.rules ?? []).map((r, i) => ({
              RuleArn: `${arn!.replace(':listener/', ':listener-rule/')}/${(i + 1).toString(16).padStart(16, '0')}`,
              Priority: String(i + 1),
              Conditions: [{ Field: 'path-pattern', Values: [r.path], PathPatternConfig: { Values: [r.path] } }],
              Actions: [actionJson(lb, r.action)],
              IsDefault: false,
            })),
            {
              RuleArn: `${arn!.replace(':listener/', ':listener-rule/')}/default`,
              Priority: 'default',
              Conditions: [],
              Actions: [actionJson(lb, l.action)],
              IsDefault: true,
            },
          ];
          const { items, next } = page(all, call.params.Marker, pageSize(call.params.PageSize, call.pageSize(400)));
          return { raw: successResponse(v2Wire, call.operation, { Rules: items, NextMarker: next }) };
        }
        default:
          throw new AwsFault('InvalidAction', `sandbox ELBv2 does not implement ${call.operation}`, 400);
      }
    }
    if (version === CLASSIC_VERSION) {
      if (call.operation !== 'DescribeLoadBalancers') throw new AwsFault('InvalidAction', `sandbox ELB does not implement ${call.operation}`, 400);
      const { items, next } = page(elb.classic ?? [], call.params.Marker, pageSize(call.params.PageSize, call.pageSize(400)));
      const result = {
        LoadBalancerDescriptions: items.map((lb) => ({
          LoadBalancerName: lb.name,
          DNSName: `${lb.name}-987654321.${call.region}.elb.amazonaws.com`,
          ListenerDescriptions: lb.listeners.map((l) => ({
            Listener: {
              Protocol: l.protocol,
              LoadBalancerPort: l.port,
              InstanceProtocol: l.instanceProtocol ?? 'HTTP',
              InstancePort: l.instancePort ?? 80,
              ...(l.protocol === 'HTTPS' || l.protocol === 'SSL'
                ? { SSLCertificateId: `arn:aws:acm:${call.region}:${call.account.id}:certificate/9a8b7c6d` }
                : {}),
            },
            PolicyNames: [],
          })),
          CreatedTime: '2019-06-01T09:00:00.000Z',
          Scheme: lb.scheme ?? 'internet-facing',
        })),
        NextMarker: next,
      };
      return { raw: successResponse(classicWire, call.operation, result) };
    }
    throw new AwsFault('InvalidParameterValue', `unsupported Version ${version ?? '(none)'}`, 400);
  },
};
