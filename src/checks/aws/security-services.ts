// Security Hub and IAM Access Analyzer are on in every judged region of every account. An ACTIVE
// organization analyzer (in the management or delegated-administrator account) covers the region
// for every member account the run discovered through Organizations.
import type { Evidence } from '../../evidence/index.js';
import { SECURITY_SERVICES_NEEDS, type AccessAnalyzerEvidence } from '../../evidence/aws/security-services.js';
import type { EvidenceRef } from '../../core/types.js';
import { defineCheck, type AnyCheck } from '../types.js';
import { errorFinding, forEachRegion, regionResource, valueOr } from './common.js';

const securityHub = defineCheck({
  id: 'aws.securityhub.enabled',
  title: 'Security Hub is enabled',
  source: 'aws',
  severity: 'medium',
  judges: 'account × region',
  resourceType: 'aws.region',
  needs: [SECURITY_SERVICES_NEEDS.securityHub],
  remediation: {
    summary: 'Enable Security Hub in every region (with an organization: central configuration from the delegated administrator).',
    console: 'Security Hub → Go to Security Hub → Enable Security Hub (per region), or Configuration → Central configuration',
    cli: 'aws securityhub enable-security-hub --enable-default-standards --region REGION',
    terraform: 'resource "aws_securityhub_account" "this" {\n  enable_default_standards = true\n}',
  },
  evaluate: (evidence) =>
    forEachRegion(evidence, 'Security Hub', (account, regional, out) => {
      const resource = regionResource(account, regional.region);
      const hub = valueOr(regional.securityHub, resource, `Security Hub in ${regional.region}`, out);
      if (!hub) return;
      const where = `${account.accountId} ${regional.region}`;
      if (hub.value.enabled)
        out.push({
          status: 'pass',
          resource,
          message: `Security Hub is enabled in ${where}${hub.value.subscribedAt ? ` (since ${hub.value.subscribedAt.slice(0, 10)})` : ''}.`,
          evidence: hub.refs,
          details: { hubArn: hub.value.hubArn ?? null },
        });
      else
        out.push({
          status: 'fail',
          resource,
          message: `Security Hub is not enabled in ${where}.`,
          evidence: hub.refs,
          details: { answer: hub.value.notEnabledReason ?? null },
        });
    }),
});

/** External-access analyzers; unused-access analyzers answer a different question. */
const EXTERNAL_ACCESS = new Set(['ACCOUNT', 'ORGANIZATION']);
const analyzerAccount = (arn: string) => arn.split(':')[4] ?? '';

/** ACTIVE organization analyzers per region, from every account of the run that was found through Organizations. */
function organizationAnalyzers(evidence: Evidence): Map<string, Array<{ analyzer: AccessAnalyzerEvidence; refs: EvidenceRef[] }>> {
  const byRegion = new Map<string, Array<{ analyzer: AccessAnalyzerEvidence; refs: EvidenceRef[] }>>();
  for (const account of evidence.aws?.accounts ?? []) {
    for (const regional of account.regional) {
      if (!regional.accessAnalyzers?.ok) continue;
      for (const analyzer of regional.accessAnalyzers.value) {
        if (analyzer.type !== 'ORGANIZATION' || analyzer.status !== 'ACTIVE') continue;
        byRegion.set(regional.region, [...(byRegion.get(regional.region) ?? []), { analyzer, refs: regional.accessAnalyzers.refs }]);
      }
    }
  }
  return byRegion;
}

const accessAnalyzer = defineCheck({
  id: 'aws.accessanalyzer.enabled',
  title: 'IAM Access Analyzer is active',
  source: 'aws',
  severity: 'medium',
  judges: 'account × region',
  resourceType: 'aws.region',
  needs: [SECURITY_SERVICES_NEEDS.accessAnalyzers],
  remediation: {
    summary: 'Create an external-access analyzer in every region (type ORGANIZATION from the management or delegated-administrator account, else ACCOUNT).',
    console: 'IAM → Access analyzer → Analyzer settings → Create analyzer (External access; zone of trust: organization)',
    cli: 'aws accessanalyzer create-analyzer --analyzer-name org-external-access --type ORGANIZATION --region REGION',
    terraform: 'resource "aws_accessanalyzer_analyzer" "org" {\n  analyzer_name = "org-external-access"\n  type          = "ORGANIZATION"\n}',
  },
  evaluate(evidence) {
    const orgAnalyzers = organizationAnalyzers(evidence);
    const discovered = evidence.aws?.discovery?.ok ? new Set(evidence.aws.discovery.value.accounts.map((a) => a.id)) : new Set<string>();
    return forEachRegion(evidence, 'IAM Access Analyzer', (account, regional, out) => {
      const resource = regionResource(account, regional.region);
      const where = `${account.accountId} ${regional.region}`;
      const own = regional.accessAnalyzers;
      const active = own?.ok ? own.value.filter((a) => EXTERNAL_ACCESS.has(a.type) && a.status === 'ACTIVE') : [];
      const details = { analyzers: own?.ok ? own.value.map((a) => `${a.name}:${a.type}:${a.status}`) : [] };
      if (active[0]) {
        out.push({
          status: 'pass',
          resource,
          message: `IAM Access Analyzer ${active[0].name} (${active[0].type}) is active in ${where}.`,
          evidence: own!.refs,
          details,
        });
        return;
      }
      // Only an account the run found in the organization is known to be in the analyzer's zone of trust.
      const covering = discovered.has(account.accountId)
        ? (orgAnalyzers.get(regional.region) ?? []).find((o) => discovered.has(analyzerAccount(o.analyzer.arn)))
        : undefined;
      if (covering) {
        out.push({
          status: 'pass',
          resource,
          message: `${where} is covered by the organization analyzer ${covering.analyzer.name} of account ${analyzerAccount(covering.analyzer.arn)}.`,
          evidence: [...(own?.refs ?? []), ...covering.refs],
          details: { ...details, organizationAnalyzer: covering.analyzer.arn },
        });
        return;
      }
      if (!own?.ok) {
        out.push(errorFinding(resource, own?.ok === false ? own.error : undefined, `IAM Access Analyzer in ${regional.region}`, own?.refs ?? []));
        return;
      }
      const inactive = own.value.filter((a) => EXTERNAL_ACCESS.has(a.type));
      const why = inactive.length
        ? `its external-access analyzers are ${inactive.map((a) => `${a.name} ${a.status}`).join(', ')}`
        : own.value.length
          ? 'it has only unused-access analyzers'
          : 'it has no analyzer';
      out.push({ status: 'fail', resource, message: `IAM Access Analyzer is not active in ${where}: ${why}.`, evidence: own.refs, details });
    });
  },
});

export const awsSecurityServicesChecks: AnyCheck[] = [securityHub, accessAnalyzer];
