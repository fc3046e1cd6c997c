// Merging classic branch protection with ruleset rules: most restrictive wins. Pure.
import type { BranchRule, ClassicBranchProtection, DefaultBranchProtection } from '../../evidence/github.js';

export interface EffectiveProtection {
  requiredApprovals: number;
  forcePushBlocked: boolean;
  deletionBlocked: boolean;
  statusChecks: string[];
  /** Where each requirement comes from, for the auditor. */
  sources: string[];
}

/** What is known: either side may be unreadable (`undefined`). */
export interface ProtectionParts {
  classic: ClassicBranchProtection | null | undefined;
  rules: BranchRule[] | undefined;
}

export function partsOf(p: DefaultBranchProtection): ProtectionParts {
  return { classic: p.classic.ok ? p.classic.value : undefined, rules: p.rules.ok ? p.rules.value : undefined };
}

export const activeRules = (rules: BranchRule[]): BranchRule[] => rules.filter((r) => r.ruleset.enforcement.toUpperCase() === 'ACTIVE');

/** Can an admin or a listed bypass actor skip this source? `undefined` = cannot tell. */
export function classicBypassable(c: ClassicBranchProtection): boolean {
  return !c.isAdminEnforced || c.bypassActors > 0;
}
export function rulesetBypassable(r: BranchRule): boolean | undefined {
  return r.ruleset.bypassActors === null ? undefined : r.ruleset.bypassActors.length > 0;
}

/**
 * The protection the default branch has from what is visible. With `forAdmins`, sources an admin
 * or bypass actor can skip are left out (unknown bypass counts as skippable: never assume it holds).
 */
export function effectiveProtection(parts: ProtectionParts, forAdmins = false): EffectiveProtection {
  const eff: EffectiveProtection = { requiredApprovals: 0, forcePushBlocked: false, deletionBlocked: false, statusChecks: [], sources: [] };
  const c = parts.classic;
  if (c && !(forAdmins && classicBypassable(c))) {
    eff.sources.push(`classic branch protection (${c.pattern})`);
    if (c.requiresPullRequest) eff.requiredApprovals = Math.max(eff.requiredApprovals, c.requiredApprovingReviewCount);
    if (!c.allowsForcePushes) eff.forcePushBlocked = true;
    if (!c.allowsDeletions) eff.deletionBlocked = true;
    eff.statusChecks.push(...c.requiredStatusChecks);
  }
  for (const rule of activeRules(parts.rules ?? [])) {
    if (forAdmins && rulesetBypassable(rule) !== false) continue;
    const label = `ruleset "${rule.ruleset.name}" (${rule.ruleset.source})`;
    if (!eff.sources.includes(label)) eff.sources.push(label);
    switch (rule.type.toUpperCase()) {
      case 'PULL_REQUEST':
        eff.requiredApprovals = Math.max(eff.requiredApprovals, rule.requiredApprovingReviewCount ?? 0);
        break;
      case 'NON_FAST_FORWARD':
        eff.forcePushBlocked = true;
        break;
      case 'DELETION':
        eff.deletionBlocked = true;
        break;
      case 'REQUIRED_STATUS_CHECKS':
        eff.statusChecks.push(...(rule.requiredStatusChecks ?? []));
        break;
      case 'UPDATE':
        // "Restrict updates": nobody without bypass may push at all, force pushes included.
        eff.forcePushBlocked = true;
        break;
    }
  }
  eff.statusChecks = [...new Set(eff.statusChecks)].sort();
  return eff;
}

export function meetsProtection(e: EffectiveProtection): boolean {
  return e.requiredApprovals >= 1 && e.forcePushBlocked && e.deletionBlocked;
}

export function protectionGaps(e: EffectiveProtection): string[] {
  const gaps: string[] = [];
  if (e.requiredApprovals < 1) gaps.push(e.sources.length === 0 ? 'no pull request with an approval required' : `${e.requiredApprovals} required approvals`);
  if (!e.forcePushBlocked) gaps.push('force pushes allowed');
  if (!e.deletionBlocked) gaps.push('deletion allowed');
  return gaps;
}

/** Rulesets that exist on the branch but do not protect it (evaluate / disabled), for the details. */
export function inactiveRulesets(parts: ProtectionParts): string[] {
  return [
    ...new Set(
      (parts.rules ?? [])
        .filter((r) => r.ruleset.enforcement.toUpperCase() !== 'ACTIVE')
        .map((r) => `${r.ruleset.name} (${r.ruleset.enforcement.toLowerCase()})`),
    ),
  ];
}
