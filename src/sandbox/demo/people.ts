// Demo company: joiners and leavers. Kestrel's GitHub org is SAML-linked to Okta; Sam Okafor (suspended
// in Okta in August) is still an org owner on GitHub and keeps a console password on AWS; Rob Pike
// (deprovisioned in September) is still a GitHub member and an Identity Center user; Jane Doe left in July
// and was removed from GitHub; dana-ops is a member
// nobody can be linked to; soc2-evidence-bot, deploy-bot and svc-backup are declared service accounts;
// an outside designer can read the web repository; kthompson looks like Ken Thompson (a hint, not a link).
import type { PeopleConfig } from '../../config/schema.js';
import type { SandboxCompany } from '../company.js';
import { DEMO_MANAGEMENT_ACCOUNT, DEMO_PROD_ACCOUNT } from './company.js';

const mail = (local: string) => `${local}@kestrel.example`;

export function addDemoPeople(company: SandboxCompany, now: Date): SandboxCompany {
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString().replace(/\.\d+Z$/, '.000Z');
  const okta = company.idp?.okta;
  if (okta) {
    const sam = okta.users.find((u) => u.login === mail('sam.suspended'));
    if (sam) sam.statusChanged = daysAgo(98);
    const old = okta.users.find((u) => u.login === mail('old.deprovisioned'));
    if (old) old.statusChanged = daysAgo(480);
    // Left in July and removed from GitHub the same day: the leavers list shows "removed".
    okta.users.push({
      id: '00u1kestrel00000016',
      login: mail('jane.doe'),
      firstName: 'Jane',
      lastName: 'Doe',
      status: 'DEPROVISIONED',
      created: daysAgo(800),
      statusChanged: daysAgo(140),
      lastLogin: daysAgo(141),
      factors: [],
      roles: [],
    });
    okta.users.push({
      id: '00u1kestrel00000015',
      login: mail('rob.pike'),
      firstName: 'Rob',
      lastName: 'Pike',
      status: 'DEPROVISIONED',
      created: daysAgo(900),
      statusChanged: daysAgo(75),
      lastLogin: daysAgo(76),
      factors: [],
      roles: [],
    });
  }
  const gh = company.github;
  if (gh) {
    gh.samlLinks = {
      at: 'organization',
      identities: [
        { login: 'sam-admin', nameId: mail('grace.hopper') },
        { login: 'maria-chen', nameId: mail('ada.lovelace') },
        { login: 'tom-okafor', nameId: mail('sam.suspended') },
        { login: 'li-wei', nameId: mail('rob.pike') },
        { login: 'priya-n', nameId: mail('radia.perlman') },
        { login: 'janedoe', nameId: mail('jane.doe') },
        // Invited through the IdP, never joined: an identity without a GitHub account.
        { login: null, nameId: mail('new.hire') },
      ],
    };
    gh.outsideCollaborators = [
      { login: 'studio-pixel', id: 9101, repositories: { web: 'READ' } },
      { login: 'carol-v', id: 9102, repositories: { api: 'WRITE', web: 'WRITE' } },
      // Not linked anywhere, but named like Ken Thompson: a hint in the message, never a link.
      { login: 'kthompson', id: 9103, repositories: { docs: 'MAINTAIN' } },
    ];
  }
  const aws = company.aws;
  if (aws) {
    const account = (id: string) => aws.accounts.find((a) => a.id === id);
    const tag = (id: string, user: string, email: string) => {
      const u = account(id)?.iam.users.find((x) => x.name === user);
      if (u) u.tags = { ...(u.tags ?? {}), email, team: 'engineering' };
    };
    tag(DEMO_MANAGEMENT_ACCOUNT, 'alice.admin', mail('grace.hopper'));
    tag(DEMO_MANAGEMENT_ACCOUNT, 'former-contractor', mail('sam.suspended'));
    const mgmt = account(DEMO_MANAGEMENT_ACCOUNT);
    if (mgmt) {
      mgmt.identityCenter = {
        region: 'eu-west-1',
        instanceId: 'ssoins-72234e1f2b0c9d1a',
        identityStoreId: 'd-9067a1b2c3',
        users: [
          {
            userId: '9067a1b2c3-4d5e-6f70-8192-a3b4c5d6e7f8',
            userName: mail('grace.hopper'),
            displayName: 'Grace Hopper',
            emails: [{ value: mail('grace.hopper'), primary: true }],
          },
          {
            userId: '9067a1b2c3-1111-2222-3333-444455556666',
            userName: mail('rob.pike'),
            displayName: 'Rob Pike',
            emails: [{ value: mail('rob.pike'), primary: true }],
          },
          { userId: '9067a1b2c3-7777-8888-9999-000011112222', userName: 'temp-admin', displayName: 'Temporary admin', emails: [] },
        ],
      };
    }
  }
  return company;
}

/** The `people:` section of the demo config. */
export function demoPeopleConfig(): PeopleConfig {
  return {
    links: { 'carol-v': mail('carol.contractor'), 'maria.ops': mail('ada.lovelace') },
    serviceAccounts: [
      { account: 'soc2-evidence-bot', owner: mail('grace.hopper'), reason: "this tool's read-only audit account" },
      { account: 'soc2-evidence', owner: mail('grace.hopper'), reason: "this tool's read-only audit user" },
      { account: 'deploy-bot', owner: mail('alan.turing'), reason: 'CI deploys to production' },
      { account: 'svc-backup', owner: mail('alan.turing'), reason: 'nightly backups to S3' },
      { account: `arn:aws:iam::${DEMO_PROD_ACCOUNT}:user/break-glass`, owner: mail('grace.hopper'), reason: 'break-glass console access when SSO is down' },
    ],
  };
}
