// People reconciliation over literal evidence: linking rules, leavers, service accounts, unreadable links
// (error, never pass), name hints that are never links, and the HR file as the source of leaving dates.
import { describe, expect, it } from 'vitest';
import { accessChecks } from '../../../src/checks/access/index.js';
import { linkAccount, nameHint, peopleDirectory } from '../../../src/checks/access/linking.js';
import type { AnyCheck } from '../../../src/checks/types.js';
import { collected, failed, type CollectionError, type FindingDraft } from '../../../src/core/types.js';
import type { AwsAccountEvidence } from '../../../src/evidence/aws/index.js';
import type { CredentialReportRow } from '../../../src/evidence/aws/iam.js';
import { row } from '../aws/fixtures.js';
import type { GithubEvidence, GithubSamlIdentities } from '../../../src/evidence/github.js';
import type { IdpEvidence, IdpUser } from '../../../src/evidence/idp.js';
import type { Evidence } from '../../../src/evidence/index.js';
import type { PeopleEvidence } from '../../../src/evidence/people.js';
import { peoplePopulations } from '../../../src/pipeline/people-populations.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const check = (id: string): AnyCheck => accessChecks.find((c) => c.id === id)!;
const run = (id: string, evidence: Evidence): FindingDraft[] =>
  check(id).evaluate(evidence, { now: NOW, period: { start: '2026-07-01', end: '2026-09-30' }, params: {} });
const byId = (findings: FindingDraft[]) => new Map(findings.map((f) => [f.resource.id, f]));
const statusOf = (findings: FindingDraft[]) => Object.fromEntries(findings.map((f) => [f.resource.id, f.status]));

const NO_SCOPE: CollectionError = {
  kind: 'access_denied',
  message: 'GraphQL samlIdentityProvider: Resource not accessible by integration',
  missingPermission: 'admin:org scope',
};

function person(login: string, over: Partial<IdpUser> = {}): IdpUser {
  return {
    id: login,
    login,
    email: login,
    status: 'active',
    vendorStatus: 'ACTIVE',
    created: '2025-01-01T00:00:00Z',
    lastSignIn: '2026-11-20T00:00:00Z',
    factors: collected([]),
    refs: [],
    ...over,
  };
}

const idp = (users: IdpUser[], former: IdpUser[] = []): IdpEvidence => ({
  provider: 'okta',
  tenant: 'acme.okta.com',
  sourceLabel: 'Okta',
  users: collected(users),
  admins: collected([]),
  mfaPolicy: failed({ kind: 'other', message: 'n/a' }),
  formerUsers: collected(former),
});

const PEOPLE = [
  person('ana@acme.com', { name: 'Ana Lima' }),
  person('ben@acme.com', { name: 'Ben Okafor', status: 'suspended', vendorStatus: 'SUSPENDED', statusChanged: '2026-09-01T10:00:00Z' }),
  person('cy@acme.com', { name: 'Cy Park' }),
];
const FORMER = [person('dee@acme.com', { name: 'Dee Novak', status: 'deprovisioned', vendorStatus: 'DEPROVISIONED', statusChanged: '2026-08-15T09:00:00Z' })];

const saml = (ids: Array<[string, string]>, over: Partial<GithubSamlIdentities> = {}) =>
  collected<GithubSamlIdentities>({ configuredAt: 'organization', identities: ids.map(([login, nameId]) => ({ login, nameId })), ...over });

function github(members: string[], over: Partial<GithubEvidence> = {}): GithubEvidence {
  return {
    org: 'acme',
    members: collected(members.map((login) => ({ login, role: login === 'ana-l' ? ('admin' as const) : ('member' as const) }))),
    outsideCollaborators: collected([]),
    samlIdentities: saml([
      ['ana-l', 'ana@acme.com'],
      ['benok', 'ben@acme.com'],
      ['dnovak', 'dee@acme.com'],
    ]),
    ...over,
  };
}

const people = (over: Partial<PeopleEvidence> = {}): PeopleEvidence => ({ links: {}, serviceAccounts: [], ...over });

describe('access.github.unlinked-members', () => {
  it.each([
    ['linked through SAML to an active person', 'ana-l', 'pass', /belongs to Ana Lima <ana@acme.com> \(linked via SAML identity\)/],
    ['linked to a person who left (judged by the deprovisioning check)', 'benok', 'pass', /who has left/],
    ['linked to someone deleted from the IdP', 'dnovak', 'pass', /Dee Novak/],
    ['no SAML identity, no config link', 'mystery', 'fail', /not linked to any person/],
  ])('%s → %s', (_name, login, status, message) => {
    const f = byId(run('access.github.unlinked-members', { github: github([login]), idp: idp(PEOPLE, FORMER), people: people() })).get(login)!;
    expect(f.status).toBe(status);
    expect(f.message).toMatch(message);
  });

  it('falls back to people.links when the plan has no SAML, and says so', () => {
    const gh = github(['octocat', 'stranger'], { samlIdentities: saml([], { configuredAt: 'none', note: 'GitHub Team plan: no SAML single sign-on' }) });
    const findings = byId(run('access.github.unlinked-members', { github: gh, idp: idp(PEOPLE), people: people({ links: { octocat: 'cy@acme.com' } }) }));
    expect(findings.get('octocat')!.status).toBe('pass');
    expect(findings.get('octocat')!.details).toMatchObject({ linkedVia: 'people.links', saml: 'GitHub Team plan: no SAML single sign-on' });
    expect(findings.get('stranger')!.status).toBe('fail');
  });

  it('SAML identities that cannot be read: error naming the scope, never pass; a config link still links', () => {
    const gh = github(['ana-l', 'octocat'], { samlIdentities: failed(NO_SCOPE) });
    const findings = byId(run('access.github.unlinked-members', { github: gh, idp: idp(PEOPLE), people: people({ links: { octocat: 'cy@acme.com' } }) }));
    expect(findings.get('ana-l')!.status).toBe('error');
    expect(findings.get('ana-l')!.missing).toBe('admin:org scope');
    expect(findings.get('octocat')!.status).toBe('pass');
  });

  it('a declared service account is listed with owner and reason; one whose owner left fails', () => {
    const gh = github(['deploy-bot', 'old-bot']);
    const p = people({
      serviceAccounts: [
        { account: 'Deploy-Bot', owner: 'ana@acme.com', reason: 'CI deploys' },
        { account: 'old-bot', owner: 'ben@acme.com', reason: 'legacy sync' },
      ],
    });
    const findings = byId(run('access.github.unlinked-members', { github: gh, idp: idp(PEOPLE), people: p }));
    expect(findings.get('deploy-bot')).toMatchObject({ status: 'pass', details: { serviceAccount: true, owner: 'ana@acme.com', reason: 'CI deploys' } });
    expect(findings.get('old-bot')!.status).toBe('fail');
    expect(findings.get('old-bot')!.message).toMatch(/its owner is Ben Okafor <ben@acme.com>, who left on 2026-09-01 \(86 days ago/);
  });

  it('a link to an email nobody in the IdP has fails; when leavers could not be read it is an error instead', () => {
    const gh = github(['ghost'], { samlIdentities: saml([['ghost', 'gone@acme.com']]) });
    expect(run('access.github.unlinked-members', { github: gh, idp: idp(PEOPLE), people: people() })[0]!.status).toBe('fail');
    const noFormer = { ...idp(PEOPLE), formerUsers: failed<IdpUser[]>({ kind: 'access_denied', message: 'denied', missingPermission: 'okta.users.read' }) };
    expect(run('access.github.unlinked-members', { github: gh, idp: noFormer, people: people() })[0]!.status).toBe('error');
  });

  it('a similar name is a hint in the message, never a link', () => {
    const [f] = run('access.github.unlinked-members', { github: github(['cpark']), idp: idp(PEOPLE), people: people() });
    expect(f!.status).toBe('fail');
    expect(f!.message).toMatch(/Similar name \(a hint, not a link\): cy@acme.com \(Cy Park\)/);
  });

  it('outside collaborators are judged too, with their repository permissions', () => {
    const gh = github([], { outsideCollaborators: collected([{ login: 'contractor1', repositories: { 'acme/api': 'WRITE' } }]) });
    const [f] = run('access.github.unlinked-members', { github: gh, idp: idp(PEOPLE), people: people() });
    expect(f).toMatchObject({ status: 'fail', resource: { id: 'contractor1' }, details: { role: 'outside collaborator', repositories: ['acme/api:write'] } });
  });

  it('members or IdP users that cannot be read: error on the org, never pass', () => {
    const noMembers = run('access.github.unlinked-members', { github: github([], { members: failed(NO_SCOPE) }), idp: idp(PEOPLE), people: people() });
    expect(statusOf(noMembers)).toEqual({ acme: 'error' });
    const noUsers = run('access.github.unlinked-members', {
      github: github(['ana-l']),
      idp: { ...idp([]), users: failed({ kind: 'auth', message: 'bad token' }) },
      people: people(),
    });
    expect(statusOf(noUsers)).toEqual({ acme: 'error' });
  });
});

describe('access.github.deprovisioned', () => {
  it('fails leavers who are still members, saying since when and how many days', () => {
    const findings = byId(
      run('access.github.deprovisioned', { github: github(['ana-l', 'benok', 'dnovak', 'mystery']), idp: idp(PEOPLE, FORMER), people: people() }),
    );
    expect(findings.get('ana-l')!.status).toBe('pass');
    expect(findings.get('benok')!.status).toBe('fail');
    expect(findings.get('benok')!.message).toMatch(
      /Ben Okafor <ben@acme.com> left on 2026-09-01 \(86 days ago, from the IdP status change; IdP status suspended\), but benok/,
    );
    expect(findings.get('benok')!.details).toMatchObject({ daysSinceLeaving: 86, leftAt: '2026-09-01T10:00:00Z' });
    expect(findings.get('dnovak')!.details).toMatchObject({ personStatus: 'deprovisioned', daysSinceLeaving: 103 });
    expect(findings.has('mystery')).toBe(false);
  });

  it('the HR file is the source of leaving dates: a person still active in the IdP but gone per HR fails', () => {
    const hr = collected({
      file: 'hr.csv',
      records: [
        { email: 'cy@acme.com', name: 'Cy Park', start: '2024-01-01', end: '2026-10-31', line: 4 },
        { email: 'ben@acme.com', name: 'Ben Okafor', start: null, end: '2026-08-29', line: 3 },
      ],
    });
    const gh = github(['cyp', 'benok'], {
      samlIdentities: saml([
        ['cyp', 'cy@acme.com'],
        ['benok', 'ben@acme.com'],
      ]),
    });
    const findings = byId(run('access.github.deprovisioned', { github: gh, idp: idp(PEOPLE), people: people({ hr }) }));
    expect(findings.get('cyp')).toMatchObject({ status: 'fail', details: { leftAt: '2026-10-31', leftSource: 'HR file', daysSinceLeaving: 26 } });
    expect(findings.get('benok')!.details).toMatchObject({ leftAt: '2026-08-29', leftSource: 'HR file' });
  });

  it('a leaver whose departure time the IdP does not give: fail, saying the time is unknown', () => {
    const users = [person('ana@acme.com', { status: 'suspended', vendorStatus: 'suspended', statusChanged: null })];
    const [f] = run('access.github.deprovisioned', { github: github(['ana-l']), idp: idp(users), people: people() });
    expect(f!.status).toBe('fail');
    expect(f!.message).toMatch(/is suspended in the IdP \(the IdP does not say since when\)/);
  });

  it('an outside collaborator of a leaver with no repository left has no access: pass', () => {
    const gh = github([], { outsideCollaborators: collected([{ login: 'benok', repositories: {} }]) });
    expect(run('access.github.deprovisioned', { github: gh, idp: idp(PEOPLE), people: people() })[0]!.status).toBe('pass');
  });

  it('unreadable links are errors; nothing linked at all is not_applicable on the org', () => {
    expect(
      statusOf(run('access.github.deprovisioned', { github: github(['ana-l'], { samlIdentities: failed(NO_SCOPE) }), idp: idp(PEOPLE), people: people() })),
    ).toEqual({ 'ana-l': 'error' });
    expect(statusOf(run('access.github.deprovisioned', { github: github(['mystery']), idp: idp(PEOPLE), people: people() }))).toEqual({
      acme: 'not_applicable',
    });
  });
});

function account(
  rows: CredentialReportRow[],
  over: Partial<AwsAccountEvidence> = {},
  tags: Record<string, Record<string, string> | 'denied'> = {},
): AwsAccountEvidence {
  return {
    accountId: '111111111111',
    name: 'prod',
    access: collected({ principalArn: 'x', via: 'default-credentials' }),
    regions: collected(['us-east-1']),
    iam: {
      credentialReport: collected({ generatedTime: '2026-11-26T00:00:00Z', rows }),
      userTags: Object.fromEntries(
        Object.entries(tags).map(([u, t]) => [
          u,
          t === 'denied' ? failed({ kind: 'access_denied', message: 'denied', missingPermission: 'iam:ListUserTags' }) : collected(t),
        ]),
      ),
    },
    identityCenter: collected({ instances: [], users: [] }),
    regional: [],
    ...over,
  };
}

const aws = (...accounts: AwsAccountEvidence[]) => ({ accounts });
const ARN = (u: string) => `arn:aws:iam::111111111111:user/${u}`;

describe('access.aws.unlinked-users', () => {
  it('judges only IAM users with a console password or an active key, linked by an email tag or people.links', () => {
    const rows = [
      row('<root_account>', { password_enabled: 'not_supported' }),
      row('ana', { password_enabled: 'true' }),
      row('no-creds'),
      row('ci', { access_key_1_active: 'true' }),
      row('octo', { access_key_2_active: 'true' }),
      row('stranger', { password_enabled: 'true' }),
    ];
    const findings = run('access.aws.unlinked-users', {
      aws: aws(account(rows, {}, { ana: { Email: 'Ana@Acme.com' }, ci: {}, stranger: { team: 'x' } })),
      idp: idp(PEOPLE),
      people: people({ links: { octo: 'cy@acme.com' } }),
    });
    expect(statusOf(findings)).toEqual({ [ARN('ana')]: 'pass', [ARN('ci')]: 'fail', [ARN('octo')]: 'pass', [ARN('stranger')]: 'fail' });
    expect(byId(findings).get(ARN('ana'))!.details).toMatchObject({ linkedVia: 'email tag', credentials: ['console password'] });
  });

  it('tags that could not be read: error naming iam:ListUserTags, never pass', () => {
    const [f] = run('access.aws.unlinked-users', {
      aws: aws(account([row('ana', { password_enabled: 'true' })], {}, { ana: 'denied' })),
      idp: idp(PEOPLE),
      people: people(),
    });
    expect(f).toMatchObject({ status: 'error', missing: 'iam:ListUserTags' });
  });

  it('Identity Center users link by email; a user seen from two accounts is judged once', () => {
    const ic = collected({
      instances: [{ instanceArn: 'arn:aws:sso:::instance/ssoins-1', identityStoreId: 'd-1', region: 'us-east-1' }],
      users: [
        { userId: 'u-1', userName: 'ana', emails: ['ana@acme.com'], identityStoreId: 'd-1' },
        { userId: 'u-2', userName: 'temp', emails: [], identityStoreId: 'd-1' },
      ],
    });
    const findings = run('access.aws.unlinked-users', {
      aws: aws(account([], { identityCenter: ic }), account([], { accountId: '222222222222', identityCenter: ic })),
      idp: idp(PEOPLE),
      people: people(),
    });
    expect(statusOf(findings)).toEqual({ 'identitystore:u-1': 'pass', 'identitystore:u-2': 'fail' });
  });

  it('a failed credential report or Identity Center read is an error on the account; an account without identities is not_applicable', () => {
    const broken = account([], {
      iam: { credentialReport: failed({ kind: 'access_denied', message: 'denied', missingPermission: 'iam:GetCredentialReport' }) },
      identityCenter: failed({ kind: 'access_denied', message: 'denied', missingPermission: 'sso:ListInstances' }),
    });
    expect(run('access.aws.unlinked-users', { aws: aws(broken), idp: idp(PEOPLE), people: people() }).map((f) => [f.status, f.missing])).toEqual([
      ['error', 'iam:GetCredentialReport'],
      ['error', 'sso:ListInstances'],
    ]);
    expect(statusOf(run('access.aws.unlinked-users', { aws: aws(account([row('x')])), idp: idp(PEOPLE), people: people() }))).toEqual({
      '111111111111': 'not_applicable',
    });
  });

  it('a declared service account (by user name or ARN) passes with its owner and reason', () => {
    const p = people({ serviceAccounts: [{ account: ARN('terraform'), owner: 'cy@acme.com', reason: 'Terraform CI' }] });
    const [f] = run('access.aws.unlinked-users', { aws: aws(account([row('terraform', { access_key_1_active: 'true' })])), idp: idp(PEOPLE), people: p });
    expect(f).toMatchObject({ status: 'pass', details: { owner: 'cy@acme.com', reason: 'Terraform CI' } });
  });
});

describe('access.aws.deprovisioned', () => {
  it('a leaver with an active credential fails, naming the credential and the days since leaving', () => {
    const rows = [
      row('ben', { access_key_1_active: 'true', access_key_1_last_used_date: '2026-10-02T08:00:00+00:00' }),
      row('ana', { password_enabled: 'true' }),
    ];
    const findings = byId(
      run('access.aws.deprovisioned', {
        aws: aws(account(rows, {}, { ben: { email: 'ben@acme.com' }, ana: { email: 'ana@acme.com' } })),
        idp: idp(PEOPLE),
        people: people(),
      }),
    );
    expect(findings.get(ARN('ana'))!.status).toBe('pass');
    expect(findings.get(ARN('ben'))).toMatchObject({
      status: 'fail',
      details: { credentials: ['access key 1'], daysSinceLeaving: 86, lastUsed: '2026-10-02T08:00:00+00:00' },
    });
    expect(findings.get(ARN('ben'))!.message).toMatch(/left on 2026-09-01 \(86 days ago.*still has access to AWS/);
  });

  it('an Identity Center user of a deleted person fails', () => {
    const ic = collected({ instances: [], users: [{ userId: 'u-9', userName: 'dee@acme.com', emails: [], identityStoreId: 'd-1' }] });
    const [f] = run('access.aws.deprovisioned', { aws: aws(account([], { identityCenter: ic })), idp: idp(PEOPLE, FORMER), people: people() });
    expect(f).toMatchObject({ status: 'fail', resource: { id: 'identitystore:u-9' }, details: { linkedVia: 'Identity Center user name' } });
  });
});

describe('linking', () => {
  const dir = peopleDirectory(idp(PEOPLE, FORMER), undefined, NOW);
  if (!dir.ok) throw new Error('directory');
  it.each([
    ['the vendor source wins over people.links', [{ via: 'SAML identity', email: 'ana@acme.com' }], { x: 'cy@acme.com' }, 'ana@acme.com'],
    ['people.links when the vendor has nothing', [{ via: 'SAML identity', email: null }], { x: 'cy@acme.com' }, 'cy@acme.com'],
    ['people.links when the vendor read failed', [{ via: 'SAML identities', error: NO_SCOPE }], { x: 'cy@acme.com' }, 'cy@acme.com'],
  ] as const)('%s', (_n, sources, links, email) => {
    const link = linkAccount(['X'], [...sources], people({ links: { ...links } }), dir.value);
    expect(link.kind === 'person' && link.email).toBe(email);
  });

  it.each([
    ['jdoe', undefined],
    ['anal', 'ana@acme.com (Ana Lima)'],
    ['ben-okafor', 'ben@acme.com (Ben Okafor)'],
    ['cypark-gh', 'cy@acme.com (Cy Park)'],
    ['dnovak', 'dee@acme.com (Dee Novak)'],
  ])('name hint for %s → %s', (login, hint) => {
    expect(nameHint(login, dir.value)).toBe(hint);
  });

  it('a person active again in the IdP is not shadowed by an old deleted account with the same email', () => {
    const d = peopleDirectory(
      idp([person('ana@acme.com')], [person('ana@acme.com', { status: 'deprovisioned', vendorStatus: 'DEPROVISIONED' })]),
      undefined,
      NOW,
    );
    expect(d.ok && d.value.byKey.get('ana@acme.com')!.active).toBe(true);
  });
});

describe('people populations', () => {
  const period = { start: '2026-07-01', end: '2026-09-30' };
  const rowsOf = (pops: ReturnType<typeof peoplePopulations>, name: string) => pops.find((p) => p.name === name)!.rows;

  it('leavers of the period with their state per system: still active, removed, never had an account', () => {
    const gh = github(['benok'], {
      samlIdentities: saml([
        ['benok', 'ben@acme.com'],
        ['dnovak', 'dee@acme.com'],
      ]),
    });
    const pops = peoplePopulations(
      {
        github: gh,
        idp: idp(PEOPLE, [
          ...FORMER,
          person('old@acme.com', { status: 'deprovisioned', vendorStatus: 'DEPROVISIONED', statusChanged: '2025-01-01T00:00:00Z' }),
        ]),
        people: people(),
      },
      period,
      NOW,
    );
    expect(rowsOf(pops, 'leavers.csv')).toEqual([
      ['ben@acme.com', 'Ben Okafor', '2026-09-01', 'IdP status change', 'suspended', 'still active', 'benok'],
      ['dee@acme.com', 'Dee Novak', '2026-08-15', 'IdP status change', 'deprovisioned', 'removed', ''],
    ]);
    expect(rowsOf(pops, 'people.csv').map((r) => r[0])).toEqual(['ana@acme.com', 'ben@acme.com', 'cy@acme.com', 'dee@acme.com', 'old@acme.com']);
  });

  it('a system whose accounts could not all be read or linked says unknown, never "never had an account"', () => {
    const gh = github(['someone'], { samlIdentities: failed(NO_SCOPE) });
    const pops = peoplePopulations({ github: gh, idp: idp(PEOPLE, FORMER), people: people() }, period, NOW);
    expect(rowsOf(pops, 'leavers.csv').map((r) => r[5])).toEqual(['unknown', 'unknown']);
  });
});
