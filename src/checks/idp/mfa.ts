// Workforce MFA (CC6.1): every active user enrolled, the tenant requiring it, admins on phishing-resistant factors.
import type { FindingDraft } from '../../core/types.js';
import type { IdpUser } from '../../evidence/idp.js';
import { defineCheck } from '../types.js';
import { activeFactors, describeFactor, errorFinding, notJudged, sentence, tenantResource, tenantValueOr, userResource } from './common.js';
import { judgeEntraPolicy, judgeGooglePolicy, judgeOktaPolicy, type PolicyVerdict } from './policy.js';
import { IDP_NEEDS } from '../../evidence/idp.js';

export const mfaEnrolled = defineCheck({
  id: 'idp.mfa.enrolled',
  title: 'IdP users are enrolled in MFA',
  source: 'idp',
  severity: 'critical',
  judges: 'active IdP users',
  resourceType: 'idp.user',
  needs: [IDP_NEEDS.users, IDP_NEEDS.factors],
  remediation: {
    summary: 'Have the user enroll an MFA factor (preferably WebAuthn/FIDO2 or an authenticator app), or suspend the account if it is not needed.',
    console:
      'Okta: Directory → People → user → Reset Authenticators / send enrollment; ' +
      'Google Admin: Users → user → Security → 2-step verification; Entra: Users ' +
      '→ user → Authentication methods → Require re-register MFA',
  },
  evaluate: ({ idp }) => {
    const out: FindingDraft[] = [];
    if (!idp) return out;
    const users = tenantValueOr(idp, idp.users, "the IdP's users and their MFA factors", out);
    if (!users) return out;
    let judged = 0;
    for (const user of users.value) {
      if (user.status !== 'active') {
        out.push(notJudged(user, 'only active workforce accounts are judged for MFA enrolment.'));
        continue;
      }
      judged++;
      out.push(judgeEnrolment(user));
    }
    if (judged === 0 && out.length === 0)
      out.push({
        status: 'not_applicable',
        resource: tenantResource(idp),
        message: `${sentence(idp.sourceLabel)} has no active users to judge.`,
        evidence: users.refs,
      });
    return out;
  },
});

function judgeEnrolment(user: IdpUser): FindingDraft {
  if (!user.factors.ok) return errorFinding(userResource(user), user.factors.error, `the MFA factors of ${user.login}`, [...user.refs, ...user.factors.refs]);
  const evidence = [...user.refs, ...user.factors.refs];
  const factors = user.factors.value;
  const active = activeFactors(factors);
  const pending = factors.filter((f) => f.state !== 'active' && f.type !== 'password');
  const details = { activeFactors: active.map(describeFactor), notActiveFactors: pending.map(describeFactor) };
  if (active.length === 0) {
    const why = pending.length ? ` (only ${pending.map(describeFactor).join(', ')}, which do not count until activated)` : '';
    return { status: 'fail', resource: userResource(user), message: `${user.login} has no active MFA factor${why}.`, evidence, details };
  }
  const weakOnly = active.every((f) => f.kind === 'weak');
  return {
    status: 'pass',
    resource: userResource(user),
    message: weakOnly
      ? `${user.login} is enrolled in MFA, but only with weak factors: ${active.map((f) => f.type).join(', ')}.`
      : `${user.login} is enrolled in MFA (${active.map((f) => f.type).join(', ')}).`,
    evidence,
    details: { ...details, weakFactorsOnly: weakOnly },
  };
}

export const mfaEnforced = defineCheck({
  id: 'idp.mfa.enforced',
  title: 'The IdP enforces MFA for everyone',
  source: 'idp',
  severity: 'critical',
  judges: 'the IdP tenant',
  resourceType: 'idp.tenant',
  needs: [IDP_NEEDS.mfaPolicy, IDP_NEEDS.users],
  remediation: {
    summary: 'Require MFA for every user: no sign-on or authentication rule may allow a single factor for any group.',
    console:
      'Okta: Security → Global Session Policy / Authentication Policies (every ALLOW rule: "Multifactor ' +
      'authentication required"), Security → Authenticators → Enrollment; Google Admin: Security → ' +
      'Authentication → 2-step verification → Enforcement: On; Entra: Protection → Conditional Access → ' +
      'policy "Require MFA for all users" (All users, All cloud apps, Grant: Require MFA), or Security defaults',
  },
  evaluate: ({ idp }, { now }) => {
    const out: FindingDraft[] = [];
    if (!idp) return out;
    const policy = tenantValueOr(idp, idp.mfaPolicy, 'whether the IdP requires MFA for every user', out);
    if (!policy) return out;
    const resource = tenantResource(idp);
    const p = policy.value;
    let verdict: PolicyVerdict;
    let refs = policy.refs;
    switch (p.kind) {
      case 'okta':
        verdict = judgeOktaPolicy(p);
        break;
      case 'entra':
        verdict = judgeEntraPolicy(p);
        break;
      case 'google': {
        const users = tenantValueOr(idp, idp.users, "Google's per-user 2-step verification enforcement", out);
        if (!users) return out;
        refs = [...refs, ...users.refs];
        const active = users.value.filter((u) => u.status === 'active');
        // Without the policy API the verdict rests on the users alone: with none, "true for all 0 users" proves nothing.
        if (p.policies === null && active.length === 0) {
          out.push({
            status: 'error',
            resource,
            message:
              'Could not verify 2-step verification enforcement: the policy API could not be read (' +
              `${p.policyApiError ?? 'unknown reason'}) and there are no active users whose isEnforcedIn2Sv would show it.`,
            evidence: refs,
            missing: 'the Cloud Identity policy API (cloud-identity.policies.readonly)',
          });
          return out;
        }
        verdict = judgeGooglePolicy(p, active, now);
        break;
      }
      case 'declared': {
        // A declaration is not a reading: at best `accepted`, naming who declared it (SPEC).
        const details = {
          declaredInConfig: true,
          declaredBy: p.declaredBy ?? null,
          ...(p.reason ? { reason: p.reason } : {}),
          evidenceFile: p.evidenceFile ?? null,
          evidenceSha256: p.evidenceSha256 ?? null,
        };
        if (!p.enforced)
          return [
            {
              status: 'fail',
              resource,
              message: `The config declares that MFA is not enforced for every user (idp.mfaEnforced: false).`,
              evidence: refs,
              details,
            },
          ];
        const attached = p.evidenceFile ? `; attached evidence ${p.evidenceFile} (SHA-256 ${p.evidenceSha256})` : '; no evidence file attached';
        return [
          {
            status: 'accepted',
            resource,
            message:
              `MFA enforcement is declared by ${p.declaredBy ?? 'an unnamed person'}, not ` +
              `read from the IdP (the export ${p.file} carries no policy)${attached}.`,
            evidence: refs,
            details,
          },
        ];
      }
    }
    out.push({
      status: verdict.enforced ? 'pass' : 'fail',
      resource,
      message: verdict.enforced
        ? `${sentence(idp.sourceLabel)} requires MFA for every user.`
        : `MFA is not required for every user: ${verdict.gaps[0]}${verdict.gaps.length > 1 ? ` (and ${verdict.gaps.length - 1} more)` : ''}.`,
      evidence: refs,
      details: { gaps: verdict.gaps, basis: verdict.basis },
    });
    return out;
  },
});

export const phishingResistantAdmins = defineCheck({
  id: 'idp.mfa.phishing-resistant-admins',
  title: 'Admins use phishing-resistant MFA',
  source: 'idp',
  severity: 'high',
  judges: 'IdP administrators',
  resourceType: 'idp.user',
  needs: [IDP_NEEDS.users, IDP_NEEDS.factors, IDP_NEEDS.admins],
  remediation: {
    summary:
      'Enroll every administrator in a phishing-resistant factor (WebAuthn/FIDO2 security ' +
      'key, passkey, Okta FastPass, Windows Hello) and require it for admin access.',
    console:
      'Okta: Security → Authenticators → FIDO2 (WebAuthn); authentication policy for the Admin ' +
      'Console requiring "Phishing resistant"; Google Admin: Security → 2-step verification ' +
      '→ Allowed methods: Only security key (admin OU); Entra: Conditional Access → Grant → ' +
      'Require authentication strength "Phishing-resistant MFA" for directory roles',
  },
  evaluate: ({ idp }) => {
    const out: FindingDraft[] = [];
    if (!idp) return out;
    const admins = tenantValueOr(idp, idp.admins, "who the IdP's administrators are", out);
    if (!admins) return out;
    const users = tenantValueOr(idp, idp.users, "the IdP's users and their MFA factors", out);
    if (!users) return out;
    // A tenant always has an administrator: an empty listing is an incomplete read, never "nothing to judge".
    if (admins.value.length === 0) {
      out.push({
        status: 'error',
        resource: tenantResource(idp),
        message:
          `Could not verify the administrators' factors: ${idp.sourceLabel} listed no administrators, ` +
          'and every tenant has at least one, so the role listing is incomplete.',
        evidence: admins.refs,
        missing: 'the administrator role assignments',
      });
      return out;
    }
    const byId = new Map(users.value.map((u) => [u.id, u]));
    for (const admin of admins.value) {
      const user = byId.get(admin.userId);
      if (!user) {
        out.push({
          status: 'error',
          resource: { type: 'idp.user', id: admin.userId },
          message: `Could not verify the factors of administrator ${admin.userId}: the user is not in the user listing.`,
          evidence: admins.refs,
        });
        continue;
      }
      if (user.status !== 'active') {
        out.push(notJudged(user, 'only active workforce administrators are judged.'));
        continue;
      }
      out.push(judgeAdmin(user, admin.roles, admins.refs));
    }
    if (out.length === 0)
      out.push({
        status: 'not_applicable',
        resource: tenantResource(idp),
        message: `${sentence(idp.sourceLabel)} has no active administrators.`,
        evidence: admins.refs,
      });
    return out;
  },
});

function judgeAdmin(user: IdpUser, roles: string[], adminRefs: FindingDraft['evidence']): FindingDraft {
  const resource = userResource(user);
  if (!user.factors.ok)
    return errorFinding(resource, user.factors.error, `the MFA factors of administrator ${user.login}`, [...adminRefs, ...user.factors.refs]);
  const evidence = [...adminRefs, ...user.refs, ...user.factors.refs];
  const active = activeFactors(user.factors.value);
  const details = { roles, activeFactors: active.map(describeFactor) };
  const resistant = active.filter((f) => f.kind === 'phishing-resistant');
  if (resistant.length)
    return {
      status: 'pass',
      resource,
      message: `Administrator ${user.login} has a phishing-resistant factor (${resistant.map((f) => f.type).join(', ')}).`,
      evidence,
      details,
    };
  if (active.some((f) => f.kind === 'unknown')) {
    return {
      status: 'error',
      resource,
      message:
        `Could not verify administrator ${user.login}: the source says MFA is enrolled ` +
        'but not which methods, so a phishing-resistant factor cannot be confirmed.',
      evidence,
      details,
      missing: 'per-user authenticator types',
    };
  }
  const has = active.length ? `only ${active.map(describeFactor).join(', ')}` : 'no active MFA factor';
  return { status: 'fail', resource, message: `Administrator ${user.login} (${roles.join(', ')}) has ${has}; none is phishing-resistant.`, evidence, details };
}
