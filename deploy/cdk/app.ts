// The CDK app: the audit-account stack and the member-account stack. No assets and no lookups, so it
// synthesises offline, and the templates deploy without `cdk bootstrap` (plain CloudFormation or StackSets).
import { App, BootstraplessSynthesizer } from 'aws-cdk-lib';
import { AuditAccountStack } from './audit-stack.js';
import { MemberReadOnlyStack } from './member-stack.js';

export const STACKS = { audit: 'soc2-evidence-audit', member: 'soc2-evidence-member-readonly' } as const;

export function buildApp(outdir?: string) {
  const app = new App({
    outdir,
    analyticsReporting: false,
    // No construct paths in the templates: they stay readable and identical from one CDK version to the next.
    context: { 'aws:cdk:enable-path-metadata': false },
  });
  const audit = new AuditAccountStack(app, STACKS.audit, { synthesizer: new BootstraplessSynthesizer() });
  const member = new MemberReadOnlyStack(app, STACKS.member, { synthesizer: new BootstraplessSynthesizer() });
  return { app, audit, member };
}
