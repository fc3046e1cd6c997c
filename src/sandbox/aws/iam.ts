// IAM (awsQuery): the credential report (generated over a few polls, served as base64 CSV in the
// report's own vocabulary), GetAccountSummary and GetAccountPasswordPolicy.
import { AwsFault, type AwsCall, type AwsServiceHandler } from './protocol.js';

/** A credential-report value: an ISO timestamp, or the report's words (`N/A`, `no_information`, `not_supported`). */
export type ReportValue = string;

export interface SandboxAccessKey {
  active: boolean;
  /** Creation or last rotation (ISO). */
  lastRotated: ReportValue;
  /** ISO, or `N/A` when never used. */
  lastUsed: ReportValue;
  lastUsedService?: string;
  lastUsedRegion?: string;
}

export interface SandboxIamUser {
  name: string;
  /** Path in the ARN, default `/`. */
  path?: string;
  createdAt: string;
  /** Console password (login profile); absent = none. */
  password?: { lastUsed: ReportValue; lastChanged: ReportValue };
  mfa: boolean;
  accessKeys: SandboxAccessKey[];
  /** Raw overrides of report cells, to serve odd values a real report can hold. */
  reportOverrides?: Record<string, string>;
  /** IAM tags (ListUserTags), e.g. `{ email: 'ana@acme.com' }`. */
  tags?: Record<string, string>;
}

export interface SandboxIam {
  root: { mfa: boolean; accessKeys: SandboxAccessKey[]; passwordLastUsed: ReportValue; createdAt: string };
  users: SandboxIamUser[];
  /** Absent = no password policy (NoSuchEntity). */
  passwordPolicy?: Record<string, number | boolean>;
  /** GenerateCredentialReport answers STARTED / INPROGRESS this many times before COMPLETE. */
  reportGenerationPolls?: number;
  /** GetCredentialReport answers ReportExpired once after the report completes, forcing a new one. */
  reportExpiresOnce?: boolean;
  /** Extra GetAccountSummary entries (the rest is computed). */
  summary?: Record<string, number>;
}

const COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
];

/** The report prints times as `2026-11-20T09:15:00+00:00`. */
const reportTime = (v: ReportValue) => (/^\d{4}-\d{2}-\d{2}T/.test(v) ? new Date(v).toISOString().replace(/\.\d{3}Z$/, '+00:00') : v);

function keyCells(keys: SandboxAccessKey[]): Record<string, string> {
  const cells: Record<string, string> = {};
  for (const n of [1, 2]) {
    const k = keys[n - 1];
    cells[`access_key_${n}_active`] = k ? String(k.active) : 'false';
    cells[`access_key_${n}_last_rotated`] = k ? reportTime(k.lastRotated) : 'N/A';
    cells[`access_key_${n}_last_used_date`] = k ? reportTime(k.lastUsed) : 'N/A';
    cells[`access_key_${n}_last_used_region`] = k && k.lastUsed !== 'N/A' ? (k.lastUsedRegion ?? 'us-east-1') : 'N/A';
    cells[`access_key_${n}_last_used_service`] = k && k.lastUsed !== 'N/A' ? (k.lastUsedService ?? 'sts') : 'N/A';
  }
  return cells;
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function credentialReportCsv(accountId: string, iam: SandboxIam): string {
  const rows: Array<Record<string, string>> = [
    {
      user: '<root_account>',
      arn: `arn:aws:iam::${accountId}:root`,
      user_creation_time: reportTime(iam.root.createdAt),
      password_enabled: 'not_supported',
      password_last_used: reportTime(iam.root.passwordLastUsed),
      password_last_changed: 'not_supported',
      password_next_rotation: 'not_supported',
      mfa_active: String(iam.root.mfa),
      ...keyCells(iam.root.accessKeys),
    },
    ...iam.users.map((u) => ({
      user: u.name,
      arn: `arn:aws:iam::${accountId}:user${u.path ?? '/'}${u.name}`,
      user_creation_time: reportTime(u.createdAt),
      password_enabled: String(Boolean(u.password)),
      password_last_used: u.password ? reportTime(u.password.lastUsed) : 'N/A',
      password_last_changed: u.password ? reportTime(u.password.lastChanged) : 'N/A',
      password_next_rotation: 'N/A',
      mfa_active: String(u.mfa),
      ...keyCells(u.accessKeys),
      ...u.reportOverrides,
    })),
  ];
  const lines = rows.map((r) => COLUMNS.map((c) => csvCell(r[c] ?? 'N/A')).join(','));
  return [COLUMNS.join(','), ...lines].join('\n');
}

/** Report generation progress per account (sandbox run state, not company data). */
const generation = new WeakMap<SandboxIam, { generateCalls: number; expiredServed: boolean; generatedAt?: Date }>();

function progress(iam: SandboxIam) {
  let p = generation.get(iam);
  if (!p) {
    p = { generateCalls: 0, expiredServed: false };
    generation.set(iam, p);
  }
  return p;
}

function summaryMap(iam: SandboxIam): Record<string, number> {
  return {
    Users: iam.users.length,
    UsersQuota: 5000,
    Groups: 0,
    Roles: 3,
    Policies: 2,
    MFADevices: iam.users.filter((u) => u.mfa).length + (iam.root.mfa ? 1 : 0),
    MFADevicesInUse: iam.users.filter((u) => u.mfa).length + (iam.root.mfa ? 1 : 0),
    AccountMFAEnabled: iam.root.mfa ? 1 : 0,
    // Counts root keys whatever their status, as AWS does.
    AccountAccessKeysPresent: iam.root.accessKeys.length > 0 ? 1 : 0,
    AccountSigningCertificatesPresent: 0,
    ...iam.summary,
  };
}

function handle(call: AwsCall): unknown {
  const iam = call.account.iam;
  switch (call.operation) {
    case 'GenerateCredentialReport': {
      const p = progress(iam);
      p.generateCalls++;
      const polls = iam.reportGenerationPolls ?? 0;
      if (p.generateCalls <= polls)
        return { State: p.generateCalls === 1 ? 'STARTED' : 'INPROGRESS', Description: 'No report exists. Starting a new report generation task' };
      p.generatedAt ??= new Date();
      return { State: 'COMPLETE' };
    }
    case 'GetCredentialReport': {
      const p = progress(iam);
      if (p.generateCalls === 0) throw new AwsFault('ReportNotPresent', 'Credential report not present. Call GenerateCredentialReport to generate one.', 410);
      if (p.generateCalls <= (iam.reportGenerationPolls ?? 0)) throw new AwsFault('ReportInProgress', 'Credential report is being generated.', 404);
      if (iam.reportExpiresOnce && !p.expiredServed) {
        p.expiredServed = true;
        p.generateCalls = 0;
        throw new AwsFault('ReportExpired', 'Credential report has expired. Call GenerateCredentialReport to generate a new one.', 410);
      }
      return {
        Content: Buffer.from(credentialReportCsv(call.account.id, iam), 'utf8').toString('base64'),
        ReportFormat: 'text/csv',
        GeneratedTime: p.generatedAt ?? new Date(),
      };
    }
    case 'ListUserTags': {
      const user = iam.users.find((u) => u.name === call.params.UserName);
      if (!user) throw new AwsFault('NoSuchEntity', `The user with name ${call.params.UserName} cannot be found.`, 404);
      const tags = Object.entries(user.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
      const start = Number(call.params.Marker ?? 0) || 0;
      const size = call.pageSize(100);
      const slice = tags.slice(start, start + size);
      const more = start + size < tags.length;
      return { Tags: slice, IsTruncated: more, ...(more ? { Marker: String(start + size) } : {}) };
    }
    case 'GetAccountSummary':
      return { SummaryMap: Object.entries(summaryMap(iam)).map(([key, value]) => ({ key, value })) };
    case 'GetAccountPasswordPolicy':
      if (!iam.passwordPolicy) throw new AwsFault('NoSuchEntity', `The Password Policy with domain name ${call.account.id} cannot be found.`, 404);
      return { PasswordPolicy: iam.passwordPolicy };
    default:
      throw new AwsFault('InvalidAction', `sandbox IAM does not implement ${call.operation}`, 400);
  }
}

export const iamHandler: AwsServiceHandler = {
  protocol: 'query',
  actionPrefix: 'iam',
  xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/',
  listMembers: { SummaryMap: 'entry' },
  handle,
};
