// SAML single sign-on for the GitHub organization: enforced at the enterprise (always enforced for
// every organization) or for the organization itself. SAML exists only on GitHub Enterprise Cloud:
// on another plan the check is not applicable and says why. Whether an organization's own SAML is
// enforced shows only in the enterprise's settings; without them, configured SAML is not a pass.
import type { FindingDraft } from '../../core/types.js';
import { GITHUB_NEEDS } from '../../evidence/github.js';
import { defineCheck, type AnyCheck } from '../types.js';
import { errorFinding, orgResource, valueOr } from './common.js';

const ENTERPRISE_READ = "github.enterprise (the enterprise slug) in the config, and an enterprise owner's token (classic: read:enterprise)";
const OWNER_READ = 'organization owner role (classic token: admin:org or read:org scope)';

const samlSso = defineCheck({
  id: 'github.org.saml-sso',
  title: 'GitHub sign-in goes through SAML SSO',
  source: 'github',
  severity: 'high',
  judges: 'the GitHub organization',
  resourceType: 'github.organization',
  needs: [GITHUB_NEEDS.organization, GITHUB_NEEDS.samlSso],
  remediation: {
    summary:
      'Configure SAML single sign-on with your identity provider for the enterprise (enforced ' +
      'for all organizations) or the organization, and require it for all members.',
    console:
      'GitHub → Enterprise → Settings → Authentication security → SAML single sign-on → Require SAML ' +
      'authentication (or Organization → Settings → Authentication security → Enable and Require SAML SSO)',
  },
  evaluate(evidence) {
    const gh = evidence.github!;
    const out: FindingDraft[] = [];
    const resource = orgResource(gh.org);
    const saml = valueOr(gh.samlSso, resource, 'SAML SSO', out);
    if (!saml) return out;
    const { plan, organizationProvider, enterprise } = saml.value;
    const details = {
      plan,
      organizationIdp: organizationProvider?.ssoUrl ?? null,
      enterpriseIdp: enterprise?.provider?.ssoUrl ?? null,
      enforcedByEnterprise: enterprise ? enterprise.enforcedOrganizations.some((o) => o.toLowerCase() === gh.org.toLowerCase()) : null,
    };
    if (plan && plan !== 'enterprise') {
      out.push({
        status: 'not_applicable',
        resource,
        message:
          `SAML SSO needs GitHub Enterprise Cloud; the organization ${gh.org} is on the ${plan} ` +
          'plan, so there is no SAML to enforce (its sign-in is judged by the 2FA checks).',
        evidence: saml.refs,
        details,
      });
      return out;
    }
    if (enterprise?.provider) {
      out.push({
        status: 'pass',
        resource,
        message:
          `SAML SSO is configured for the enterprise ${enterprise.slug} (` +
          `${enterprise.provider.ssoUrl ?? enterprise.provider.issuer ?? 'identity provider'}), ` +
          `which enforces it for every organization including ${gh.org}.`,
        evidence: saml.refs,
        details,
      });
    } else if (enterprise && details.enforcedByEnterprise) {
      out.push({
        status: 'pass',
        resource,
        message: `SAML SSO is enforced for ${gh.org} (enterprise ${enterprise.slug} lists it as ENFORCED).`,
        evidence: saml.refs,
        details,
      });
    } else if (enterprise) {
      out.push({
        status: 'fail',
        resource,
        message: organizationProvider
          ? `SAML SSO is configured for ${gh.org} but not enforced (the enterprise ${enterprise.slug} does not list it as ENFORCED).`
          : `Neither ${gh.org} nor its enterprise ${enterprise.slug} has SAML SSO.`,
        evidence: saml.refs,
        details,
      });
    } else if (plan === null && !organizationProvider) {
      out.push(
        errorFinding(
          resource,
          {
            kind: 'access_denied',
            message: `GitHub did not show the plan of ${gh.org} (owners only), so whether SAML is available is unknown`,
            missingPermission: OWNER_READ,
          },
          'SAML SSO',
          saml.refs,
        ),
      );
    } else {
      // GitHub Enterprise Cloud without the enterprise's settings: enterprise SAML and enforcement cannot be seen.
      const why = organizationProvider
        ? `SAML SSO is configured for ${gh.org} (${organizationProvider.ssoUrl ?? 'identity provider'}), ` +
          `but whether it is required for every member shows only in the enterprise's settings`
        : `${gh.org} has no organization-level SAML provider, and SAML configured for its enterprise shows only in the enterprise's settings`;
      out.push(errorFinding(resource, { kind: 'access_denied', message: why, missingPermission: ENTERPRISE_READ }, 'SAML SSO', saml.refs));
    }
    return out;
  },
});

export const githubSamlChecks: AnyCheck[] = [samlSso];
