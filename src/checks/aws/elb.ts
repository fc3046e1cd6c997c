// Load balancers serve only TLS: every HTTP listener redirects to HTTPS (its default action and every
// rule), and no plain TCP listener.
// ALB/NLB from ELBv2, classic ELBs from their listener descriptions. UDP and GENEVE (Gateway LB)
// listeners carry no TLS option and are not judged.
import type { EvidenceRef, FindingDraft, Resource } from '../../core/types.js';
import type { ElbV2Action, ElbV2ListenerEvidence } from '../../evidence/aws/elb.js';
import { defineCheck, type AnyCheck } from '../types.js';
import { errorFinding, firstFailure, forEachRegion, regionResource } from './common.js';
import { ELB_NEEDS } from '../../evidence/aws/elb.js';

const NOT_JUDGED = new Set(['UDP', 'GENEVE']);

const upgradesToHttps = (a: ElbV2Action) => a.type.toLowerCase() === 'redirect' && (a.redirectProtocol ?? '').toUpperCase() === 'HTTPS';

/** Why an ELBv2 listener is plain text, or undefined when it is TLS or redirects to HTTPS (its default action and every rule). */
export function plainV2Listener(l: ElbV2ListenerEvidence): string | undefined {
  const protocol = l.protocol.toUpperCase();
  if (protocol === 'HTTPS' || protocol === 'TLS' || NOT_JUDGED.has(protocol)) return undefined;
  if (protocol === 'HTTP') {
    // Only a redirect whose protocol is HTTPS upgrades the client; `#{protocol}` (the default) keeps HTTP.
    const redirects = l.defaultActions.some(upgradesToHttps);
    const redirect = l.defaultActions.find((a) => a.type.toLowerCase() === 'redirect');
    if (!redirects)
      return redirect
        ? `HTTP:${l.port ?? '?'} redirects to ${redirect.redirectProtocol ?? '#{protocol}'}, not HTTPS`
        : `HTTP:${l.port ?? '?'} (${l.defaultActions.map((a) => a.type).join('+') || 'no action'}) does not redirect to HTTPS`;
    // The default redirects, but a rule can still serve (forward, or redirect to HTTP) over plain HTTP.
    const serving = (l.rules?.ok ? l.rules.value : []).filter(
      (r) => !r.actions.some(upgradesToHttps) && !r.actions.every((a) => a.type.toLowerCase() === 'fixed-response'),
    );
    if (serving.length)
      return (
        `HTTP:${l.port ?? '?'} redirects to HTTPS by default, but rule ` +
        `${serving.map((r) => `${r.priority} (${r.conditions.join(', ') || 'any request'} → ${r.actions.map((a) => a.type).join('+')})`).join('; ')}` +
        ' serves plain HTTP'
      );
    return undefined;
  }
  return `${protocol}:${l.port ?? '?'} is not TLS`;
}

const tlsListeners = defineCheck({
  id: 'aws.elb.tls-listeners',
  title: 'Load balancers serve only TLS',
  source: 'aws',
  severity: 'high',
  judges: 'ALB/NLB/classic load balancers (their listeners)',
  resourceType: 'aws.elb.load-balancer',
  needs: [ELB_NEEDS.loadBalancers],
  remediation: {
    summary: 'Serve HTTPS/TLS listeners only; make port-80 HTTP listeners redirect to HTTPS (ALB default action: redirect, protocol HTTPS, HTTP_301).',
    console: 'EC2 → Load Balancers → load balancer → Listeners → HTTP:80 → Edit → Default action: Redirect to HTTPS:443',
    cli: 'aws elbv2 modify-listener --listener-arn ARN --default-actions Type=redirect,RedirectConfig="{Protocol=HTTPS,Port=443,StatusCode=HTTP_301}"',
    terraform: `resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }
}`,
  },
  evaluate(evidence) {
    return forEachRegion(evidence, 'load balancer listeners', (account, regional, out) => {
      const region = regional.region;
      const { v2, classic } = regional.elb ?? {};
      const failure = firstFailure(v2, classic);
      if (failure)
        out.push(errorFinding(regionResource(account, region), failure.error, `load balancer listeners in ${account.accountId}/${region}`, failure.refs));
      const judge = (resource: Resource, plain: string[], judgedCount: number, refs: EvidenceRef[], listeners: string[]): FindingDraft => {
        const details = { listeners, plainListeners: plain };
        if (judgedCount === 0)
          return {
            status: 'not_applicable',
            resource,
            message: `Load balancer ${resource.name} has no HTTP, HTTPS, TCP or TLS listeners.`,
            evidence: refs,
            details,
          };
        if (plain.length)
          return { status: 'fail', resource, message: `Load balancer ${resource.name} serves plain text: ${plain.join('; ')}.`, evidence: refs, details };
        return { status: 'pass', resource, message: `Load balancer ${resource.name} serves only TLS (or redirects HTTP to HTTPS).`, evidence: refs, details };
      };
      let count = 0;
      for (const lb of v2?.ok ? v2.value : []) {
        count++;
        const resource: Resource = { type: 'aws.elb.load-balancer', id: lb.arn, name: lb.name, account: account.accountId, region };
        if (!lb.listeners.ok) {
          out.push(errorFinding(resource, lb.listeners.error, `the listeners of load balancer ${lb.name}`, [...v2!.refs, ...lb.listeners.refs]));
          continue;
        }
        const listeners = lb.listeners.value;
        const unreadRules = listeners.find((l) => l.rules && !l.rules.ok)?.rules;
        if (unreadRules && !unreadRules.ok) {
          out.push(
            errorFinding(resource, unreadRules.error, `the listener rules of load balancer ${lb.name}`, [
              ...v2!.refs,
              ...lb.listeners.refs,
              ...unreadRules.refs,
            ]),
          );
          continue;
        }
        const judged = listeners.filter((l) => !NOT_JUDGED.has(l.protocol.toUpperCase()));
        const plain = judged.map(plainV2Listener).filter((x): x is string => x !== undefined);
        const ruleRefs = listeners.flatMap((l) => l.rules?.refs ?? []);
        out.push(
          judge(
            resource,
            plain,
            judged.length,
            [...v2!.refs, ...lb.listeners.refs, ...ruleRefs],
            listeners.map((l) => `${l.protocol}:${l.port ?? '?'}`),
          ),
        );
      }
      for (const lb of classic?.ok ? classic.value : []) {
        count++;
        const resource: Resource = {
          type: 'aws.elb.classic-load-balancer',
          id: `arn:aws:elasticloadbalancing:${region}:${account.accountId}:loadbalancer/${lb.name}`,
          name: lb.name,
          account: account.accountId,
          region,
        };
        const plain = lb.listeners.filter((l) => l.protocol !== 'HTTPS' && l.protocol !== 'SSL').map((l) => `${l.protocol}:${l.port} is not TLS`);
        out.push(
          judge(
            resource,
            plain,
            lb.listeners.length,
            classic!.refs,
            lb.listeners.map((l) => `${l.protocol}:${l.port}`),
          ),
        );
      }
      if (!failure && count === 0) {
        out.push({
          status: 'not_applicable',
          resource: regionResource(account, region),
          message: `No load balancers in ${account.accountId}/${region}.`,
          evidence: [...(v2?.refs ?? []), ...(classic?.refs ?? [])],
          details: { loadBalancers: 0 },
        });
      }
    });
  },
});

export const awsElbChecks: AnyCheck[] = [tlsListeners];
