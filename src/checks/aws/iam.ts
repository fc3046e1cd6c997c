// IAM checks: the root user, console users' MFA, the password policy, access-key age and unused
// credentials. Users come from the credential report only; values keep the report's vocabulary.
import { z } from 'zod';
import type { FindingDraft, Resource } from '../../core/types.js';
import type { AwsAccountEvidence } from '../../evidence/aws/index.js';
import type { CredentialReportRow } from '../../evidence/aws/iam.js';
import { defineCheck, type AnyCheck } from '../types.js';
import { accountResource, errorFinding, forEachAccount, rootResource, valueOr } from './common.js';
import { IAM_NEEDS } from '../../evidence/aws/iam.js';

const NEEDS = { report: IAM_NEEDS.credentialReport, summary: IAM_NEEDS.accountSummary, policy: IAM_NEEDS.passwordPolicy } as const;
const ROOT_ROW = '<root_account>';
const DAY_MS = 86_400_000;

const maxAgeParams = z.object({ maxAgeDays: z.number().int().positive().default(90) }).strict();
type MaxAgeParams = z.infer<typeof maxAgeParams>;

const userResource = (account: AwsAccountEvidence, row: CredentialReportRow): Resource => ({
  type: 'aws.iam.user',
  id: row.arn,
  name: row.user,
  account: account.accountId,
});

/** The report's booleans: `true` / `false`; anything else is not an answer. */
function reportBool(value: string | undefined): boolean | undefined {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** A report timestamp; `never` for `N/A` and `no_information` (no recorded use); undefined = unreadable. */
export function reportTime(value: string | undefined): Date | 'never' | undefined {
  if (value === undefined) return undefined;
  if (value === 'N/A' || value === 'no_information') return 'never';
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t);
}

const ageDays = (from: Date, now: Date) => Math.floor((now.getTime() - from.getTime()) / DAY_MS);
/** "Older than N days" is exact to the millisecond: 90 days and an hour is over a 90-day limit. */
const over = (from: Date, now: Date, limitDays: number) => now.getTime() - from.getTime() > limitDays * DAY_MS;
/** Whole days for messages; "over N days" when the floor equals the limit it exceeded. */
const ageText = (age: number | undefined, exceeded: boolean, limit: number) => (exceeded && age === limit ? `over ${limit} days` : days(age));
const days = (n: number | undefined) => (n === 1 ? '1 day' : `${n} days`);

/** Users of the report (the root row is judged by the root checks). */
function reportUsers(account: AwsAccountEvidence, what: string, out: FindingDraft[]) {
  const report = valueOr(account.iam.credentialReport, accountResource(account), what, out);
  if (!report) return undefined;
  return { rows: report.value.rows.filter((r) => r.user !== ROOT_ROW), rootRow: report.value.rows.find((r) => r.user === ROOT_ROW), refs: report.refs };
}

const rootMfa = defineCheck({
  id: 'aws.iam.root-mfa',
  title: 'Root user has MFA',
  source: 'aws',
  severity: 'critical',
  judges: "each account's root user",
  resourceType: 'aws.iam.root',
  needs: [NEEDS.summary, NEEDS.report],
  remediation: {
    summary: 'Enable MFA (a hardware key or passkey) on the root user of every account.',
    console: 'Sign in as root → Account menu → Security credentials → Multi-factor authentication (MFA) → Assign MFA device',
  },
  evaluate: (evidence) =>
    forEachAccount(evidence, rootResource, 'MFA on the root user', (account, out) => {
      const resource = rootResource(account);
      const summary = valueOr(account.iam.accountSummary, resource, 'MFA on the root user', out);
      if (!summary) return;
      // The credential report's root row is a second witness: it can only turn a pass into a fail,
      // or answer when the summary does not carry the flag.
      const report = account.iam.credentialReport?.ok ? account.iam.credentialReport : undefined;
      const rootRow = report?.value.rows.find((r) => r.user === ROOT_ROW);
      const reportMfa = reportBool(rootRow?.mfa_active);
      const summaryFlag = summary.value.AccountMFAEnabled;
      const flag = summaryFlag === 0 || summaryFlag === 1 ? summaryFlag : reportMfa === undefined ? undefined : reportMfa ? 1 : 0;
      if (flag === undefined) {
        out.push(
          errorFinding(
            resource,
            { kind: 'invalid_response', message: 'iam:GetAccountSummary did not report AccountMFAEnabled' },
            'MFA on the root user',
            summary.refs,
          ),
        );
        return;
      }
      const refs = [...summary.refs, ...(rootRow && report ? report.refs : [])];
      const details = { AccountMFAEnabled: summaryFlag ?? null, ...(rootRow ? { reportMfaActive: rootRow.mfa_active } : {}) };
      if (flag === 1 && reportMfa !== false)
        out.push({ status: 'pass', resource, message: `The root user of ${account.accountId} has MFA enabled.`, evidence: refs, details });
      else out.push({ status: 'fail', resource, message: `The root user of ${account.accountId} has no MFA device.`, evidence: refs, details });
    }),
});

const rootAccessKeys = defineCheck({
  id: 'aws.iam.root-access-keys',
  title: 'Root user has no access keys',
  source: 'aws',
  severity: 'critical',
  judges: 'root user',
  resourceType: 'aws.iam.root',
  needs: [NEEDS.summary, NEEDS.report],
  remediation: {
    summary: "Delete the root user's access keys; use IAM roles for programmatic access.",
    console: 'Sign in as root → Security credentials → Access keys → Delete',
  },
  evaluate: (evidence) =>
    forEachAccount(evidence, rootResource, 'access keys of the root user', (account, out) => {
      const resource = rootResource(account);
      const summary = valueOr(account.iam.accountSummary, resource, 'access keys of the root user', out);
      if (!summary) return;
      const report = account.iam.credentialReport?.ok ? account.iam.credentialReport : undefined;
      const rootRow = report?.value.rows.find((r) => r.user === ROOT_ROW);
      const active = rootRow ? [reportBool(rootRow.access_key_1_active), reportBool(rootRow.access_key_2_active)] : undefined;
      const summaryPresent = summary.value.AccountAccessKeysPresent;
      // Without the summary's flag, the report's root row alone decides (when both values are readable).
      const present = summaryPresent === 0 || summaryPresent === 1 ? summaryPresent : active && !active.includes(undefined) ? 1 : undefined;
      if (present === undefined) {
        out.push(
          errorFinding(
            resource,
            { kind: 'invalid_response', message: 'iam:GetAccountSummary did not report AccountAccessKeysPresent' },
            'access keys of the root user',
            summary.refs,
          ),
        );
        return;
      }
      const refs = [...summary.refs, ...(rootRow && report ? report.refs : [])];
      const details = {
        AccountAccessKeysPresent: summaryPresent ?? null,
        ...(rootRow ? { reportAccessKey1Active: rootRow.access_key_1_active, reportAccessKey2Active: rootRow.access_key_2_active } : {}),
      };
      if (active?.includes(true)) {
        out.push({ status: 'fail', resource, message: `The root user of ${account.accountId} has an active access key.`, evidence: refs, details });
      } else if (present === 0) {
        out.push({ status: 'pass', resource, message: `The root user of ${account.accountId} has no access keys.`, evidence: refs, details });
      } else if (active?.every((a) => a === false)) {
        // AccountAccessKeysPresent counts inactive keys too; the report says none is active.
        out.push({ status: 'pass', resource, message: `The root user of ${account.accountId} has access keys, but none is active.`, evidence: refs, details });
      } else {
        out.push({
          status: 'fail',
          resource,
          message: `The root user of ${account.accountId} has an access key (GetAccountSummary).`,
          evidence: refs,
          details,
        });
      }
    }),
});

const userConsoleMfa = defineCheck({
  id: 'aws.iam.user-console-mfa',
  title: 'IAM console users have MFA',
  source: 'aws',
  severity: 'high',
  judges: 'IAM users with a console password',
  resourceType: 'aws.iam.user',
  needs: [NEEDS.report],
  remediation: {
    summary: 'Assign an MFA device to every IAM user with a console password, or remove the password (prefer SSO).',
    console: 'IAM → Users → USER → Security credentials → Multi-factor authentication (MFA) → Assign MFA device',
    cli: 'aws iam delete-login-profile --user-name USER   # if the user does not need the console',
  },
  evaluate: (evidence) =>
    forEachAccount(
      evidence,
      (a) => accountResource(a),
      'MFA of IAM console users',
      (account, out) => {
        const users = reportUsers(account, 'MFA of IAM console users', out);
        if (!users) return;
        let judged = 0;
        for (const row of users.rows) {
          const resource = userResource(account, row);
          const password = reportBool(row.password_enabled);
          if (password === false) continue;
          judged++;
          const mfa = reportBool(row.mfa_active);
          const details = { passwordEnabled: row.password_enabled, mfaActive: row.mfa_active };
          if (password === undefined || mfa === undefined) {
            out.push({
              ...errorFinding(
                resource,
                { kind: 'invalid_response', message: `the credential report says password_enabled=${row.password_enabled}, mfa_active=${row.mfa_active}` },
                `MFA of ${row.user}`,
                users.refs,
              ),
              details,
            });
          } else if (mfa) {
            out.push({ status: 'pass', resource, message: `${row.user} has a console password and MFA.`, evidence: users.refs, details });
          } else {
            out.push({
              status: 'fail',
              resource,
              message: `${row.user} can sign in to the console with a password and has no MFA.`,
              evidence: users.refs,
              details,
            });
          }
        }
        if (judged === 0)
          out.push({
            status: 'not_applicable',
            resource: accountResource(account),
            message: `No IAM user has a console password in ${account.accountId}.`,
            evidence: users.refs,
          });
      },
    ),
});

const passwordPolicyParams = z.object({ minLength: z.number().int().positive().default(14) }).strict();

const passwordPolicy = defineCheck<z.infer<typeof passwordPolicyParams>>({
  id: 'aws.iam.password-policy',
  title: 'IAM password policy is strong',
  source: 'aws',
  severity: 'medium',
  judges: 'account',
  resourceType: 'aws.account',
  needs: [NEEDS.policy],
  params: passwordPolicyParams,
  remediation: {
    summary: 'Set an account password policy with a minimum length of at least 14 characters.',
    console: 'IAM → Account settings → Password policy → Edit',
    cli:
      'aws iam update-account-password-policy --minimum-password-length 14 --require-symbols ' +
      '--require-numbers --require-uppercase-characters --require-lowercase-characters ' +
      '--password-reuse-prevention 24',
    terraform: `resource "aws_iam_account_password_policy" "this" {
  minimum_password_length = 14
}`,
  },
  evaluate: (evidence, ctx) =>
    forEachAccount(
      evidence,
      (a) => accountResource(a),
      'the IAM password policy',
      (account, out) => {
        const resource = accountResource(account);
        const policy = valueOr(account.iam.passwordPolicy, resource, 'the IAM password policy', out);
        if (!policy) return;
        const min = ctx.params.minLength;
        if (policy.value === null) {
          out.push({
            status: 'fail',
            resource,
            message: `Account ${account.accountId} has no IAM password policy (AWS's default allows 8-character passwords).`,
            evidence: policy.refs,
            details: { policy: 'none', requiredMinLength: min },
          });
          return;
        }
        const length = policy.value.MinimumPasswordLength;
        const details = { minimumPasswordLength: length ?? null, requiredMinLength: min };
        if (typeof length !== 'number')
          out.push({
            status: 'fail',
            resource,
            message: `Account ${account.accountId}'s password policy sets no minimum length.`,
            evidence: policy.refs,
            details,
          });
        else if (length < min)
          out.push({
            status: 'fail',
            resource,
            message: `Account ${account.accountId}'s password policy requires only ${length} characters (at least ${min} required).`,
            evidence: policy.refs,
            details,
          });
        else
          out.push({
            status: 'pass',
            resource,
            message: `Account ${account.accountId}'s password policy requires at least ${length} characters.`,
            evidence: policy.refs,
            details,
          });
      },
    ),
});

interface Credential {
  label: string;
  /** When the credential was last used, `never`, or undefined when the report's value is unreadable. */
  lastUsed: Date | 'never' | undefined;
  /** What "never used" counts from: the user's creation (password) or the key's creation (last_rotated). */
  since: Date | 'never' | undefined;
  raw: string;
}

/** Active access keys of a row; `undefined` when an `_active` value is not `true`/`false`. */
function activeKeys(row: CredentialReportRow): Array<{ n: 1 | 2; lastRotated: string; lastUsed: string }> | undefined {
  const keys: Array<{ n: 1 | 2; lastRotated: string; lastUsed: string }> = [];
  for (const n of [1, 2] as const) {
    const active = reportBool(row[`access_key_${n}_active`]);
    if (active === undefined) return undefined;
    if (active) keys.push({ n, lastRotated: row[`access_key_${n}_last_rotated`] ?? '', lastUsed: row[`access_key_${n}_last_used_date`] ?? '' });
  }
  return keys;
}

const accessKeyRotation = defineCheck<MaxAgeParams>({
  id: 'aws.iam.access-key-rotation',
  title: 'IAM access keys are rotated',
  source: 'aws',
  severity: 'medium',
  judges: 'IAM users with active access keys',
  resourceType: 'aws.iam.user',
  needs: [NEEDS.report],
  params: maxAgeParams,
  remediation: {
    summary: 'Rotate access keys older than 90 days (create a new key, switch, deactivate and delete the old one), or replace them with roles.',
    console: 'IAM → Users → USER → Security credentials → Access keys → Create access key, then deactivate and delete the old key',
    cli: 'aws iam create-access-key --user-name USER && aws iam update-access-key --user-name USER --access-key-id OLD --status Inactive',
  },
  evaluate: (evidence, ctx) =>
    forEachAccount(
      evidence,
      (a) => accountResource(a),
      'the age of IAM access keys',
      (account, out) => {
        const users = reportUsers(account, 'the age of IAM access keys', out);
        if (!users) return;
        let judged = 0;
        for (const row of users.rows) {
          const resource = userResource(account, row);
          const keys = activeKeys(row);
          if (keys === undefined) {
            judged++;
            out.push(
              errorFinding(
                resource,
                {
                  kind: 'invalid_response',
                  message: `the credential report says access_key_1_active=${row.access_key_1_active}, access_key_2_active=${row.access_key_2_active}`,
                },
                `access keys of ${row.user}`,
                users.refs,
              ),
            );
            continue;
          }
          if (keys.length === 0) continue;
          judged++;
          const ages = keys.map((k) => {
            const created = reportTime(k.lastRotated);
            return {
              ...k,
              age: created instanceof Date ? ageDays(created, ctx.now) : undefined,
              tooOld: created instanceof Date && over(created, ctx.now, ctx.params.maxAgeDays),
            };
          });
          const details = Object.fromEntries(ages.map((k) => [`accessKey${k.n}LastRotated`, k.lastRotated]));
          const old = ages.filter((k) => k.tooOld);
          const unreadable = ages.filter((k) => k.age === undefined);
          if (old.length) {
            out.push({
              status: 'fail',
              resource,
              message:
                `${row.user} has an active access key ` +
                `${old.map((k) => `(key ${k.n}) ${ageText(k.age, true, ctx.params.maxAgeDays)} old`).join(' and ')}; ` +
                `the limit is ${ctx.params.maxAgeDays} days.`,
              evidence: users.refs,
              details,
            });
          } else if (unreadable.length) {
            out.push({
              ...errorFinding(
                resource,
                { kind: 'invalid_response', message: `the credential report gives access_key_${unreadable[0]!.n}_last_rotated=${unreadable[0]!.lastRotated}` },
                `the age of ${row.user}'s access keys`,
                users.refs,
              ),
              details,
            });
          } else {
            out.push({
              status: 'pass',
              resource,
              message: `${row.user}'s active access keys are ${ages.map((k) => k.age).join(' and ')} days old (limit ${ctx.params.maxAgeDays}).`,
              evidence: users.refs,
              details,
            });
          }
        }
        if (judged === 0)
          out.push({
            status: 'not_applicable',
            resource: accountResource(account),
            message: `No IAM user has an active access key in ${account.accountId}.`,
            evidence: users.refs,
          });
      },
    ),
});

const unusedCredentials = defineCheck<MaxAgeParams>({
  id: 'aws.iam.unused-credentials',
  title: 'Unused IAM credentials are disabled',
  source: 'aws',
  severity: 'medium',
  judges: 'IAM users with an enabled password or an active access key',
  resourceType: 'aws.iam.user',
  needs: [NEEDS.report],
  params: maxAgeParams,
  remediation: {
    summary: 'Remove console passwords and deactivate access keys not used in 90 days (never-used credentials count from their creation).',
    console: 'IAM → Users → USER → Security credentials → Console sign-in: Disable; Access keys: Deactivate',
    cli: 'aws iam delete-login-profile --user-name USER; aws iam update-access-key --user-name USER --access-key-id KEY --status Inactive',
  },
  evaluate: (evidence, ctx) =>
    forEachAccount(
      evidence,
      (a) => accountResource(a),
      'unused IAM credentials',
      (account, out) => {
        const users = reportUsers(account, 'unused IAM credentials', out);
        if (!users) return;
        let judged = 0;
        for (const row of users.rows) {
          const resource = userResource(account, row);
          const password = reportBool(row.password_enabled);
          const keys = activeKeys(row);
          if (password === undefined || keys === undefined) {
            judged++;
            out.push(
              errorFinding(
                resource,
                {
                  kind: 'invalid_response',
                  message:
                    `the credential report says password_enabled=${row.password_enabled}, access_key_1_active=` +
                    `${row.access_key_1_active}, access_key_2_active=${row.access_key_2_active}`,
                },
                `the credentials of ${row.user}`,
                users.refs,
              ),
            );
            continue;
          }
          const credentials: Credential[] = [
            ...(password
              ? [{ label: 'password', lastUsed: reportTime(row.password_last_used), since: reportTime(row.user_creation_time), raw: row.password_last_used }]
              : []),
            ...keys.map((k) => ({ label: `access key ${k.n}`, lastUsed: reportTime(k.lastUsed), since: reportTime(k.lastRotated), raw: k.lastUsed })),
          ];
          if (credentials.length === 0) continue;
          judged++;
          const judgedCredentials = credentials.map((c) => {
            const from = c.lastUsed === 'never' ? c.since : c.lastUsed;
            return {
              ...c,
              neverUsed: c.lastUsed === 'never',
              idleDays: from instanceof Date ? ageDays(from, ctx.now) : undefined,
              stale: from instanceof Date && over(from, ctx.now, ctx.params.maxAgeDays),
            };
          });
          const details: Record<string, string> = {};
          for (const c of judgedCredentials) details[`${c.label.replace(/ (\d)$/, '$1').replace(/ /g, '')}LastUsed`] = c.raw;
          const stale = judgedCredentials.filter((c) => c.stale);
          const unreadable = judgedCredentials.filter((c) => c.idleDays === undefined);
          const describe = (c: (typeof judgedCredentials)[number]) =>
            !c.neverUsed
              ? `${c.label} last used ${ageText(c.idleDays, c.stale, ctx.params.maxAgeDays)} ago`
              : `${c.label} ${c.raw === 'no_information' ? 'with no recorded use (no_information)' : 'never used'}, ` +
                `created ${ageText(c.idleDays, c.stale, ctx.params.maxAgeDays)} ago`;
          if (stale.length) {
            out.push({
              status: 'fail',
              resource,
              message: `${row.user} has credentials unused for more than ${ctx.params.maxAgeDays} days: ${stale.map(describe).join('; ')}.`,
              evidence: users.refs,
              details,
            });
          } else if (unreadable.length) {
            out.push({
              ...errorFinding(
                resource,
                { kind: 'invalid_response', message: `the credential report's dates for ${unreadable.map((c) => c.label).join(' and ')} cannot be read` },
                `when ${row.user}'s credentials were last used`,
                users.refs,
              ),
              details,
            });
          } else {
            out.push({
              status: 'pass',
              resource,
              message: `${row.user}'s credentials were used within ${ctx.params.maxAgeDays} days: ${judgedCredentials.map(describe).join('; ')}.`,
              evidence: users.refs,
              details,
            });
          }
        }
        if (judged === 0)
          out.push({
            status: 'not_applicable',
            resource: accountResource(account),
            message: `No IAM user in ${account.accountId} has a password or an active access key.`,
            evidence: users.refs,
          });
      },
    ),
});

export const awsIamChecks: AnyCheck[] = [rootMfa, rootAccessKeys, userConsoleMfa, passwordPolicy, accessKeyRotation, unusedCredentials];
