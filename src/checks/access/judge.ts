// The two verdicts every system shares: "is each account a current person's or a declared service
// account?" and "does anyone who left still have access?". Each system lists its accounts; these judge.
import type { EvidenceRef, FindingDraft, Resource } from '../../core/types.js';
import type { PeopleEvidence } from '../../evidence/people.js';
import { errorFinding } from '../findings.js';
import { daysFrom, describeLeaving, linkAccount, personLabel, type AccountLink, type LinkSource, type PeopleDirectory } from './linking.js';

export interface AccountToJudge {
  resource: Resource;
  /** Names a user may write in `people.links` / `serviceAccounts` for this account. */
  names: string[];
  /** Link sources in order (vendor first); `people.links` is tried last. */
  sources: LinkSource[];
  /** What access the account has, in words ("organization owner", "console password, access key 1"). */
  access: string;
  /** The account can still reach the system (always true for members; a collaborator with no repository has none). */
  hasAccess: boolean;
  details: Record<string, string | number | boolean | null | string[]>;
  refs: EvidenceRef[];
}

export interface JudgedAccount {
  account: AccountToJudge;
  link: AccountLink;
}

export function linkAll(accounts: AccountToJudge[], people: PeopleEvidence | undefined, directory: PeopleDirectory): JudgedAccount[] {
  return accounts.map((account) => ({ account, link: linkAccount(account.names, account.sources, people, directory) }));
}

const linkDetails = (link: AccountLink): FindingDraft['details'] =>
  link.kind === 'person'
    ? { linkedTo: link.email, linkedVia: link.via, personStatus: link.person ? (link.person.active ? 'active' : link.person.idpStatus) : 'not in the IdP' }
    : link.kind === 'service'
      ? { serviceAccount: true, owner: link.declaration.owner, reason: link.declaration.reason }
      : link.kind === 'none' && link.hint
        ? { similarNameHint: link.hint }
        : {};

/** Unlinked: every account must be a known person's or a declared service account whose owner is still here. */
export function judgeUnlinked(judged: JudgedAccount[], directory: PeopleDirectory, now: Date, system: string): FindingDraft[] {
  return judged.map(({ account, link }) => {
    const base = { resource: account.resource, details: { ...account.details, ...linkDetails(link) } };
    const refs = [...account.refs, ...(link.kind === 'person' || link.kind === 'none' || link.kind === 'unreadable' ? link.refs : [])];
    const who = `${account.resource.name ?? account.resource.id} (${account.access})`;
    switch (link.kind) {
      case 'unreadable':
        return { ...errorFinding(account.resource, link.error, `whom ${who} belongs to (${link.via})`, refs), details: base.details };
      case 'service': {
        const owner = link.owner;
        const ownerOk = owner?.active === true;
        const ownerText = ownerOk
          ? personLabel(owner, link.declaration.owner)
          : owner
            ? `${personLabel(owner, link.declaration.owner)}, who ${describeLeaving(owner, now)}`
            : `${link.declaration.owner}, who is not a person in the IdP`;
        return {
          ...base,
          status: ownerOk ? 'pass' : 'fail',
          message: ownerOk
            ? `${who} is a declared service account owned by ${ownerText}: ${link.declaration.reason}.`
            : `${who} is a declared service account, but its owner is ${ownerText}: give it a current owner or remove it.`,
          evidence: [...refs, ...directory.refs.slice(0, 1)],
        };
      }
      case 'person': {
        if (!link.person) {
          const uncertain = directory.formerUsersError ? ` (people who left could not be read: ${directory.formerUsersError.message})` : '';
          if (uncertain)
            return {
              ...errorFinding(account.resource, directory.formerUsersError, `whether ${link.email}, linked to ${who}, is a person of the IdP`, refs),
              details: base.details,
            };
          return {
            ...base,
            status: 'fail',
            message:
              `${who} is linked to ${link.email} via ${link.via}, but no one with that email is in the IdP` +
              `${directory.people.some((p) => p.idpStatus === 'not in the IdP') ? ' or the HR file' : ''}.`,
            evidence: refs,
          };
        }
        const p = link.person;
        return {
          ...base,
          status: 'pass',
          message: p.active
            ? `${who} belongs to ${personLabel(p, link.email)} (linked via ${link.via}).`
            : `${who} belongs to ${personLabel(p, link.email)} (linked via ${link.via}), who has left: judged by the ${system} deprovisioning check.`,
          evidence: refs,
        };
      }
      case 'none':
        return {
          ...base,
          status: 'fail',
          message:
            `${who} is not linked to any person of the IdP and is not a declared service ` +
            `account${link.hint ? `. Similar name (a hint, not a link): ${link.hint}` : ''}. ` +
            'Link it in people.links or declare it in people.serviceAccounts.',
          evidence: refs,
        };
    }
    // Unreachable: the cases above cover every link kind (a new kind fails to type-check here).
    const unknownLink: never = link;
    throw new Error(`unknown link kind: ${JSON.stringify(unknownLink)}`);
  });
}

/** Deprovisioned: accounts linked to people who left must have lost access. Unlinked accounts are the other check's. */
export function judgeDeprovisioned(judged: JudgedAccount[], now: Date, system: string): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const { account, link } of judged) {
    const who = `${account.resource.name ?? account.resource.id} (${account.access})`;
    if (link.kind === 'unreadable') {
      out.push({
        ...errorFinding(account.resource, link.error, `whether the person behind ${who} is still here (${link.via})`, [...account.refs, ...link.refs]),
        details: account.details,
      });
      continue;
    }
    if (link.kind !== 'person' || !link.person) continue;
    const p = link.person;
    const refs = [...account.refs, ...link.refs];
    const details = { ...account.details, ...linkDetails(link), leftAt: p.leftAt, leftSource: p.leftSource };
    if (p.active) {
      out.push({
        status: 'pass',
        resource: account.resource,
        message: `${who} belongs to ${personLabel(p, link.email)}, who is active.`,
        details,
        evidence: refs,
      });
    } else if (!account.hasAccess) {
      out.push({
        status: 'pass',
        resource: account.resource,
        message: `${who} belonged to ${personLabel(p, link.email)}, who ${describeLeaving(p, now)}; the account has no access left in ${system}.`,
        details,
        evidence: refs,
      });
    } else {
      out.push({
        status: 'fail',
        resource: account.resource,
        message: `${personLabel(p, link.email)} ${describeLeaving(p, now)}, but ${who} still has access to ${system}.`,
        details: { ...details, ...(p.leftAt ? { daysSinceLeaving: daysFrom(p.leftAt, now) } : {}) },
        evidence: refs,
      });
    }
  }
  return out;
}
