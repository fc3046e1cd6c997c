// Linking accounts to people: a pure function of the evidence. People come from the IdP (users, and those
// who left), with leaving dates from the HR file when given, else the IdP's status-change time. An account
// is linked by the first source that names an email (SAML identity, email tag, Identity Center email…),
// else by `people.links`; a declared service account is never linked to a person. A name-similarity guess
// is only ever a hint in a message.
import type { Collected, CollectionError, EvidenceRef } from '../../core/types.js';
import type { IdpEvidence, IdpUser } from '../../evidence/idp.js';
import type { PeopleEvidence, ServiceAccountDeclaration } from '../../evidence/people.js';
import { editDistance } from '../../config/yaml-errors.js';

export interface Person {
  /** Lower case: the key accounts link to. */
  email: string;
  name?: string;
  /** Still with the company: active in the IdP and no HR end date on or before the run's day. */
  active: boolean;
  /** When the person left (YYYY-MM-DD from HR, or the IdP's ISO time); null when still active or unknown. */
  leftAt: string | null;
  /** Where `leftAt` (or the fact of leaving) came from. */
  leftSource: 'HR file' | 'IdP status change' | 'IdP status' | null;
  /** The IdP's status (`active`, `suspended`, `deprovisioned`, `deleted`…) or `not in the IdP` (HR file only). */
  idpStatus: string;
  idpLogin?: string;
  /** HR start date, when the HR file has one. */
  startedOn?: string | null;
  refs: EvidenceRef[];
}

export interface PeopleDirectory {
  /** By email and by IdP login, lower case. */
  byKey: Map<string, Person>;
  people: Person[];
  /** Why people who left may be missing (the deleted / deprovisioned listing failed): then "not in the IdP" is not a fact. */
  formerUsersError?: CollectionError;
  refs: EvidenceRef[];
}

const LEFT_STATUSES = new Set(['suspended', 'deprovisioned', 'archived', 'deleted']);

function personOf(user: IdpUser, deleted: boolean): Person {
  const status = deleted ? 'deleted' : user.status;
  const left = deleted || LEFT_STATUSES.has(user.status);
  return {
    email: (user.email ?? user.login).toLowerCase(),
    ...(user.name ? { name: user.name } : {}),
    active: !left,
    leftAt: left ? (user.statusChanged ?? null) : null,
    leftSource: left ? (user.statusChanged ? 'IdP status change' : 'IdP status') : null,
    idpStatus: status,
    idpLogin: user.login,
    refs: user.refs,
  };
}

/** Everyone the IdP and the HR file know, as of `now`. Fails when the IdP's users could not be read. */
export function peopleDirectory(idp: IdpEvidence, people: PeopleEvidence | undefined, now: Date): Collected<PeopleDirectory> {
  if (!idp.users.ok) return idp.users;
  if (people?.hr && !people.hr.ok) return people.hr;
  const today = now.toISOString().slice(0, 10);
  const byKey = new Map<string, Person>();
  const list: Person[] = [];
  const add = (p: Person, login?: string) => {
    // A current account wins over a deleted one with the same email (rehired, or a recreated account).
    const existing = byKey.get(p.email);
    if (existing && (existing.active || !p.active)) return;
    if (existing) list.splice(list.indexOf(existing), 1);
    list.push(p);
    byKey.set(p.email, p);
    if (login) byKey.set(login.toLowerCase(), p);
  };
  for (const u of idp.users.value) add(personOf(u, false), u.login);
  const former = idp.formerUsers;
  // Former users have left whatever status they carry (Entra deleted users keep accountEnabled as it was).
  if (former?.ok) for (const u of former.value) add(personOf(u, u.vendorStatus === 'deleted' || !LEFT_STATUSES.has(u.status)), u.login);

  const refs = [...idp.users.refs, ...(former?.refs ?? [])];
  if (people?.hr?.ok) {
    refs.push(...people.hr.refs);
    for (const r of people.hr.value.records) {
      const hrLeft = r.end !== null && r.end <= today;
      const p = byKey.get(r.email);
      if (!p) {
        const person: Person = {
          email: r.email,
          ...(r.name ? { name: r.name } : {}),
          active: !hrLeft,
          leftAt: hrLeft ? r.end : null,
          leftSource: hrLeft ? 'HR file' : null,
          idpStatus: 'not in the IdP',
          startedOn: r.start,
          refs: people.hr.refs,
        };
        list.push(person);
        byKey.set(r.email, person);
        continue;
      }
      // HR is the source of leaving dates when given; the IdP may still say the person is active.
      p.startedOn = r.start;
      if (!p.name && r.name) p.name = r.name;
      if (hrLeft) {
        p.active = false;
        p.leftAt = r.end;
        p.leftSource = 'HR file';
      } else if (!p.active && r.end) {
        p.leftAt = r.end;
        p.leftSource = 'HR file';
      }
      p.refs = [...p.refs, ...people.hr.refs];
    }
  }
  return { ok: true, value: { byKey, people: list, refs, ...(former && !former.ok ? { formerUsersError: former.error } : {}) }, refs };
}

/** One way an account may name its person: an email from the vendor, or a read that failed. */
export type LinkSource = { via: string; email: string | null; refs?: EvidenceRef[] } | { via: string; error: CollectionError; refs?: EvidenceRef[] };

export type AccountLink =
  | { kind: 'person'; email: string; person: Person | undefined; via: string; refs: EvidenceRef[] }
  | { kind: 'service'; declaration: ServiceAccountDeclaration; owner: Person | undefined }
  | { kind: 'none'; refs: EvidenceRef[]; hint?: string }
  | { kind: 'unreadable'; error: CollectionError; via: string; refs: EvidenceRef[] };

/**
 * Links one account. `names` are the account's names a user may write in the config (login, user name,
 * ARN); `sources` are tried in order (vendor first, then `people.links`). A failed source makes the
 * result `unreadable` only when no later source links the account.
 */
export function linkAccount(names: string[], sources: LinkSource[], people: PeopleEvidence | undefined, directory: PeopleDirectory): AccountLink {
  const lower = names.map((n) => n.toLowerCase());
  const declaration = people?.serviceAccounts.find((s) => lower.includes(s.account.toLowerCase()));
  if (declaration) return { kind: 'service', declaration, owner: directory.byKey.get(declaration.owner.toLowerCase()) };
  const configured = lower.map((n) => people?.links[n]).find((e): e is string => !!e);
  const all: LinkSource[] = [...sources, { via: 'people.links', email: configured ?? null }];
  let failure: { error: CollectionError; via: string; refs: EvidenceRef[] } | undefined;
  const seen: EvidenceRef[] = [];
  for (const s of all) {
    seen.push(...(s.refs ?? []));
    if ('error' in s) {
      failure ??= { error: s.error, via: s.via, refs: s.refs ?? [] };
      continue;
    }
    if (!s.email) continue;
    const email = s.email.toLowerCase();
    const person = directory.byKey.get(email);
    return { kind: 'person', email, person, via: s.via, refs: [...(s.refs ?? []), ...(person?.refs ?? [])] };
  }
  if (failure) return { kind: 'unreadable', ...failure };
  const hint = nameHint(names[0] ?? '', directory);
  return { kind: 'none', refs: seen, ...(hint ? { hint } : {}) };
}

const squash = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]/g, '');

/** Forms a person's account name often takes: email local part, full name, first initial + last name, first name + last initial. */
function nameForms(p: Person): string[] {
  const forms = [squash(p.email.split('@')[0] ?? '')];
  const parts = (p.name ?? '').toLowerCase().normalize('NFKD').split(/\s+/).map(squash).filter(Boolean);
  if (parts.length >= 2) {
    const first = parts[0]!;
    const last = parts[parts.length - 1]!;
    forms.push(parts.join(''), `${first[0]}${last}`, `${first}${last[0]}`, `${last}${first}`, first + last);
  }
  return [...new Set(forms.filter((f) => f.length >= 3))];
}

/** A likely person for an account by name similarity: a hint for the message, never a link. */
export function nameHint(account: string, directory: PeopleDirectory): string | undefined {
  const a = squash(account.replace(/-(bot|ci|admin|dev|work|gh)$/i, ''));
  if (a.length < 3) return undefined;
  let best: { person: Person; score: number } | undefined;
  for (const p of directory.people) {
    for (const form of nameForms(p)) {
      const score =
        form === a
          ? 0
          : (a.length >= 4 && form.includes(a)) || (form.length >= 4 && a.includes(form))
            ? 1
            : editDistance(a, form) <= (a.length >= 8 ? 2 : 1)
              ? 2
              : Infinity;
      if (score < (best?.score ?? Infinity)) best = { person: p, score };
    }
  }
  if (!best) return undefined;
  return `${best.person.email}${best.person.name ? ` (${best.person.name})` : ''}`;
}

/** Whole days from a date or time to `now`. */
export function daysFrom(when: string, now: Date): number {
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(when) ? `${when}T00:00:00Z` : when);
  return Math.max(0, Math.floor((now.getTime() - t) / 86_400_000));
}

/** "left on 2026-08-14 (104 days ago, HR file)" / "is suspended in the IdP (the IdP does not say since when)". */
export function describeLeaving(p: Person, now: Date): string {
  if (!p.leftAt)
    return (
      `is ${p.idpStatus === 'not in the IdP' ? 'no longer employed' : `${p.idpStatus} in the IdP`} ` +
      `(the ${p.leftSource === 'HR file' ? 'HR file' : 'IdP'} does not say since when)`
    );
  const days = daysFrom(p.leftAt, now);
  return (
    `left on ${p.leftAt.slice(0, 10)} (${days} day${days === 1 ? '' : 's'} ago, from the ` +
    `${p.leftSource === 'HR file' ? 'HR file' : 'IdP status change'}; IdP status ${p.idpStatus})`
  );
}

export const personLabel = (p: Person | undefined, email: string): string => (p?.name ? `${p.name} <${email}>` : email);
