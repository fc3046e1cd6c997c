// Populations an auditor samples from, built from AWS evidence already collected (no extra call).
import type { Population } from '../types.js';
import type { AwsEvidence } from '../../evidence/aws/index.js';

/** Every IAM user of every account, from the credential reports (the root row is not a user). */
export function iamUsersPopulation(evidence: AwsEvidence): Population | undefined {
  const rows: Population['rows'] = [];
  let anyReport = false;
  for (const account of evidence.accounts) {
    const report = account.iam.credentialReport;
    if (!report?.ok) continue;
    anyReport = true;
    for (const r of report.value.rows) {
      if (r.user === '<root_account>') continue;
      rows.push([
        account.accountId,
        r.user,
        r.arn,
        r.user_creation_time,
        r.password_enabled,
        r.password_last_used,
        r.mfa_active,
        r.access_key_1_active,
        r.access_key_1_last_rotated,
        r.access_key_1_last_used_date,
        r.access_key_2_active,
        r.access_key_2_last_rotated,
        r.access_key_2_last_used_date,
        report.value.generatedTime,
      ]);
    }
  }
  if (!anyReport) return undefined;
  rows.sort((a, b) => String(a[2]).localeCompare(String(b[2])));
  return {
    name: 'iam-users.csv',
    title: 'IAM users of every account, from the IAM credential report',
    columns: [
      'account',
      'user',
      'arn',
      'created',
      'password_enabled',
      'password_last_used',
      'mfa_active',
      'access_key_1_active',
      'access_key_1_last_rotated',
      'access_key_1_last_used',
      'access_key_2_active',
      'access_key_2_last_rotated',
      'access_key_2_last_used',
      'report_generated',
    ],
    rows,
  };
}
