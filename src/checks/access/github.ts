// GitHub accounts against the people of the IdP: org members and outside collaborators, linked through the
// org's (or enterprise's) SAML external identities, else `people.links`.
import type { FindingDraft } from '../../core/types.js';
import type { Evidence } from '../../evidence/index.js';
import { GITHUB_NEEDS } from '../../evidence/github.js';
import { IDP_NEEDS } from '../../evidence/idp.js';
import { errorFinding } from '../findings.js';
import { orgResource } from '../github/common.js';
import { defineCheck, type AnyCheck } from '../types.js';
import { judgeDeprovisioned, judgeUnlinked, linkAll, type AccountToJudge, type JudgedAccount } from './judge.js';
import { peopleDirectory, type LinkSource, type PeopleDirectory } from './linking.js';

const NEEDS = [GITHUB_NEEDS.members, GITHUB_NEEDS.outsideCollaborators, GITHUB_NEEDS.samlIdentities, IDP_NEEDS.users, IDP_NEEDS.people];

/** The org's accounts, linked; or the error findings that stand for what could not be read. */
export function githubAccounts(evidence: Evidence, now: Date, out: FindingDraft[]): { judged: JudgedAccount[]; directory: PeopleDirectory } | undefined {
  const gh = evidence.github!;
  const org = orgResource(gh.org);
  const directory = peopleDirectory(evidence.idp!, evidence.people, now);
  if (!directory.ok) {
    out.push(errorFinding(org, directory.error, 'whom the GitHub accounts belong to (the people of the IdP could not be read)', directory.refs));
    return undefined;
  }
  const saml = gh.samlIdentities;
  const byLogin = new Map<string, string>();
  if (saml?.ok) for (const i of saml.value.identities) byLogin.set(i.login.toLowerCase(), i.nameId);
  const samlVia = saml?.ok && saml.value.configuredAt === 'enterprise' ? `SAML identity of enterprise ${saml.value.enterprise ?? ''}`.trim() : 'SAML identity';
  const samlSource = (login: string): LinkSource[] => {
    if (!saml) return [{ via: 'SAML identities', error: { kind: 'other', message: 'the SAML identities were not collected' } }];
    if (!saml.ok) return [{ via: 'SAML identities', error: saml.error, refs: saml.refs }];
    if (saml.value.configuredAt === 'none') return [];
    return [{ via: samlVia, email: byLogin.get(login.toLowerCase()) ?? null, refs: saml.refs }];
  };
  const samlNote: Record<string, string> = saml?.ok && saml.value.note ? { saml: saml.value.note } : {};

  const accounts: AccountToJudge[] = [];
  if (gh.members?.ok) {
    for (const m of gh.members.value) {
      accounts.push({
        resource: { type: 'github.user', id: m.login },
        names: [m.login],
        sources: samlSource(m.login),
        access: m.role === 'admin' ? 'organization owner' : 'organization member',
        hasAccess: true,
        details: { role: m.role === 'admin' ? 'owner' : 'member', ...samlNote },
        refs: gh.members.refs,
      });
    }
  } else {
    out.push(errorFinding(org, gh.members?.ok === false ? gh.members.error : undefined, 'the organization members', gh.members?.refs ?? []));
  }
  if (gh.outsideCollaborators?.ok) {
    for (const c of gh.outsideCollaborators.value) {
      const repos = c.repositories;
      const list = repos
        ? Object.entries(repos)
            .map(([r, perm]) => `${r}:${perm.toLowerCase()}`)
            .sort()
        : null;
      accounts.push({
        resource: { type: 'github.user', id: c.login },
        names: [c.login],
        sources: samlSource(c.login),
        access: repos ? `outside collaborator on ${list!.length} repositor${list!.length === 1 ? 'y' : 'ies'}` : 'outside collaborator',
        hasAccess: !repos || list!.length > 0,
        details: { role: 'outside collaborator', repositories: list ?? 'could not be read', ...samlNote },
        refs: gh.outsideCollaborators.refs,
      });
    }
  } else {
    out.push(
      errorFinding(
        org,
        gh.outsideCollaborators?.ok === false ? gh.outsideCollaborators.error : undefined,
        'the outside collaborators',
        gh.outsideCollaborators?.refs ?? [],
      ),
    );
  }
  return { judged: linkAll(accounts, evidence.people, directory.value), directory: directory.value };
}

const unlinkedMembers = defineCheck({
  id: 'access.github.unlinked-members',
  title: 'Every GitHub account belongs to a current person or a declared service account',
  source: 'access',
  sources: ['github', 'idp'],
  severity: 'high',
  judges: 'GitHub org members and outside collaborators',
  resourceType: 'github.user',
  needs: NEEDS,
  remediation: {
    summary:
      'Link each GitHub account to its person (SAML single sign-on, or people.links in the ' +
      'config), declare bots in people.serviceAccounts, and remove accounts nobody owns.',
    console:
      'GitHub → Organization → People (and Outside collaborators) → remove the account; Settings → ' +
      'Authentication security → enable SAML single sign-on so every login carries its IdP identity',
    cli: 'gh api -X DELETE /orgs/ORG/members/LOGIN   # or /orgs/ORG/outside_collaborators/LOGIN',
    terraform: `# Membership generated from the IdP's people, so an account without a person cannot exist.
resource "github_membership" "people" {
  for_each = var.github_logins_by_email
  username = each.value
  role     = "member"
}`,
  },
  evaluate(evidence, ctx) {
    const out: FindingDraft[] = [];
    const accounts = githubAccounts(evidence, ctx.now, out);
    if (accounts) out.push(...judgeUnlinked(accounts.judged, accounts.directory, ctx.now, 'GitHub'));
    return out;
  },
});

const deprovisioned = defineCheck({
  id: 'access.github.deprovisioned',
  title: 'People who left no longer have GitHub access',
  source: 'access',
  sources: ['github', 'idp'],
  severity: 'critical',
  judges: 'GitHub org members and outside collaborators linked to IdP people',
  resourceType: 'github.user',
  needs: NEEDS,
  remediation: {
    summary:
      'Remove leavers from the GitHub organization (and as outside collaborators) on their ' +
      'last day; with SAML SSO and SCIM, deprovisioning in the IdP removes them.',
    console: 'GitHub → Organization → People → the member → Remove from organization',
    cli: 'gh api -X DELETE /orgs/ORG/memberships/LOGIN',
    terraform: `# Remove the leaver from the generated map; apply removes the membership.
resource "github_membership" "people" {
  for_each = { for email, login in var.github_logins_by_email : email => login if !contains(var.leavers, email) }
  username = each.value
  role     = "member"
}`,
  },
  evaluate(evidence, ctx) {
    const out: FindingDraft[] = [];
    const accounts = githubAccounts(evidence, ctx.now, out);
    if (!accounts) return out;
    out.push(...judgeDeprovisioned(accounts.judged, ctx.now, `the GitHub organization ${evidence.github!.org}`));
    if (out.length === 0) {
      const org = evidence.github!.org;
      out.push({
        status: 'not_applicable',
        resource: orgResource(org),
        message: `No GitHub account of ${org} is linked to a person of the IdP, so no leaver can be found (see access.github.unlinked-members).`,
        evidence: evidence.github!.members?.refs ?? [],
      });
    }
    return out;
  },
});

export const accessGithubChecks: AnyCheck[] = [unlinkedMembers, deprovisioned];
