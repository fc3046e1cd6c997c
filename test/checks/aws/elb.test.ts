import { describe, expect, it } from 'vitest';
import { awsElbChecks } from '../../../src/checks/aws/elb.js';
import type { Collected } from '../../../src/core/types.js';
import type { ClassicListenerEvidence, ElbRegionEvidence, ElbV2ListenerEvidence, ElbV2LoadBalancerEvidence } from '../../../src/evidence/aws/elb.js';
import { ACCT, account, broken, byId, denied, evaluate, evidenceOf, ok, regional, statuses } from './encryption-evidence.js';

const tls = byId(awsElbChecks, 'aws.elb.tls-listeners');
const R = 'eu-west-1';
const lbArn = (name: string) => `arn:aws:elasticloadbalancing:${R}:${ACCT}:loadbalancer/app/${name}/0123456789abcdef`;
const listener = (protocol: string, port: number, defaultActions: ElbV2ListenerEvidence['defaultActions'] = [{ type: 'forward' }]): ElbV2ListenerEvidence => ({
  arn: `${protocol}-${port}`,
  protocol,
  port,
  defaultActions,
});
const lb = (name: string, listeners: Collected<ElbV2ListenerEvidence[]>, type = 'application'): ElbV2LoadBalancerEvidence => ({
  arn: lbArn(name),
  name,
  type,
  listeners,
});
const withElb = (elb: ElbRegionEvidence | undefined) => evidenceOf(account({ regional: [regional(R, elb ? { elb } : {})] }));

describe('aws.elb.tls-listeners (ELBv2)', () => {
  const rows: Array<[string, ElbV2ListenerEvidence[], string, string?]> = [
    ['HTTPS only', [listener('HTTPS', 443)], 'pass'],
    ['HTTP redirecting to HTTPS', [listener('HTTPS', 443), listener('HTTP', 80, [{ type: 'redirect', redirectProtocol: 'HTTPS' }])], 'pass'],
    ['HTTP redirect, protocol lower-case https', [listener('HTTP', 80, [{ type: 'redirect', redirectProtocol: 'https' }])], 'pass'],
    ['TLS (NLB)', [listener('TLS', 443)], 'pass', 'network'],
    ['plain HTTP forward', [listener('HTTP', 80)], 'fail'],
    ['HTTP redirect keeping #{protocol}', [listener('HTTP', 80, [{ type: 'redirect', redirectProtocol: '#{protocol}' }])], 'fail'],
    ['HTTP redirect to HTTP', [listener('HTTP', 80, [{ type: 'redirect', redirectProtocol: 'HTTP' }])], 'fail'],
    ['HTTP fixed response', [listener('HTTP', 80, [{ type: 'fixed-response' }])], 'fail'],
    ['HTTPS plus a plain HTTP listener', [listener('HTTPS', 443), listener('HTTP', 8080)], 'fail'],
    ['plain TCP (NLB)', [listener('TCP', 1883)], 'fail', 'network'],
    ['TCP_UDP (NLB)', [listener('TCP_UDP', 53)], 'fail', 'network'],
    ['UDP only (no TLS option)', [listener('UDP', 514)], 'not_applicable', 'network'],
    ['GENEVE (gateway)', [listener('GENEVE', 6081)], 'not_applicable', 'gateway'],
    ['no listeners', [], 'not_applicable'],
    [
      'HTTP redirecting to HTTPS, every rule redirecting too',
      [
        {
          ...listener('HTTP', 80, [{ type: 'redirect', redirectProtocol: 'HTTPS' }]),
          rules: ok([{ priority: '1', conditions: ['path-pattern=/api/*'], actions: [{ type: 'redirect', redirectProtocol: 'HTTPS' }] }]),
        },
      ],
      'pass',
    ],
    [
      'HTTP redirecting to HTTPS, a fixed-response rule',
      [
        {
          ...listener('HTTP', 80, [{ type: 'redirect', redirectProtocol: 'HTTPS' }]),
          rules: ok([{ priority: '1', conditions: ['path-pattern=/health'], actions: [{ type: 'fixed-response' }] }]),
        },
      ],
      'pass',
    ],
    [
      'HTTP redirecting to HTTPS, but a rule forwards plain HTTP',
      [
        {
          ...listener('HTTP', 80, [{ type: 'redirect', redirectProtocol: 'HTTPS' }]),
          rules: ok([{ priority: '5', conditions: ['path-pattern=/legacy/*'], actions: [{ type: 'forward' }] }]),
        },
      ],
      'fail',
    ],
    [
      'HTTP redirecting to HTTPS, but a rule redirects keeping #{protocol}',
      [
        {
          ...listener('HTTP', 80, [{ type: 'redirect', redirectProtocol: 'HTTPS' }]),
          rules: ok([{ priority: '2', conditions: [], actions: [{ type: 'redirect', redirectProtocol: '#{protocol}' }] }]),
        },
      ],
      'fail',
    ],
  ];
  it.each(rows)('%s → %s', (_n, listeners, status, type) => {
    expect(evaluate(tls, withElb({ v2: ok([lb('web', ok(listeners), type)]), classic: ok([]) }))).toMatchObject([{ status, resource: { id: lbArn('web') } }]);
  });

  it('DescribeListeners denied → error on that load balancer only', () => {
    const ev = withElb({ v2: ok([lb('a', denied('elasticloadbalancing:DescribeListeners')), lb('b', ok([listener('HTTPS', 443)]))]), classic: ok([]) });
    const findings = evaluate(tls, ev);
    expect(statuses(findings)).toEqual({ [lbArn('a')]: 'error', [lbArn('b')]: 'pass' });
    expect(findings[0]!.missing).toBe('elasticloadbalancing:DescribeListeners');
  });
});

describe('aws.elb.tls-listeners (listener rules)', () => {
  it('a forwarding rule is named in the message', () => {
    const l = {
      ...listener('HTTP', 80, [{ type: 'redirect', redirectProtocol: 'HTTPS' }]),
      rules: ok([{ priority: '5', conditions: ['path-pattern=/legacy/*'], actions: [{ type: 'forward' }] }]),
    };
    expect(evaluate(tls, withElb({ v2: ok([lb('web', ok([l]))]), classic: ok([]) }))[0]!.message).toMatch(
      /rule 5 \(path-pattern=\/legacy\/\* → forward\) serves plain HTTP/,
    );
  });
  it('DescribeRules denied → error on that load balancer, never a pass', () => {
    const l = { ...listener('HTTP', 80, [{ type: 'redirect', redirectProtocol: 'HTTPS' }]), rules: denied('elasticloadbalancing:DescribeRules') };
    expect(evaluate(tls, withElb({ v2: ok([lb('web', ok([l]))]), classic: ok([]) }))).toMatchObject([
      { status: 'error', missing: 'elasticloadbalancing:DescribeRules' },
    ]);
  });
});

describe('aws.elb.tls-listeners (classic)', () => {
  const classicArn = (name: string) => `arn:aws:elasticloadbalancing:${R}:${ACCT}:loadbalancer/${name}`;
  const rows: Array<[string, ClassicListenerEvidence[], string]> = [
    ['HTTPS', [{ protocol: 'HTTPS', port: 443 }], 'pass'],
    ['SSL', [{ protocol: 'SSL', port: 443 }], 'pass'],
    ['HTTP', [{ protocol: 'HTTP', port: 80 }], 'fail'],
    ['TCP', [{ protocol: 'TCP', port: 5432 }], 'fail'],
    [
      'HTTPS and HTTP',
      [
        { protocol: 'HTTPS', port: 443 },
        { protocol: 'HTTP', port: 80 },
      ],
      'fail',
    ],
  ];
  it.each(rows)('%s → %s', (_n, listeners, status) => {
    expect(evaluate(tls, withElb({ v2: ok([]), classic: ok([{ name: 'legacy', listeners }]) }))).toMatchObject([
      { status, resource: { id: classicArn('legacy') } },
    ]);
  });
});

describe('aws.elb.tls-listeners (region)', () => {
  const rows: Array<[string, ElbRegionEvidence | undefined, string]> = [
    ['no load balancers', { v2: ok([]), classic: ok([]) }, 'not_applicable'],
    ['v2 denied', { v2: denied('elasticloadbalancing:DescribeLoadBalancers'), classic: ok([]) }, 'error'],
    ['classic failed', { v2: ok([]), classic: broken() }, 'error'],
    ['not collected', undefined, 'error'],
  ];
  it.each(rows)('%s → %s on the region', (_n, elb, status) => {
    expect(evaluate(tls, withElb(elb))).toMatchObject([{ status, resource: { id: `${ACCT}/${R}` } }]);
  });
});
