// Demo company: the Okta org of Kestrel Data, Inc., with deliberate gaps and the traps a naive reader
// gets wrong: a user with only a pending factor, a suspended user without MFA (not judged), an admin with
// only push, a sign-on rule that skips MFA for one group, a user last seen 200 days ago, a user who never
// signed in, and one super-admin too many.
import type { IdpConfig } from '../../config/schema.js';
import type { OktaPolicyJson, OktaRuleJson } from '../../collectors/idp/okta/types.js';
import type { SandboxIdp, SandboxOkta, SandboxOktaUser } from '../idp/model.js';

export const DEMO_OKTA_TOKEN = '00sandbox-okta-api-token-kestrel';
export const EVERYONE_GROUP = '00g1everyone0000001';
export const CONTRACTORS_GROUP = '00g1contractors0002';
const ENGINEERING_GROUP = '00g1engineering0003';

type Factor = SandboxOktaUser['factors'][number];
const active = (type: string): Factor => ({ type, status: 'ACTIVE' });
const pending = (type: string): Factor => ({ type, status: 'PENDING_ACTIVATION' });

export function demoOktaUsers(now: Date): SandboxOktaUser[] {
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString().replace(/\.\d+Z$/, '.000Z');
  const user = (n: number, login: string, first: string, last: string, rest: Partial<SandboxOktaUser>): SandboxOktaUser => ({
    id: `00u1kestrel${String(n).padStart(8, '0')}`,
    login: `${login}@kestrel.example`,
    firstName: first,
    lastName: last,
    status: 'ACTIVE',
    created: daysAgo(700),
    lastLogin: daysAgo(2),
    factors: [active('push')],
    roles: [],
    ...rest,
  });
  return [
    user(1, 'grace.hopper', 'Grace', 'Hopper', { roles: ['SUPER_ADMIN'], factors: [active('webauthn'), active('push')] }),
    user(2, 'ada.lovelace', 'Ada', 'Lovelace', { roles: ['SUPER_ADMIN'], factors: [active('push')] }), // admin with only push
    user(3, 'alan.turing', 'Alan', 'Turing', { roles: ['SUPER_ADMIN'], factors: [active('u2f'), active('token:software:totp')] }),
    user(4, 'ken.thompson', 'Ken', 'Thompson', { roles: ['SUPER_ADMIN', 'ORG_ADMIN'], factors: [active('signed_nonce')] }), // 4th super-admin
    user(5, 'barbara.liskov', 'Barbara', 'Liskov', { roles: ['HELP_DESK_ADMIN'], factors: [active('webauthn')] }),
    user(6, 'linus.pauling', 'Linus', 'Pauling', { factors: [pending('token:software:totp')] }), // only a pending factor
    user(7, 'margaret.hamilton', 'Margaret', 'Hamilton', { factors: [active('sms')] }), // enrolled, but weak
    user(8, 'dennis.ritchie', 'Dennis', 'Ritchie', { lastLogin: daysAgo(200) }), // last seen 200 days ago
    user(9, 'new.hire', 'Nova', 'Hire', { created: daysAgo(130), lastLogin: null, factors: [] }), // never signed in
    user(10, 'sam.suspended', 'Sam', 'Okafor', { status: 'SUSPENDED', factors: [], lastLogin: daysAgo(300) }), // not judged
    user(11, 'carol.contractor', 'Carol', 'Vance', { factors: [active('email')], lastLogin: daysAgo(10) }),
    user(12, 'radia.perlman', 'Radia', 'Perlman', { factors: [active('push'), active('webauthn')], lastLogin: daysAgo(40) }),
    user(13, 'old.deprovisioned', 'Old', 'Account', { status: 'DEPROVISIONED', factors: [], lastLogin: daysAgo(500) }),
    user(14, 'jo.locked', 'Jo', 'Locked', { status: 'LOCKED_OUT', factors: [active('push')], lastLogin: daysAgo(5) }),
  ];
}

const people = (include: string[], exclude: string[] = []) => ({ people: { groups: { include, exclude } } });

function signOnRule(id: string, name: string, priority: number, groups: string[], requireFactor: boolean, system = false): OktaRuleJson {
  return {
    id,
    name,
    status: 'ACTIVE',
    priority,
    system,
    type: 'SIGN_ON',
    conditions: { ...people(groups), network: { connection: 'ANYWHERE' }, authContext: { authType: 'ANY' } },
    actions: { signon: { access: 'ALLOW', requireFactor, ...(requireFactor ? { factorPromptMode: 'ALWAYS' } : {}), primaryFactor: 'PASSWORD_IDP' } },
  };
}

export function demoOktaPolicies(): Array<OktaPolicyJson & { rules: OktaRuleJson[] }> {
  return [
    {
      id: '00p1signon00000001',
      name: 'Default Policy',
      type: 'OKTA_SIGN_ON',
      status: 'ACTIVE',
      priority: 1,
      system: true,
      conditions: people([EVERYONE_GROUP]),
      rules: [
        // The trap: contractors get in with a password alone.
        signOnRule('0pr1contractors001', 'Contractors: password only', 1, [CONTRACTORS_GROUP], false),
        signOnRule('0pr1default0000001', 'Default Rule', 2, [], true, true),
      ],
    },
    {
      id: '00p1access00000001',
      name: 'Default Policy',
      type: 'ACCESS_POLICY',
      status: 'ACTIVE',
      priority: 1,
      system: true,
      conditions: null,
      rules: [
        {
          id: '0pr1catchall000001',
          name: 'Catch-all Rule',
          status: 'ACTIVE',
          priority: 99,
          system: true,
          type: 'ACCESS_POLICY',
          conditions: null,
          actions: { appSignOn: { access: 'ALLOW', verificationMethod: { type: 'ASSURANCE', factorMode: '2FA', constraints: [] } } },
        },
      ],
    },
    {
      id: '00p1enroll00000001',
      name: 'Default Policy',
      type: 'MFA_ENROLL',
      status: 'ACTIVE',
      priority: 1,
      system: true,
      conditions: people([EVERYONE_GROUP]),
      settings: {
        type: 'AUTHENTICATORS',
        authenticators: [
          { key: 'okta_password', enroll: { self: 'REQUIRED' } },
          { key: 'okta_verify', enroll: { self: 'REQUIRED' } },
          { key: 'webauthn', enroll: { self: 'OPTIONAL' } },
        ],
      },
      rules: [],
    },
  ];
}

export function demoOkta(now: Date = new Date()): SandboxOkta {
  return {
    apiToken: DEMO_OKTA_TOKEN,
    users: demoOktaUsers(now),
    groups: [
      { id: EVERYONE_GROUP, name: 'Everyone', type: 'BUILT_IN' },
      { id: ENGINEERING_GROUP, name: 'Engineering', type: 'OKTA_GROUP' },
      { id: CONTRACTORS_GROUP, name: 'Contractors', type: 'OKTA_GROUP' },
    ],
    policies: demoOktaPolicies(),
    apps: [
      { id: '0oa1salesforce0001', name: 'salesforce', label: 'Salesforce', signOnMode: 'SAML_2_0', status: 'ACTIVE', accessPolicyId: '00p1access00000001' },
      {
        id: '0oa1github00000001',
        name: 'githubcloud',
        label: 'GitHub Enterprise Cloud',
        signOnMode: 'SAML_2_0',
        status: 'ACTIVE',
        accessPolicyId: '00p1access00000001',
      },
      {
        id: '0oa1aws00000000001',
        name: 'amazon_aws',
        label: 'AWS IAM Identity Center',
        signOnMode: 'SAML_2_0',
        status: 'ACTIVE',
        accessPolicyId: '00p1access00000001',
      },
    ],
    maxPageSize: 5,
  };
}

export function demoIdp(now: Date = new Date()): SandboxIdp | undefined {
  return { okta: demoOkta(now) };
}

/** The `idp:` config section pointing at the sandbox. */
export function demoIdpConfig(sandboxUrl: string): IdpConfig | undefined {
  return { provider: 'okta', orgUrl: `${sandboxUrl}/okta` };
}

/** Environment the demo run needs for the IdP (a token the sandbox accepts). */
export const demoIdpEnv: Record<string, string> = { OKTA_API_TOKEN: DEMO_OKTA_TOKEN };
