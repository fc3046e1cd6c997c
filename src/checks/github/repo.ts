// GitHub repository checks: default-branch protection (classic + rulesets), status checks, admin
// bypass, secret scanning and Dependabot alerts, for every non-archived repository.
import type { Collected, EvidenceRef, FindingDraft } from '../../core/types.js';
import type { Evidence } from '../../evidence/index.js';
import { GITHUB_NEEDS, type DefaultBranchProtection, type GithubRepository } from '../../evidence/github.js';
import { defineCheck, type AnyCheck } from '../types.js';
import { errorFinding, forEachRepository, repoResource, uniqueRefs, valueOr } from './common.js';
import {
  activeRules,
  effectiveProtection,
  inactiveRulesets,
  meetsProtection,
  partsOf,
  protectionGaps,
  rulesetBypassable,
  type ProtectionParts,
} from './protection.js';

const ADMIN_RIGHTS =
  'admin access to the repository (classic token: repo scope as an org owner or repo admin; fine-grained/App: repository Administration read)';

interface ProtectionView {
  repo: GithubRepository;
  protection: DefaultBranchProtection;
  parts: ProtectionParts;
  refs: EvidenceRef[];
  /** Why a part could not be read, for error findings. */
  unknown: { message: string; missing?: string } | undefined;
}

/** Walks repositories with readable protection evidence; unreadable ones become errors, empty ones n/a. */
function forEachProtection(evidence: Evidence, what: string, judge: (view: ProtectionView, out: FindingDraft[]) => void): FindingDraft[] {
  return forEachRepository(evidence, what, (repo, out) => {
    const resource = repoResource(repo);
    if (repo.defaultBranch === null) {
      out.push({ status: 'not_applicable', resource, message: `${repo.fullName} is empty: it has no default branch to protect.`, evidence: repo.refs });
      return;
    }
    const p = valueOr(repo.protection, resource, `${what} of ${repo.fullName}`, out, repo.refs);
    if (!p) return;
    const protection = p.value;
    const parts = partsOf(protection);
    const failures = [protection.classic, protection.rules].filter((c): c is Extract<Collected<unknown>, { ok: false }> => !c.ok);
    const refs = uniqueRefs([...p.refs, ...protection.classic.refs, ...protection.rules.refs]);
    if (failures.length === 2) {
      out.push(errorFinding(resource, failures[0]!.error, `${what} of ${repo.fullName}`, refs));
      return;
    }
    const unknown = failures[0]
      ? { message: failures[0].error.message, ...(failures[0].error.missingPermission ? { missing: failures[0].error.missingPermission } : {}) }
      : undefined;
    judge({ repo, protection, parts, refs, unknown }, out);
  });
}

function couldNotVerify(view: ProtectionView, what: string, reason: string, missing?: string): FindingDraft {
  return {
    status: 'error',
    resource: repoResource(view.repo),
    message: `Could not verify ${what} of ${view.repo.fullName}: ${reason}`,
    evidence: view.refs,
    ...(missing ? { missing } : {}),
  };
}

const branchProtection = defineCheck({
  id: 'github.repo.branch-protection',
  title: 'Default branches are protected',
  source: 'github',
  severity: 'high',
  judges: 'default branch of every non-archived repository',
  resourceType: 'github.repository',
  needs: [GITHUB_NEEDS.protection],
  remediation: {
    summary:
      'Protect the default branch with an active ruleset (or classic protection): require ' +
      'a pull request with at least 1 approval, block force pushes and deletion.',
    console: 'GitHub → Organization → Settings → Rules → Rulesets → New branch ruleset (target ~DEFAULT_BRANCH, all repositories), enforcement Active',
    terraform: `resource "github_organization_ruleset" "default_branch" {
  name        = "default-branch"
  target      = "branch"
  enforcement = "active"

  conditions {
    ref_name {
      include = ["~DEFAULT_BRANCH"]
      exclude = []
    }
    repository_name {
      include = ["~ALL"]
      exclude = []
    }
  }

  rules {
    deletion         = true
    non_fast_forward = true

    pull_request {
      required_approving_review_count = 1
    }
  }
}`,
  },
  evaluate(evidence) {
    return forEachProtection(evidence, 'the default-branch protection', (view, out) => {
      const eff = effectiveProtection(view.parts);
      const details = {
        branch: view.protection.branch,
        requiredApprovals: eff.requiredApprovals,
        forcePushBlocked: eff.forcePushBlocked,
        deletionBlocked: eff.deletionBlocked,
        protectedBy: eff.sources,
        inactiveRulesets: inactiveRulesets(view.parts),
        classicProtection: view.parts.classic === undefined ? 'unknown' : view.parts.classic ? 'yes' : 'none',
      };
      if (meetsProtection(eff)) {
        out.push({
          status: 'pass',
          resource: repoResource(view.repo),
          message:
            `${view.repo.fullName}: ${view.protection.branch} requires ${eff.requiredApprovals} ` +
            `approval(s) and blocks force pushes and deletion (${eff.sources.join('; ')}).`,
          details,
          evidence: view.refs,
        });
        return;
      }
      if (view.unknown) {
        out.push({ ...couldNotVerify(view, 'the default-branch protection', view.unknown.message, view.unknown.missing), details });
        return;
      }
      const gaps = protectionGaps(eff);
      const inactive = inactiveRulesets(view.parts);
      out.push({
        status: 'fail',
        resource: repoResource(view.repo),
        message:
          `${view.repo.fullName}: ${view.protection.branch} is not fully protected (${gaps.join(', ')})` +
          `${inactive.length ? `; ruleset ${inactive.join(', ')} is not active and protects nothing` : ''}.`,
        details,
        evidence: view.refs,
      });
    });
  },
});

const statusChecks = defineCheck({
  id: 'github.repo.status-checks',
  title: 'Default branches require status checks',
  source: 'github',
  severity: 'medium',
  judges: 'default branch of every non-archived repository',
  resourceType: 'github.repository',
  needs: [GITHUB_NEEDS.protection],
  remediation: {
    summary: 'Require the CI status checks to pass before merging into the default branch.',
    console: 'Ruleset → "Require status checks to pass" (or classic branch protection → "Require status checks to pass before merging")',
    terraform: `resource "github_organization_ruleset" "default_branch" {
  # … name, target, enforcement = "active", conditions as for branch protection
  rules {
    required_status_checks {
      required_check {
        context = "ci"
      }
    }
  }
}`,
  },
  evaluate(evidence) {
    return forEachProtection(evidence, 'the required status checks', (view, out) => {
      const eff = effectiveProtection(view.parts);
      const details = { branch: view.protection.branch, requiredStatusChecks: eff.statusChecks };
      if (eff.statusChecks.length > 0) {
        out.push({
          status: 'pass',
          resource: repoResource(view.repo),
          message: `${view.repo.fullName}: ${view.protection.branch} requires status checks (${eff.statusChecks.join(', ')}).`,
          details,
          evidence: view.refs,
        });
      } else if (view.unknown) {
        out.push({ ...couldNotVerify(view, 'the required status checks', view.unknown.message, view.unknown.missing), details });
      } else {
        out.push({
          status: 'fail',
          resource: repoResource(view.repo),
          message: `${view.repo.fullName}: ${view.protection.branch} requires no status checks before merging.`,
          details,
          evidence: view.refs,
        });
      }
    });
  },
});

const noAdminBypass = defineCheck({
  id: 'github.repo.no-admin-bypass',
  title: 'Nobody can bypass branch rules',
  source: 'github',
  severity: 'medium',
  judges: 'default branch of every non-archived repository',
  resourceType: 'github.repository',
  needs: [GITHUB_NEEDS.protection],
  remediation: {
    summary:
      'Remove bypass actors from the default-branch ruleset, or turn on "Do not allow bypassing the above settings" (enforce_admins) in classic protection.',
    console: 'Ruleset → Bypass list (empty it); classic branch protection → "Do not allow bypassing the above settings"',
    cli: 'gh api -X POST repos/OWNER/REPO/branches/BRANCH/protection/enforce_admins',
  },
  evaluate(evidence) {
    return forEachProtection(evidence, 'who can bypass the default-branch rules', (view, out) => {
      const forAll = effectiveProtection(view.parts);
      const forAdmins = effectiveProtection(view.parts, true);
      const bypassable: string[] = [];
      const c = view.parts.classic;
      if (c && !c.isAdminEnforced) bypassable.push('classic protection: admins are not included (enforce_admins off)');
      if (c && c.bypassActors > 0) bypassable.push(`classic protection: ${c.bypassActors} bypass allowance(s)`);
      const unknownBypass: string[] = [];
      const seen = new Set<string>();
      for (const r of activeRules(view.parts.rules ?? [])) {
        if (seen.has(r.ruleset.name)) continue;
        seen.add(r.ruleset.name);
        const b = rulesetBypassable(r);
        if (b === undefined) unknownBypass.push(r.ruleset.name);
        else if (b) bypassable.push(`ruleset "${r.ruleset.name}": bypass actors ${r.ruleset.bypassActors!.join(', ')}`);
      }
      const details = { branch: view.protection.branch, bypass: bypassable, protectedForAdminsBy: forAdmins.sources };
      if (meetsProtection(forAdmins)) {
        out.push({
          status: 'pass',
          resource: repoResource(view.repo),
          message: `${view.repo.fullName}: nobody can bypass the protection of ${view.protection.branch} (${forAdmins.sources.join('; ')}).`,
          details,
          evidence: view.refs,
        });
        return;
      }
      if (view.unknown) {
        out.push({ ...couldNotVerify(view, 'who can bypass the default-branch rules', view.unknown.message, view.unknown.missing), details });
        return;
      }
      if (unknownBypass.length > 0) {
        out.push({
          ...couldNotVerify(
            view,
            'who can bypass the default-branch rules',
            `the bypass list of ruleset ${unknownBypass.join(', ')} is not visible to this token.`,
            ADMIN_RIGHTS,
          ),
          details,
        });
        return;
      }
      const message = meetsProtection(forAll)
        ? `${view.repo.fullName}: admins or bypass actors can skip the protection of ${view.protection.branch} (${bypassable.join('; ')}).`
        : `${view.repo.fullName}: ${view.protection.branch} has no protection that binds admins (${[...protectionGaps(forAdmins), ...bypassable].join('; ')}).`;
      out.push({ status: 'fail', resource: repoResource(view.repo), message, details, evidence: view.refs });
    });
  },
});

export function securityFeatureCheck(
  id: string,
  title: string,
  feature: string,
  pick: (repo: GithubRepository) => Collected<boolean> | undefined,
  need: string,
  remediation: { summary: string; console: string; cli?: string; terraform?: string },
): AnyCheck {
  return defineCheck({
    id,
    title,
    source: 'github',
    severity: 'medium',
    judges: 'every non-archived repository',
    resourceType: 'github.repository',
    needs: [need],
    remediation,
    evaluate(evidence) {
      return forEachRepository(evidence, feature, (repo, out) => {
        const resource = repoResource(repo);
        const v = valueOr(pick(repo), resource, `${feature} of ${repo.fullName}`, out, repo.refs);
        if (!v) return;
        out.push({
          status: v.value ? 'pass' : 'fail',
          resource,
          message: `${repo.fullName}: ${feature} ${v.value ? 'enabled' : 'disabled'}.`,
          details: { enabled: v.value },
          evidence: uniqueRefs(v.refs),
        });
      });
    },
  });
}

const secretScanning = securityFeatureCheck(
  'github.repo.secret-scanning',
  'Secret scanning is on',
  'secret scanning',
  (repo) =>
    repo.secretScanning
      ? repo.secretScanning.ok
        ? { ok: true, value: repo.secretScanning.value === 'enabled', refs: repo.secretScanning.refs }
        : repo.secretScanning
      : undefined,
  GITHUB_NEEDS.security,
  {
    summary: 'Enable secret scanning (and push protection) for the repository, or for all repositories with a security configuration.',
    console: 'GitHub → Organization → Settings → Code security → Configurations → apply one with Secret scanning enabled',
    cli: 'gh api -X PATCH repos/OWNER/REPO -f "security_and_analysis[secret_scanning][status]=enabled"',
  },
);

const dependabotAlerts = securityFeatureCheck(
  'github.repo.dependabot-alerts',
  'Dependabot alerts are on',
  'Dependabot alerts',
  (repo) => repo.vulnerabilityAlerts,
  GITHUB_NEEDS.security,
  {
    summary: 'Enable Dependabot alerts for the repository.',
    console: 'GitHub → Repository → Settings → Code security → Dependabot alerts → Enable',
    cli: 'gh api -X PUT repos/OWNER/REPO/vulnerability-alerts',
    terraform: `resource "github_repository" "this" {
  # … the repository's other arguments
  vulnerability_alerts = true
}`,
  },
);

export const githubRepoChecks: AnyCheck[] = [branchProtection, statusChecks, noAdminBypass, secretScanning, dependabotAlerts];
