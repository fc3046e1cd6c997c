// GitHub organization checks: 2FA requirement, members without 2FA, number of owners.
import { z } from 'zod';
import type { FindingDraft } from '../../core/types.js';
import { GITHUB_NEEDS } from '../../evidence/github.js';
import { defineCheck, type AnyCheck } from '../types.js';
import { errorFinding, orgResource, valueOr } from './common.js';

const OWNER_ROLE = 'organization owner role (classic token: admin:org scope; fine-grained token or App: organization Administration read)';

const twoFactorRequired = defineCheck({
  id: 'github.org.2fa-required',
  title: 'GitHub organization requires 2FA',
  source: 'github',
  severity: 'critical',
  judges: 'the GitHub organization',
  resourceType: 'github.organization',
  needs: [GITHUB_NEEDS.organization],
  remediation: {
    summary: 'Require two-factor authentication for everyone in the organization.',
    console: 'GitHub → Organization → Settings → Authentication security → "Require two-factor authentication for everyone in the organization"',
  },
  evaluate(evidence) {
    const gh = evidence.github!;
    const out: FindingDraft[] = [];
    const resource = orgResource(gh.org);
    const org = valueOr(gh.organization, resource, 'the organization 2FA requirement', out);
    if (!org) return out;
    const enabled = org.value.twoFactorRequirementEnabled;
    if (enabled === null) {
      // Only owners see the field; its absence says nothing about the setting.
      out.push({
        ...errorFinding(
          resource,
          {
            kind: 'access_denied',
            message: `GitHub did not return two_factor_requirement_enabled for ${gh.org}; only organization owners can see it.`,
            missingPermission: OWNER_ROLE,
          },
          'the organization 2FA requirement',
          org.refs,
        ),
      });
      return out;
    }
    out.push({
      status: enabled ? 'pass' : 'fail',
      resource,
      message: enabled
        ? `The organization ${gh.org} requires two-factor authentication.`
        : `The organization ${gh.org} does not require two-factor authentication.`,
      details: { twoFactorRequirementEnabled: enabled },
      evidence: org.refs,
    });
    return out;
  },
});

const membersTwoFactor = defineCheck({
  id: 'github.org.members-2fa',
  title: 'GitHub members have 2FA',
  source: 'github',
  severity: 'high',
  judges: 'members of the GitHub organization',
  resourceType: 'github.user',
  needs: [GITHUB_NEEDS.members, GITHUB_NEEDS.members2fa],
  remediation: {
    summary: 'Ask each listed member to enable 2FA, or remove them; then require 2FA for the organization.',
    console: 'GitHub → Organization → People → filter "2FA: Disabled"',
    cli: 'gh api "orgs/ORG/members?filter=2fa_disabled" --paginate --jq ".[].login"',
  },
  evaluate(evidence) {
    const gh = evidence.github!;
    const out: FindingDraft[] = [];
    const resource = orgResource(gh.org);
    const members = valueOr(gh.members, resource, 'members’ 2FA (members could not be listed)', out);
    if (!members) return out;
    const disabled = valueOr(gh.membersWithout2fa, resource, 'members’ 2FA', out);
    if (!disabled) return out;
    if (members.value.length === 0) {
      out.push({ status: 'not_applicable', resource, message: `The organization ${gh.org} lists no members.`, evidence: members.refs });
      return out;
    }
    const without = new Set(disabled.value.map((l) => l.toLowerCase()));
    const refs = [...members.refs, ...disabled.refs];
    for (const m of members.value) {
      const off = without.has(m.login.toLowerCase());
      out.push({
        status: off ? 'fail' : 'pass',
        resource: { type: 'github.user', id: m.login },
        message: off ? `${m.login} has two-factor authentication disabled.` : `${m.login} has two-factor authentication enabled.`,
        details: { twoFactorEnabled: !off, role: m.role },
        evidence: refs,
      });
    }
    // A 2FA-less login that is not in the member list (outside collaborator race): still a finding.
    const known = new Set(members.value.map((m) => m.login.toLowerCase()));
    for (const login of disabled.value) {
      if (known.has(login.toLowerCase())) continue;
      out.push({
        status: 'fail',
        resource: { type: 'github.user', id: login },
        message: `${login} has two-factor authentication disabled.`,
        details: { twoFactorEnabled: false },
        evidence: refs,
      });
    }
    return out;
  },
});

const ownerCount = defineCheck({
  id: 'github.org.owner-count',
  title: 'GitHub organization owners are few',
  source: 'github',
  severity: 'medium',
  judges: 'the GitHub organization',
  resourceType: 'github.organization',
  needs: [GITHUB_NEEDS.members],
  params: z.object({ maxOwners: z.number().int().positive().default(3) }).strict(),
  remediation: {
    summary: 'Reduce organization owners to the few people who need it; give others the member role or a custom role.',
    console: 'GitHub → Organization → People → filter "Role: Owner" → Change role',
  },
  evaluate(evidence, ctx) {
    const gh = evidence.github!;
    const out: FindingDraft[] = [];
    const resource = orgResource(gh.org);
    const members = valueOr(gh.members, resource, 'the number of organization owners', out);
    if (!members) return out;
    const owners = members.value
      .filter((m) => m.role === 'admin')
      .map((m) => m.login)
      .sort();
    const max = ctx.params.maxOwners;
    if (owners.length === 0) {
      out.push(
        errorFinding(
          resource,
          {
            kind: 'invalid_response',
            message: 'GitHub listed no owner (role=admin) for the organization; an organization always has one, so the list is incomplete.',
          },
          'the number of organization owners',
          members.refs,
        ),
      );
      return out;
    }
    out.push({
      status: owners.length > max ? 'fail' : 'pass',
      resource,
      message:
        owners.length > max
          ? `The organization ${gh.org} has ${owners.length} owners; at most ${max} are allowed.`
          : `The organization ${gh.org} has ${owners.length} owner${owners.length === 1 ? '' : 's'} (at most ${max} allowed).`,
      details: { owners, ownerCount: owners.length, maxOwners: max },
      evidence: members.refs,
    });
    return out;
  },
});

export const githubOrgChecks: AnyCheck[] = [twoFactorRequired, membersTwoFactor, ownerCount];
