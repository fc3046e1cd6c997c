// AWS identities against the people of the IdP: IAM users with a console password or an active access key
// (from the credential report), linked by an `email` tag; IAM Identity Center users, linked by their email
// or user name; either through `people.links`.
import type { FindingDraft } from '../../core/types.js';
import type { Evidence } from '../../evidence/index.js';
import type { CredentialReportRow } from '../../evidence/aws/iam.js';
import { IAM_NEEDS } from '../../evidence/aws/iam.js';
import { IDENTITY_CENTER_NEEDS } from '../../evidence/aws/identity-center.js';
import { IDP_NEEDS } from '../../evidence/idp.js';
import { accountResource, forEachAccount } from '../aws/common.js';
import { errorFinding } from '../findings.js';
import { defineCheck, type AnyCheck } from '../types.js';
import { judgeDeprovisioned, judgeUnlinked, linkAll, type AccountToJudge, type JudgedAccount } from './judge.js';
import { peopleDirectory, type LinkSource, type PeopleDirectory } from './linking.js';

const NEEDS = [IAM_NEEDS.credentialReport, IAM_NEEDS.userTags, IDENTITY_CENTER_NEEDS.users, IDP_NEEDS.users, IDP_NEEDS.people];

const EMAIL_TAG = /^e-?mail$/i;

/** Console password on, or an access key active: the IAM users that can reach the account. */
export function activeCredentials(row: CredentialReportRow): string[] {
  const active: string[] = [];
  if (row.password_enabled === 'true') active.push('console password');
  if (row.access_key_1_active === 'true') active.push('access key 1');
  if (row.access_key_2_active === 'true') active.push('access key 2');
  return active;
}

function lastUsed(row: CredentialReportRow): string | null {
  const times = [row.password_last_used, row.access_key_1_last_used_date, row.access_key_2_last_used_date]
    .filter((t) => /^\d{4}-\d{2}-\d{2}T/.test(t ?? ''))
    .sort();
  return times.length ? times[times.length - 1]! : null;
}

/** Every AWS identity with access, linked; failed reads become error findings in `out`. */
export function awsAccounts(evidence: Evidence, now: Date, out: FindingDraft[]): { judged: JudgedAccount[]; directory: PeopleDirectory } | undefined {
  const directory = peopleDirectory(evidence.idp!, evidence.people, now);
  if (!directory.ok) {
    out.push(
      errorFinding(
        { type: 'aws', id: (evidence.aws?.accounts ?? []).map((a) => a.accountId).join(',') || 'aws' },
        directory.error,
        'whom the AWS identities belong to (the people of the IdP could not be read)',
        directory.refs,
      ),
    );
    return undefined;
  }
  const accounts: AccountToJudge[] = [];
  const seenIdentityCenter = new Set<string>();
  out.push(
    ...forEachAccount(
      evidence,
      (a) => accountResource(a),
      'the IAM users and Identity Center users',
      (account, found) => {
        const report = account.iam.credentialReport;
        if (!report?.ok) {
          found.push(
            errorFinding(
              accountResource(account),
              report?.ok === false ? report.error : undefined,
              'the IAM users with credentials (credential report)',
              report?.refs ?? [],
            ),
          );
        } else {
          for (const row of report.value.rows) {
            if (row.user === '<root_account>') continue;
            const credentials = activeCredentials(row);
            if (credentials.length === 0) continue;
            const tags = account.iam.userTags;
            const tagged = tags?.[row.user];
            const sources: LinkSource[] = !tags
              ? [{ via: 'email tag', error: { kind: 'other', message: 'the IAM user tags were not collected' } }]
              : !tagged
                ? [] // not read: the link is declared in the config
                : tagged.ok
                  ? [{ via: 'email tag', email: Object.entries(tagged.value).find(([k]) => EMAIL_TAG.test(k))?.[1] ?? null, refs: tagged.refs }]
                  : [{ via: 'email tag (iam:ListUserTags)', error: tagged.error, refs: tagged.refs }];
            accounts.push({
              resource: { type: 'aws.iam.user', id: row.arn, name: row.user, account: account.accountId },
              names: [row.user, row.arn],
              sources,
              access: `IAM user in ${account.name ?? account.accountId} with ${credentials.join(', ')}`,
              hasAccess: true,
              details: { account: account.accountId, credentials, lastUsed: lastUsed(row) },
              refs: report.refs,
            });
          }
        }
        const ic = account.identityCenter;
        if (!ic) {
          found.push(errorFinding(accountResource(account), undefined, 'the IAM Identity Center users'));
          return;
        }
        if (!ic.ok) {
          found.push(errorFinding(accountResource(account), ic.error, 'the IAM Identity Center users', ic.refs));
          return;
        }
        for (const u of ic.value.users) {
          if (seenIdentityCenter.has(u.userId)) continue;
          seenIdentityCenter.add(u.userId);
          const sources: LinkSource[] = [
            { via: 'Identity Center email', email: u.emails[0] ?? null, refs: ic.refs },
            { via: 'Identity Center user name', email: u.userName.includes('@') ? u.userName : null },
          ];
          accounts.push({
            resource: { type: 'aws.identitystore.user', id: `identitystore:${u.userId}`, name: u.userName, account: account.accountId },
            names: [u.userName, u.userId],
            sources,
            access: `IAM Identity Center user in identity store ${u.identityStoreId}`,
            hasAccess: true,
            details: { identityStoreId: u.identityStoreId, ...(u.displayName ? { displayName: u.displayName } : {}) },
            refs: ic.refs,
          });
        }
      },
    ),
  );
  return { judged: linkAll(accounts, evidence.people, directory.value), directory: directory.value };
}

const unlinkedUsers = defineCheck({
  id: 'access.aws.unlinked-users',
  title: 'Every AWS identity belongs to a current person or a declared service account',
  source: 'access',
  sources: ['aws', 'idp'],
  severity: 'high',
  judges: 'IAM users with a console password or an active key; IAM Identity Center users',
  resourceType: 'aws.iam.user',
  needs: NEEDS,
  remediation: {
    summary:
      "Tag each human IAM user with its owner's email (or list it in people.links), declare machine users " +
      'in people.serviceAccounts, and move people to IAM Identity Center provisioned from the IdP.',
    console: 'IAM → Users → the user → Tags → add "email" = the person\'s IdP email; or delete the user',
    cli: 'aws iam tag-user --user-name NAME --tags Key=email,Value=person@example.com',
    terraform: `resource "aws_iam_user" "this" {
  name = "ana"
  tags = {
    email = "ana@example.com" # the IdP person this user belongs to
  }
}`,
  },
  evaluate(evidence, ctx) {
    const out: FindingDraft[] = [];
    const accounts = awsAccounts(evidence, ctx.now, out);
    if (accounts) out.push(...judgeUnlinked(accounts.judged, accounts.directory, ctx.now, 'AWS'));
    if (accounts && out.length === 0) out.push(...noIdentities(evidence));
    return out;
  },
});

const deprovisioned = defineCheck({
  id: 'access.aws.deprovisioned',
  title: 'People who left no longer have AWS credentials',
  source: 'access',
  sources: ['aws', 'idp'],
  severity: 'critical',
  judges: 'IAM users with a console password or an active key, and IAM Identity Center users, linked to IdP people',
  resourceType: 'aws.iam.user',
  needs: NEEDS,
  remediation: {
    summary:
      "On a person's last day, delete their IAM user's login profile and access keys " +
      '(or the user), and remove their Identity Center user or let SCIM deprovision it.',
    console: 'IAM → Users → the user → Security credentials → Manage console access: Disable; Access keys: Deactivate/Delete',
    cli: 'aws iam delete-login-profile --user-name NAME && aws iam update-access-key --user-name NAME --access-key-id KEY --status Inactive',
    terraform: `# Take the leaver's IAM user (or Identity Center user) out of the configuration, then apply:
removed {
  from = aws_iam_user.leaver
  lifecycle {
    destroy = true
  }
}`,
  },
  evaluate(evidence, ctx) {
    const out: FindingDraft[] = [];
    const accounts = awsAccounts(evidence, ctx.now, out);
    if (!accounts) return out;
    out.push(...judgeDeprovisioned(accounts.judged, ctx.now, 'AWS'));
    if (out.length === 0)
      out.push(...noIdentities(evidence, 'no AWS identity is linked to a person of the IdP, so no leaver can be found (see access.aws.unlinked-users)'));
    return out;
  },
});

function noIdentities(
  evidence: Evidence,
  why = 'no IAM user has a console password or an active access key, and no Identity Center user exists',
): FindingDraft[] {
  return (evidence.aws?.accounts ?? []).map((a) => ({
    status: 'not_applicable' as const,
    resource: accountResource(a),
    message: `${a.name ?? a.accountId}: ${why}.`,
    evidence: a.iam.credentialReport?.refs ?? [],
  }));
}

export const accessAwsChecks: AnyCheck[] = [unlinkedUsers, deprovisioned];
