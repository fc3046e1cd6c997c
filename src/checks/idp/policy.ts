// "Does the tenant require MFA for every user?" — answered in each IdP's own policy language. Pure.
import type { EntraConditionalAccessPolicy, EntraMfaPolicy, GoogleMfaPolicy, IdpUser, OktaMfaPolicy, OktaPolicy, PeopleCondition } from '../../evidence/idp.js';

export interface PolicyVerdict {
  enforced: boolean;
  /** Why MFA is not required for everyone: one line per exempting rule or user. */
  gaps: string[];
  /** What the verdict rests on, for the details. */
  basis: string[];
}

// ---- Okta ----

const PASSWORD_AUTHENTICATORS = new Set(['okta_password', 'password']);

function everyoneGroupIds(policy: OktaMfaPolicy): Set<string> {
  return new Set(
    Object.entries(policy.groups)
      .filter(([, g]) => g.type === 'BUILT_IN' && g.name === 'Everyone')
      .map(([id]) => id),
  );
}

function whoOf(people: PeopleCondition | null, policy: OktaMfaPolicy, everyone: Set<string>): string {
  if (coversEveryone(people, everyone)) return 'everyone';
  const name = (id: string) => policy.groups[id]?.name ?? id;
  const parts: string[] = [];
  const groups = people!.includeGroups.filter((g) => !everyone.has(g));
  if (groups.length) parts.push(`group${groups.length > 1 ? 's' : ''} ${groups.map(name).join(', ')}`);
  if (people!.includeUsers.length) parts.push(`user${people!.includeUsers.length > 1 ? 's' : ''} ${people!.includeUsers.join(', ')}`);
  if (parts.length === 0) parts.push('everyone');
  const excluded = [...people!.excludeGroups.map(name), ...people!.excludeUsers];
  return `${parts.join(' and ')}${excluded.length ? ` (except ${excluded.join(', ')})` : ''}`;
}

function coversEveryone(people: PeopleCondition | null, everyone: Set<string>): boolean {
  if (!people) return true;
  if (people.excludeGroups.length || people.excludeUsers.length) return false;
  const noInclude = people.includeGroups.length === 0 && people.includeUsers.length === 0;
  return noInclude || people.includeGroups.some((g) => everyone.has(g));
}

const byPriority = <T extends { priority: number }>(a: T, b: T) => a.priority - b.priority;

/**
 * Sign-on (`OKTA_SIGN_ON`) and authentication (`ACCESS_POLICY`) policies: any active rule that lets
 * someone in with a single factor is a gap, unless an earlier rule already catches everyone (then it is
 * unreachable). Enrollment (`MFA_ENROLL`) policies must require at least one authenticator besides the password.
 */
export function judgeOktaPolicy(policy: OktaMfaPolicy): PolicyVerdict {
  const everyone = everyoneGroupIds(policy);
  const gaps: string[] = [];
  const basis: string[] = [];
  // Okta evaluates the default (system) policy after every other one.
  const active = policy.policies.filter((p) => p.status === 'ACTIVE').sort((a, b) => Number(a.system) - Number(b.system) || byPriority(a, b));

  const walkRules = (p: OktaPolicy): boolean => {
    // The default (system) rule is always evaluated last.
    const ordered = p.rules.filter((r) => r.status === 'ACTIVE').sort((a, b) => Number(a.system) - Number(b.system) || a.priority - b.priority);
    for (const rule of ordered) {
      const who = whoOf(rule.people, policy, everyone);
      const unconditional = coversEveryone(rule.people, everyone) && rule.network === 'ANYWHERE' && rule.otherConditions.length === 0;
      if (rule.access === 'ALLOW' && rule.factors < 2) {
        gaps.push(
          `${p.type === 'OKTA_SIGN_ON' ? 'sign-on' : 'authentication'} policy "${p.name}", ` +
            `rule "${rule.name}" lets ${who} sign in with one factor` +
            `${rule.network !== 'ANYWHERE' ? ` (network: ${rule.network})` : ''}`,
        );
      } else {
        basis.push(`"${p.name}" / "${rule.name}": ${rule.access === 'DENY' ? 'denies' : 'requires MFA for'} ${who}`);
      }
      if (unconditional) return true; // later rules never apply
    }
    return false;
  };

  const signOn = active.filter((p) => p.type === 'OKTA_SIGN_ON');
  const access = active.filter((p) => p.type === 'ACCESS_POLICY');
  if (signOn.length === 0 && access.length === 0) gaps.push('no active sign-on or authentication policy was found');
  for (const p of signOn) {
    // A policy that applies to everyone and ends in a catch-all rule shadows every later policy.
    if (walkRules(p) && coversEveryone(p.people, everyone)) break;
  }
  // Authentication policies matter where an active app uses them (when the apps could be read).
  const activeApps = policy.apps?.filter((a) => a.status === 'ACTIVE');
  for (const p of access) {
    const users = activeApps?.filter((a) => a.accessPolicyId === p.id);
    if (users && users.length === 0) {
      basis.push(`authentication policy "${p.name}" is not used by any active app`);
      continue;
    }
    const before = gaps.length;
    walkRules(p);
    if (users) {
      const names = users.map((a) => `${a.label} (${a.signOnMode})`);
      for (let i = before; i < gaps.length; i++)
        gaps[i] = `${gaps[i]} to ${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more apps` : ''}`;
    }
  }
  if (policy.apps === null) basis.push(`apps could not be read (${policy.appsError ?? 'unknown reason'}): every authentication policy was judged`);

  for (const p of active.filter((x) => x.type === 'MFA_ENROLL')) {
    const required = Object.entries(p.enroll ?? {})
      .filter(([key, mode]) => mode === 'REQUIRED' && !PASSWORD_AUTHENTICATORS.has(key))
      .map(([key]) => key);
    const who = whoOf(p.people, policy, everyone);
    if (required.length === 0) gaps.push(`enrollment policy "${p.name}" requires no MFA authenticator for ${who}`);
    else basis.push(`enrollment policy "${p.name}" requires ${required.join(', ')} for ${who}`);
    if (coversEveryone(p.people, everyone)) break;
  }
  return { enforced: gaps.length === 0, gaps, basis };
}

// ---- Google Workspace ----

/** 2SV enforcement: the policy API when readable, and the per-user `isEnforcedIn2Sv` of every active user. */
export function judgeGooglePolicy(policy: GoogleMfaPolicy, activeUsers: IdpUser[], now: Date): PolicyVerdict {
  const gaps: string[] = [];
  const basis: string[] = [];
  if (policy.policies) {
    if (policy.policies.length === 0) gaps.push('no 2-step verification enforcement policy is set');
    for (const p of policy.policies) {
      const scope = p.group ? `group ${p.group}` : `org unit ${p.orgUnit}`;
      if (!p.enforcedFrom) gaps.push(`2-step verification is not enforced for ${scope}`);
      else if (Date.parse(p.enforcedFrom) > now.getTime()) gaps.push(`2-step verification for ${scope} is enforced only from ${p.enforcedFrom}`);
      else basis.push(`2-step verification enforced for ${scope} since ${p.enforcedFrom}`);
    }
  } else {
    basis.push(`policy API not readable (${policy.policyApiError ?? 'unknown reason'}); judged from each user's isEnforcedIn2Sv`);
  }
  const notEnforced = activeUsers.filter((u) => u.mfaEnforced !== true);
  if (notEnforced.length)
    gaps.push(
      `2-step verification is not enforced for ${notEnforced.length} active user(s): ${notEnforced
        .slice(0, 10)
        .map((u) => u.login)
        .join(', ')}${notEnforced.length > 10 ? ', …' : ''}`,
    );
  else basis.push(`isEnforcedIn2Sv is true for all ${activeUsers.length} active users`);
  return { enforced: gaps.length === 0, gaps, basis };
}

// ---- Microsoft Entra ID ----

function caGaps(p: EntraConditionalAccessPolicy): string[] {
  const why: string[] = [];
  if (p.state !== 'enabled') why.push(`state is ${p.state}`);
  if (!p.includeUsers.includes('All')) why.push('does not include all users');
  const excluded = [...p.excludeUsers, ...p.excludeGroups.map((g) => `group ${g}`), ...p.excludeRoles.map((r) => `role ${r}`)];
  if (excluded.length) why.push(`excludes ${excluded.join(', ')}`);
  if (!p.includeApplications.includes('All')) why.push('does not cover all cloud apps');
  if (p.excludeApplications.length) why.push(`excludes apps ${p.excludeApplications.join(', ')}`);
  if (p.clientAppTypes.length && !p.clientAppTypes.includes('all')) why.push(`applies only to ${p.clientAppTypes.join(', ')}`);
  if (p.otherConditions.length) why.push(`only under conditions: ${p.otherConditions.join(', ')}`);
  const requiresMfa = p.authenticationStrength !== null || (p.builtInControls.includes('mfa') && (p.operator === 'AND' || p.builtInControls.length === 1));
  if (!requiresMfa) why.push(p.builtInControls.includes('mfa') ? `MFA is one alternative among ${p.builtInControls.join(' OR ')}` : 'does not require MFA');
  return why;
}

/** Security defaults on, or an enabled conditional-access policy requiring MFA for all users and all apps, no exclusions. */
export function judgeEntraPolicy(policy: EntraMfaPolicy): PolicyVerdict {
  if (policy.securityDefaultsEnabled) return { enforced: true, gaps: [], basis: ['security defaults are enabled'] };
  const basis = ['security defaults are disabled'];
  const candidates = policy.conditionalAccess.filter((p) => p.builtInControls.includes('mfa') || p.authenticationStrength !== null);
  for (const p of candidates) {
    const why = caGaps(p);
    if (why.length === 0)
      return { enforced: true, gaps: [], basis: [...basis, `conditional access policy "${p.displayName}" requires MFA for all users and apps`] };
  }
  const gaps = candidates.length
    ? candidates.map((p) => `conditional access policy "${p.displayName}" ${caGaps(p).join('; ')}`)
    : ['no conditional access policy requires MFA and security defaults are off'];
  return { enforced: false, gaps, basis };
}
