// Access removal and least privilege (CC6.2, CC6.3): inactive accounts, and how many super-admins there are.
import { z } from 'zod';
import type { FindingDraft } from '../../core/types.js';
import { defineCheck } from '../types.js';
import { daysSince, notJudged, sentence, tenantResource, tenantValueOr, userResource } from './common.js';
import { IDP_NEEDS } from '../../evidence/idp.js';

export const usersInactive = defineCheck({
  id: 'idp.users.inactive',
  title: 'Inactive IdP accounts are removed',
  source: 'idp',
  severity: 'medium',
  judges: 'active IdP users',
  resourceType: 'idp.user',
  needs: [IDP_NEEDS.users],
  params: z.object({ maxInactiveDays: z.number().int().positive().default(90) }).strict(),
  remediation: {
    summary: 'Suspend or deactivate accounts that have not signed in within the allowed period; review them in the quarterly access review.',
    console:
      'Okta: Directory → People → user → Suspend / Deactivate; Google Admin: Users → ' +
      'user → Suspend; Entra: Users → user → Edit properties → Account enabled: No',
  },
  evaluate: ({ idp }, { now, params }) => {
    const out: FindingDraft[] = [];
    if (!idp) return out;
    const users = tenantValueOr(idp, idp.users, "the IdP's users and their last sign-in", out);
    if (!users) return out;
    let judged = 0;
    for (const user of users.value) {
      if (user.status !== 'active') {
        out.push(notJudged(user, 'only active workforce accounts are judged for inactivity.'));
        continue;
      }
      judged++;
      const resource = userResource(user);
      const evidence = user.refs;
      if (user.lastSignIn === null) {
        const why = idp.signInError?.message ?? `${idp.sourceLabel} does not report sign-in times`;
        out.push({
          status: 'error',
          resource,
          message: `Could not verify ${user.login}'s last sign-in: ${why}.`,
          evidence,
          missing: idp.signInError?.missingPermission ?? 'last sign-in time',
        });
        continue;
      }
      const details = { lastSignIn: user.lastSignIn, created: user.created, maxInactiveDays: params.maxInactiveDays };
      if (user.lastSignIn === 'never') {
        if (!user.created) {
          out.push({
            status: 'fail',
            resource,
            message: `${user.login} has never signed in (the source gives no creation date, so the account is treated as inactive).`,
            evidence,
            details,
          });
          continue;
        }
        const days = daysSince(user.created, now);
        out.push({
          status: days > params.maxInactiveDays ? 'fail' : 'pass',
          resource,
          message:
            days > params.maxInactiveDays
              ? `${user.login} has never signed in since the account was created ${days} days ago.`
              : `${user.login} has not signed in yet; the account was created ${days} days ago.`,
          evidence,
          details: { ...details, daysInactive: days },
        });
        continue;
      }
      const days = daysSince(user.lastSignIn, now);
      out.push({
        status: days > params.maxInactiveDays ? 'fail' : 'pass',
        resource,
        message:
          days > params.maxInactiveDays
            ? `${user.login} last signed in ${days} days ago (more than ${params.maxInactiveDays}).`
            : `${user.login} signed in ${days} days ago.`,
        evidence,
        details: { ...details, daysInactive: days },
      });
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

export const adminsCount = defineCheck({
  id: 'idp.admins.count',
  title: 'IdP super-admins are few',
  source: 'idp',
  severity: 'medium',
  judges: 'the IdP tenant',
  resourceType: 'idp.tenant',
  needs: [IDP_NEEDS.users, IDP_NEEDS.admins],
  params: z.object({ maxSuperAdmins: z.number().int().positive().default(3) }).strict(),
  remediation: {
    summary: 'Keep super-admins to the few people who need them; give everyone else a narrower admin role.',
    console:
      'Okta: Security → Administrators; Google Admin: Account → Admin roles → Super Admin ' +
      '→ Assigned admins; Entra: Roles & admins → Global Administrator → Assignments',
  },
  evaluate: ({ idp }, { params }) => {
    const out: FindingDraft[] = [];
    if (!idp) return out;
    const admins = tenantValueOr(idp, idp.admins, "who the IdP's super-admins are", out);
    if (!admins) return out;
    const users = idp.users.ok ? new Map(idp.users.value.map((u) => [u.id, u])) : undefined;
    const unknown = admins.value.filter((a) => a.superAdmin === null);
    if (unknown.length) {
      out.push({
        status: 'error',
        resource: tenantResource(idp),
        message:
          `Could not verify the number of super-admins: ${idp.sourceLabel} names ${unknown.length} ` +
          'administrator(s) but not which of them are super-admins.',
        evidence: admins.refs,
        missing: 'admin role names',
      });
      return out;
    }
    // Every listed super-admin counts, suspended ones too: another admin can reactivate them in a click.
    const supers = admins.value.filter((a) => a.superAdmin);
    // Every tenant has at least one super-admin: reading none means the read was incomplete (like GitHub's zero owners).
    if (supers.length === 0) {
      out.push({
        status: 'error',
        resource: tenantResource(idp),
        message:
          `Could not verify the number of super-admins: ${idp.sourceLabel} listed none, and every tenant has ` +
          'at least one, so the role listing is incomplete (missing rights, or an export without the admins).',
        evidence: admins.refs,
        missing: 'the super-admin role assignments',
        details: { administratorsListed: admins.value.length },
      });
      return out;
    }
    const names = supers.map((a) => users?.get(a.userId)?.login ?? a.userId).sort();
    const inactive = supers
      .filter((a) => users?.get(a.userId) && users.get(a.userId)!.status !== 'active')
      .map((a) => users!.get(a.userId)!.login)
      .sort();
    const over = supers.length > params.maxSuperAdmins;
    out.push({
      status: over ? 'fail' : 'pass',
      resource: tenantResource(idp),
      message: over
        ? `${sentence(idp.sourceLabel)} has ${supers.length} super-admins, more than the ` +
          `${params.maxSuperAdmins} allowed: ${names.join(', ')}` +
          `${inactive.length ? ` (not active: ${inactive.join(', ')})` : ''}.`
        : `${sentence(idp.sourceLabel)} has ${supers.length} super-admin${supers.length === 1 ? '' : 's'} (at most ${params.maxSuperAdmins} allowed).`,
      evidence: admins.refs,
      details: { superAdmins: names, count: supers.length, maxSuperAdmins: params.maxSuperAdmins, notActive: inactive },
    });
    return out;
  },
});
