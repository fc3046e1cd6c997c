// IdP checks over literal evidence: pending-only factors, exempting sign-on rules, suspended and
// never-signed-in users, unreadable evidence (error, never pass).
import { describe, expect, it } from 'vitest';
import { idpChecks } from '../../../src/checks/idp/index.js';
import type { AnyCheck } from '../../../src/checks/types.js';
import { collected, failed, type FindingDraft } from '../../../src/core/types.js';
import type { IdpAdmin, IdpEvidence, IdpFactor, IdpMfaPolicy, IdpUser, OktaPolicy, OktaPolicyRule } from '../../../src/evidence/idp.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const check = (id: string): AnyCheck => idpChecks.find((c) => c.id === id)!;

function run(id: string, idp: IdpEvidence, params: Record<string, unknown> = {}): FindingDraft[] {
  const c = check(id);
  return c.evaluate({ idp }, { now: NOW, period: { start: '2026-07-01', end: '2026-09-30' }, params: c.params ? c.params.parse(params) : {} });
}

const f = (type: string, kind: IdpFactor['kind'], state: IdpFactor['state'] = 'active'): IdpFactor => ({
  type,
  kind,
  state,
  status: state === 'active' ? 'ACTIVE' : 'PENDING_ACTIVATION',
});

function user(login: string, rest: Partial<IdpUser> & { factorList?: IdpFactor[] } = {}): IdpUser {
  const { factorList, ...u } = rest;
  return {
    id: login,
    login,
    status: 'active',
    vendorStatus: 'ACTIVE',
    created: daysAgo(400),
    lastSignIn: daysAgo(1),
    factors: collected(factorList ?? [f('push', 'strong')]),
    refs: [],
    ...u,
  };
}

const everyone = { includeGroups: ['00gEveryone'], excludeGroups: [], includeUsers: [], excludeUsers: [] };
const rule = (
  name: string,
  priority: number,
  factors: 1 | 2,
  people: OktaPolicyRule['people'] = null,
  extra: Partial<OktaPolicyRule> = {},
): OktaPolicyRule => ({
  id: name,
  name,
  status: 'ACTIVE',
  priority,
  system: false,
  people,
  network: 'ANYWHERE',
  access: 'ALLOW',
  factors,
  otherConditions: [],
  ...extra,
});
const signOn = (rules: OktaPolicyRule[], extra: Partial<OktaPolicy> = {}): OktaPolicy => ({
  id: 'p1',
  name: 'Default Policy',
  type: 'OKTA_SIGN_ON',
  status: 'ACTIVE',
  priority: 1,
  system: true,
  people: everyone,
  rules,
  ...extra,
});
const enroll = (required: boolean): OktaPolicy => ({
  id: 'e1',
  name: 'Default Enrollment',
  type: 'MFA_ENROLL',
  status: 'ACTIVE',
  priority: 1,
  system: true,
  people: everyone,
  rules: [],
  enroll: { okta_password: 'REQUIRED', okta_verify: required ? 'REQUIRED' : 'OPTIONAL' },
});
const okta = (policies: OktaPolicy[], apps: Extract<IdpMfaPolicy, { kind: 'okta' }>['apps'] = null): IdpMfaPolicy => ({
  kind: 'okta',
  policies,
  groups: { '00gEveryone': { name: 'Everyone', type: 'BUILT_IN' }, '00gContractors': { name: 'Contractors', type: 'OKTA_GROUP' } },
  apps,
});

function evidence(users: IdpUser[], rest: Partial<IdpEvidence> = {}): IdpEvidence {
  return {
    provider: 'okta',
    tenant: 'acme.okta.com',
    sourceLabel: 'Okta (acme.okta.com)',
    users: collected(users),
    admins: collected([]),
    mfaPolicy: collected(okta([signOn([rule('Default', 1, 2)]), enroll(true)])),
    ...rest,
  };
}

const statusOf = (findings: FindingDraft[]) => Object.fromEntries(findings.map((x) => [x.resource.id, x.status]));

describe('idp.mfa.enrolled', () => {
  it.each([
    ['an active push factor', [f('push', 'strong')], 'pass'],
    ['only a pending factor', [f('token:software:totp', 'strong', 'pending')], 'fail'],
    ['no factor at all', [], 'fail'],
    ['only a password (CSV reports list it)', [f('password', 'weak')], 'fail'],
    ['only SMS (weak but enrolled)', [f('sms', 'weak')], 'pass'],
    ['a pending webauthn beside an active sms', [f('webauthn', 'phishing-resistant', 'pending'), f('sms', 'weak')], 'pass'],
    ['an inactive factor', [f('push', 'strong', 'inactive')], 'fail'],
  ])('%s → %s', (_name, factorList, expected) => {
    const [finding] = run('idp.mfa.enrolled', evidence([user('a@x.com', { factorList })]));
    expect(finding!.status).toBe(expected);
    expect(finding!.resource.id).toBe('a@x.com');
  });

  it('does not judge suspended or deprovisioned users, and says so', () => {
    const findings = run('idp.mfa.enrolled', evidence([user('s@x.com', { status: 'suspended', vendorStatus: 'SUSPENDED', factorList: [] }), user('a@x.com')]));
    expect(statusOf(findings)).toEqual({ 's@x.com': 'not_applicable', 'a@x.com': 'pass' });
  });

  it('weak-only enrolment is called out in the message', () => {
    const [finding] = run('idp.mfa.enrolled', evidence([user('a@x.com', { factorList: [f('sms', 'weak')] })]));
    expect(finding!.message).toMatch(/only with weak factors: sms/);
    expect(finding!.details?.weakFactorsOnly).toBe(true);
  });

  it('a user whose factors could not be read is an error naming the scope', () => {
    const u = user('a@x.com', { factors: failed({ kind: 'access_denied', message: 'denied', missingPermission: 'okta.users.read' }) });
    const [finding] = run('idp.mfa.enrolled', evidence([u]));
    expect(finding).toMatchObject({ status: 'error', missing: 'okta.users.read' });
  });

  it('an unreadable user list is an error on the tenant, never a pass', () => {
    const findings = run('idp.mfa.enrolled', evidence([], { users: failed({ kind: 'auth', message: 'HTTP 401', missingPermission: 'OKTA_API_TOKEN' }) }));
    expect(findings).toEqual([expect.objectContaining({ status: 'error', resource: { type: 'idp.tenant', id: 'acme.okta.com' }, missing: 'OKTA_API_TOKEN' })]);
  });

  it('no active users → not_applicable on the tenant', () => {
    expect(run('idp.mfa.enrolled', evidence([]))).toEqual([
      expect.objectContaining({ status: 'not_applicable', resource: { type: 'idp.tenant', id: 'acme.okta.com' } }),
    ]);
  });
});

describe('idp.mfa.enforced (Okta)', () => {
  const contractors = { includeGroups: ['00gContractors'], excludeGroups: [], includeUsers: [], excludeUsers: [] };
  it.each<[string, OktaPolicy[], 'pass' | 'fail', RegExp?]>([
    ['catch-all rule requires MFA', [signOn([rule('Default', 1, 2)]), enroll(true)], 'pass'],
    [
      'a rule lets one group in with a password',
      [signOn([rule('Contractors', 1, 1, contractors), rule('Default', 2, 2)]), enroll(true)],
      'fail',
      /Contractors/,
    ],
    ['the catch-all rule allows one factor', [signOn([rule('Default', 1, 1)]), enroll(true)], 'fail', /one factor/],
    [
      'the default (system) rule is evaluated last whatever its priority',
      [signOn([rule('Default Rule', 1, 2, null, { system: true }), rule('Contractors', 2, 1, contractors)]), enroll(true)],
      'fail',
      /Contractors/,
    ],
    [
      'the default (system) policy comes after a group policy whatever its priority',
      [
        signOn([rule('Default', 1, 2)], { priority: 1 }),
        signOn([rule('Pw only', 1, 1)], { id: 'p9', priority: 2, system: false, people: contractors, name: 'Contractors policy' }),
        enroll(true),
      ],
      'fail',
      /Contractors policy/,
    ],
    [
      'a one-factor rule behind a catch-all MFA rule is unreachable',
      [signOn([rule('Default', 1, 2), rule('Legacy', 2, 1, contractors)]), enroll(true)],
      'pass',
    ],
    [
      'a one-factor rule behind a network-limited MFA rule still applies',
      [signOn([rule('Office', 1, 2, null, { network: 'ZONE' }), rule('Default', 2, 1)]), enroll(true)],
      'fail',
    ],
    [
      'an inactive exempting rule does not count',
      [signOn([rule('Old', 1, 1, contractors, { status: 'INACTIVE' }), rule('Default', 2, 2)]), enroll(true)],
      'pass',
    ],
    ['a DENY rule is not an exemption', [signOn([rule('Block', 1, 1, contractors, { access: 'DENY' }), rule('Default', 2, 2)]), enroll(true)], 'pass'],
    [
      'an authentication policy rule with 1FA',
      [signOn([rule('Default', 1, 2)]), { ...signOn([rule('Catch-all', 99, 1)]), id: 'a1', type: 'ACCESS_POLICY', name: 'Slack' }, enroll(true)],
      'fail',
      /authentication policy "Slack"/,
    ],
    ['enrollment requires no MFA authenticator', [signOn([rule('Default', 1, 2)]), enroll(false)], 'fail', /enrollment policy/],
    ['no policy at all', [], 'fail', /no active sign-on/],
    [
      'a second policy for a group with a one-factor rule',
      [
        signOn([rule('Default', 1, 2)], { people: contractors, system: false, name: 'Contractors', priority: 1 }),
        signOn([rule('Default', 1, 2)], { priority: 2, id: 'p2' }),
        { ...signOn([rule('Pw', 1, 1)], { id: 'p3', priority: 0, people: contractors, name: 'Vendors' }) },
        enroll(true),
      ],
      'fail',
      /Vendors/,
    ],
  ])('%s → %s', (_name, policies, expected, message) => {
    const [finding] = run('idp.mfa.enforced', evidence([user('a@x.com')], { mfaPolicy: collected(okta(policies)) }));
    expect(finding!.status).toBe(expected);
    expect(finding!.resource).toEqual({ type: 'idp.tenant', id: 'acme.okta.com' });
    if (message) expect(finding!.message).toMatch(message);
  });

  it('an authentication policy only matters where an active app uses it; the gap names the SAML app', () => {
    const slack: OktaPolicy = { ...signOn([rule('Catch-all', 99, 1)]), id: 'a1', type: 'ACCESS_POLICY', name: 'Slack policy' };
    const app = (status: string) => [{ id: '0oa1', label: 'Slack', signOnMode: 'SAML_2_0', status, accessPolicyId: 'a1' }];
    const judge = (apps: ReturnType<typeof app> | null) =>
      run('idp.mfa.enforced', evidence([user('a@x.com')], { mfaPolicy: collected(okta([signOn([rule('Default', 1, 2)]), slack, enroll(true)], apps)) }))[0]!;
    expect(judge(app('ACTIVE'))).toMatchObject({ status: 'fail', message: expect.stringMatching(/to Slack \(SAML_2_0\)/) });
    expect(judge(app('INACTIVE')).status).toBe('pass');
    expect(judge(null).status).toBe('fail'); // apps unreadable: every policy is judged
  });

  it('an unreadable policy is an error naming the scope', () => {
    const [finding] = run(
      'idp.mfa.enforced',
      evidence([], { mfaPolicy: failed({ kind: 'access_denied', message: 'denied', missingPermission: 'okta.policies.read' }) }),
    );
    expect(finding).toMatchObject({ status: 'error', missing: 'okta.policies.read' });
  });
});

describe('idp.mfa.enforced (Google, Entra, declared)', () => {
  const google = (users: IdpUser[], policies: Array<{ orgUnit: string; group: string | null; enforcedFrom: string | null; type: string }> | null) =>
    run(
      'idp.mfa.enforced',
      evidence(users, { provider: 'google', mfaPolicy: collected({ kind: 'google', policies, ...(policies ? {} : { policyApiError: '403' }) }) }),
    )[0]!;
  it('Google: every active user enforced, policy API unreadable → pass', () => {
    expect(google([user('a@x.com', { mfaEnforced: true }), user('s@x.com', { status: 'suspended', mfaEnforced: false })], null).status).toBe('pass');
  });
  it('Google: policy API unreadable and no active users → error, not "true for all 0 users"', () => {
    expect(google([user('s@x.com', { status: 'suspended', mfaEnforced: false })], null)).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/no active users/),
    });
    expect(google([], null).status).toBe('error');
  });
  it('Google: one active user not enforced → fail', () => {
    expect(google([user('a@x.com', { mfaEnforced: true }), user('b@x.com', { mfaEnforced: false })], null)).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/b@x.com/),
    });
  });
  it('Google: a policy for an org unit without enforcement → fail', () => {
    expect(
      google(
        [user('a@x.com', { mfaEnforced: true })],
        [
          { orgUnit: 'orgUnits/root', group: null, enforcedFrom: daysAgo(10), type: 'ADMIN' },
          { orgUnit: 'orgUnits/sales', group: null, enforcedFrom: null, type: 'ADMIN' },
        ],
      ).status,
    ).toBe('fail');
  });
  it('Google: enforcement starting in the future is not enforcement', () => {
    expect(
      google([user('a@x.com', { mfaEnforced: true })], [{ orgUnit: 'orgUnits/root', group: null, enforcedFrom: '2027-01-01T00:00:00Z', type: 'ADMIN' }]).status,
    ).toBe('fail');
  });

  const ca = (over: Record<string, unknown> = {}) => ({
    id: 'c1',
    displayName: 'Require MFA',
    state: 'enabled',
    includeUsers: ['All'],
    excludeUsers: [],
    includeGroups: [],
    excludeGroups: [],
    includeRoles: [],
    excludeRoles: [],
    includeApplications: ['All'],
    excludeApplications: [],
    clientAppTypes: ['all'],
    builtInControls: ['mfa'],
    operator: 'OR',
    authenticationStrength: null,
    otherConditions: [],
    ...over,
  });
  it.each<[string, boolean, Array<ReturnType<typeof ca>>, 'pass' | 'fail']>([
    ['security defaults on', true, [], 'pass'],
    ['CA policy for all users and apps', false, [ca()], 'pass'],
    ['CA policy only in report-only mode', false, [ca({ state: 'enabledForReportingButNotEnforced' })], 'fail'],
    ['CA policy excluding a group', false, [ca({ excludeGroups: ['g1'] })], 'fail'],
    ['CA policy with MFA OR compliant device', false, [ca({ builtInControls: ['mfa', 'compliantDevice'] })], 'fail'],
    ['CA policy with authentication strength', false, [ca({ builtInControls: [], authenticationStrength: 'Phishing-resistant MFA' })], 'pass'],
    ['CA policy for one app', false, [ca({ includeApplications: ['00000003-0000-0ff1-ce00-000000000000'] })], 'fail'],
    ['nothing', false, [], 'fail'],
  ])('Entra: %s → %s', (_n, securityDefaultsEnabled, conditionalAccess, expected) => {
    const [finding] = run(
      'idp.mfa.enforced',
      evidence([], { provider: 'entra', mfaPolicy: collected({ kind: 'entra', securityDefaultsEnabled, conditionalAccess }) }),
    );
    expect(finding!.status).toBe(expected);
  });

  it('CSV with a declared policy is accepted (never a pass) naming who declared it, or fails as declared; undeclared is an error', () => {
    const declared = run(
      'idp.mfa.enforced',
      evidence([], {
        mfaPolicy: collected({
          kind: 'declared',
          enforced: true,
          file: 'users.csv',
          declaredBy: 'CTO',
          evidenceFile: 'docs/okta-policy.png',
          evidenceSha256: 'ab'.repeat(32),
        }),
      }),
    )[0]!;
    expect(declared).toMatchObject({
      status: 'accepted',
      details: { declaredBy: 'CTO', evidenceFile: 'docs/okta-policy.png', evidenceSha256: 'ab'.repeat(32) },
    });
    expect(declared.message).toMatch(/declared by CTO.*docs\/okta-policy\.png \(SHA-256 abab/);
    expect(run('idp.mfa.enforced', evidence([], { mfaPolicy: collected({ kind: 'declared', enforced: false, file: 'users.csv' }) }))[0]!.status).toBe('fail');
    expect(
      run(
        'idp.mfa.enforced',
        evidence([], { mfaPolicy: failed({ kind: 'invalid_response', message: 'no policy in export', missingPermission: 'idp.mfaEnforced (config)' }) }),
      )[0]!.status,
    ).toBe('error');
  });
});

describe('idp.mfa.phishing-resistant-admins', () => {
  const admin = (userId: string, superAdmin: boolean | null = true): IdpAdmin => ({ userId, roles: ['SUPER_ADMIN'], superAdmin });
  it.each<[string, IdpFactor[], string]>([
    ['webauthn', [f('webauthn', 'phishing-resistant')], 'pass'],
    ['FastPass (signed_nonce)', [f('signed_nonce', 'phishing-resistant')], 'pass'],
    ['only push', [f('push', 'strong')], 'fail'],
    ['a pending webauthn and push', [f('webauthn', 'phishing-resistant', 'pending'), f('push', 'strong')], 'fail'],
    ['only "2SV on" from Google (method unknown)', [f('2sv', 'unknown')], 'error'],
    ['nothing', [], 'fail'],
  ])('admin with %s → %s', (_n, factorList, expected) => {
    const findings = run(
      'idp.mfa.phishing-resistant-admins',
      evidence([user('adm@x.com', { factorList }), user('u@x.com')], { admins: collected([admin('adm@x.com')]) }),
    );
    expect(statusOf(findings)).toEqual({ 'adm@x.com': expected });
  });
  it('a suspended admin is not judged; no admins at all is an incomplete read → error', () => {
    expect(
      statusOf(
        run(
          'idp.mfa.phishing-resistant-admins',
          evidence([user('adm@x.com', { status: 'suspended', factorList: [] })], { admins: collected([admin('adm@x.com')]) }),
        ),
      ),
    ).toEqual({ 'adm@x.com': 'not_applicable' });
    expect(run('idp.mfa.phishing-resistant-admins', evidence([user('u@x.com')]))[0]).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/listed no administrators/),
    });
  });
  it('unreadable roles → error naming the scope', () => {
    const findings = run(
      'idp.mfa.phishing-resistant-admins',
      evidence([user('u@x.com')], { admins: failed({ kind: 'access_denied', message: 'denied', missingPermission: 'okta.roles.read' }) }),
    );
    expect(findings).toEqual([expect.objectContaining({ status: 'error', missing: 'okta.roles.read' })]);
  });
});

describe('idp.users.inactive', () => {
  it.each<[string, Partial<IdpUser>, string]>([
    ['signed in yesterday', { lastSignIn: daysAgo(1) }, 'pass'],
    ['last seen 200 days ago', { lastSignIn: daysAgo(200) }, 'fail'],
    ['exactly 90 days', { lastSignIn: daysAgo(90) }, 'pass'],
    ['91 days', { lastSignIn: daysAgo(91) }, 'fail'],
    ['never signed in, created 130 days ago', { lastSignIn: 'never', created: daysAgo(130) }, 'fail'],
    ['never signed in, created 10 days ago', { lastSignIn: 'never', created: daysAgo(10) }, 'pass'],
    ['never signed in, creation unknown (CSV)', { lastSignIn: 'never', created: null }, 'fail'],
    ['sign-in time not reported (Entra CSV)', { lastSignIn: null }, 'error'],
    ['suspended and stale', { status: 'suspended', lastSignIn: daysAgo(300) }, 'not_applicable'],
  ])('%s → %s', (_n, rest, expected) => {
    expect(run('idp.users.inactive', evidence([user('a@x.com', rest)]))[0]!.status).toBe(expected);
  });
  it('the threshold is a parameter', () => {
    expect(run('idp.users.inactive', evidence([user('a@x.com', { lastSignIn: daysAgo(40) })]), { maxInactiveDays: 30 })[0]!.status).toBe('fail');
  });
});

describe('idp.admins.count', () => {
  const admins = (n: number, superAdmin: boolean | null = true) =>
    collected(Array.from({ length: n }, (_, i) => ({ userId: `a${i}@x.com`, roles: ['SUPER_ADMIN'], superAdmin })));
  const users = (n: number) => Array.from({ length: n }, (_, i) => user(`a${i}@x.com`));
  it.each<[number, number | undefined, string]>([
    [3, undefined, 'pass'],
    [4, undefined, 'fail'],
    [4, 5, 'pass'],
    [0, undefined, 'error'], // every tenant has a super-admin: none read is an incomplete read
  ])('%i super-admins, max %s → %s', (n, max, expected) => {
    const [finding] = run('idp.admins.count', evidence(users(n), { admins: admins(n) }), max ? { maxSuperAdmins: max } : {});
    expect(finding).toMatchObject({ status: expected, resource: { type: 'idp.tenant', id: 'acme.okta.com' } });
  });
  it('a suspended super-admin still counts (it can be reactivated); other admin roles do not', () => {
    const u = [...users(3), user('s@x.com', { status: 'suspended' }), user('h@x.com')];
    const a = collected([
      ...(admins(3) as { value: IdpAdmin[] }).value,
      { userId: 's@x.com', roles: ['SUPER_ADMIN'], superAdmin: true },
      { userId: 'h@x.com', roles: ['HELP_DESK_ADMIN'], superAdmin: false },
    ]);
    expect(run('idp.admins.count', evidence(u, { admins: a }))[0]).toMatchObject({ status: 'fail', message: expect.stringMatching(/not active: s@x.com/) });
    const b = collected([...(admins(3) as { value: IdpAdmin[] }).value, { userId: 'h@x.com', roles: ['HELP_DESK_ADMIN'], superAdmin: false }]);
    expect(run('idp.admins.count', evidence(u, { admins: b }))[0]!.status).toBe('pass');
  });
  it('admins whose role is unknown (CSV) → error, never a pass', () => {
    expect(run('idp.admins.count', evidence(users(1), { admins: admins(1, null) }))[0]!.status).toBe('error');
  });
});
