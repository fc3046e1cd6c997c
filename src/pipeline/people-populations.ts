// populations/people.csv and populations/leavers.csv: what auditors sample joiners and leavers from.
// Derived from the same linking the access checks use, so the lists and the verdicts agree.
import { awsAccounts } from '../checks/access/aws.js';
import { githubAccounts } from '../checks/access/github.js';
import type { JudgedAccount } from '../checks/access/judge.js';
import { peopleDirectory, type Person } from '../checks/access/linking.js';
import type { Population } from '../collectors/types.js';
import type { AuditPeriod, FindingDraft } from '../core/types.js';
import type { Evidence } from '../evidence/index.js';

interface SystemAccounts {
  name: 'github' | 'aws';
  /** Accounts linked to each person (by email). */
  byPerson: Map<string, JudgedAccount[]>;
  /** Emails a SAML identity names for a login that is no longer in the org: access was removed. */
  formerlyLinked: Set<string>;
  /** Some reads failed or some accounts could not be linked: "never had an account" cannot be said. */
  incomplete: boolean;
}

function systemAccounts(
  name: SystemAccounts['name'],
  judged: { judged: JudgedAccount[] } | undefined,
  errors: FindingDraft[],
  formerlyLinked: Set<string>,
): SystemAccounts {
  const byPerson = new Map<string, JudgedAccount[]>();
  let unreadable = false;
  for (const j of judged?.judged ?? []) {
    if (j.link.kind === 'unreadable') unreadable = true;
    if (j.link.kind !== 'person') continue;
    byPerson.set(j.link.email, [...(byPerson.get(j.link.email) ?? []), j]);
  }
  return { name, byPerson, formerlyLinked, incomplete: !judged || unreadable || errors.length > 0 };
}

const describe = (j: JudgedAccount) =>
  `${j.account.resource.name && j.account.resource.name !== j.account.resource.id ? `${j.account.resource.name} ` : ''}` +
  `${j.account.resource.id}${j.account.hasAccess ? '' : ' (no access)'}`;

function leaverState(p: Person, s: SystemAccounts): string {
  const accounts = s.byPerson.get(p.email) ?? [];
  if (accounts.some((a) => a.account.hasAccess)) return 'still active';
  if (accounts.length > 0 || s.formerlyLinked.has(p.email)) return 'removed';
  return s.incomplete ? 'unknown' : 'never had an account';
}

/** The two populations, or none when the IdP's people could not be read. */
export function peoplePopulations(evidence: Evidence, period: AuditPeriod, now: Date): Population[] {
  if (!evidence.idp) return [];
  const directory = peopleDirectory(evidence.idp, evidence.people, now);
  if (!directory.ok) return [];
  const systems: SystemAccounts[] = [];
  if (evidence.github) {
    const errors: FindingDraft[] = [];
    const judged = githubAccounts(evidence, now, errors);
    // A SAML identity or config link for a login that is no longer a member or collaborator: access was removed.
    const current = new Set((judged?.judged ?? []).map((j) => j.account.resource.id.toLowerCase()));
    const former = new Set<string>();
    const saml = evidence.github.samlIdentities;
    if (saml?.ok) for (const i of saml.value.identities) if (!current.has(i.login.toLowerCase())) former.add(i.nameId.toLowerCase());
    systems.push(systemAccounts('github', judged, errors, former));
  }
  if (evidence.aws) {
    const errors: FindingDraft[] = [];
    const judged = awsAccounts(evidence, now, errors);
    // AWS keeps no trace of a deleted user; a user whose credentials were all turned off is not listed either.
    systems.push(systemAccounts('aws', judged, errors, new Set()));
  }
  const people = [...directory.value.people].sort((a, b) => a.email.localeCompare(b.email));
  const peopleRows = people.map((p) => [
    p.email,
    p.name ?? '',
    p.active ? 'active' : 'left',
    p.leftAt ? p.leftAt.slice(0, 10) : '',
    p.leftSource ?? '',
    p.idpStatus,
    ...systems.map((s) => (s.byPerson.get(p.email) ?? []).map(describe).join('; ')),
  ]);
  const start = period.start;
  const end = period.end;
  const leavers = people.filter((p) => !p.active && (p.leftAt === null || (p.leftAt.slice(0, 10) >= start && p.leftAt.slice(0, 10) <= end)));
  const leaverRows = leavers.map((p) => [
    p.email,
    p.name ?? '',
    p.leftAt ? p.leftAt.slice(0, 10) : 'unknown',
    p.leftSource ?? '',
    p.idpStatus,
    ...systems.flatMap((s) => [leaverState(p, s), (s.byPerson.get(p.email) ?? []).map(describe).join('; ')]),
  ]);
  return [
    {
      name: 'people.csv',
      title: 'People of the IdP (and HR file) with their linked accounts per system',
      columns: ['email', 'name', 'status', 'left_on', 'left_source', 'idp_status', ...systems.map((s) => `${s.name}_accounts`)],
      rows: peopleRows,
    },
    {
      name: 'leavers.csv',
      title: `People who left in the period ${start} to ${end} (or at an unknown time), and whether their access was removed`,
      columns: ['email', 'name', 'left_on', 'left_source', 'idp_status', ...systems.flatMap((s) => [s.name, `${s.name}_accounts`])],
      rows: leaverRows,
    },
  ];
}
