import type { Collected } from '../../core/types.js';

/**
 * One row of the IAM credential report, kept as the report says it. Values are the report's own
 * vocabulary: ISO timestamps, `N/A`, `no_information`, `not_supported`, `true`/`false`.
 */
export interface CredentialReportRow {
  user: string;
  arn: string;
  user_creation_time: string;
  password_enabled: string;
  password_last_used: string;
  password_last_changed: string;
  password_next_rotation: string;
  mfa_active: string;
  access_key_1_active: string;
  access_key_1_last_rotated: string;
  access_key_1_last_used_date: string;
  access_key_2_active: string;
  access_key_2_last_rotated: string;
  access_key_2_last_used_date: string;
  [column: string]: string;
}

export interface CredentialReport {
  generatedTime: string;
  rows: CredentialReportRow[];
}

export interface PasswordPolicy {
  MinimumPasswordLength?: number;
  RequireSymbols?: boolean;
  RequireNumbers?: boolean;
  RequireUppercaseCharacters?: boolean;
  RequireLowercaseCharacters?: boolean;
  AllowUsersToChangePassword?: boolean;
  ExpirePasswords?: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
}

export interface IamEvidence {
  credentialReport?: Collected<CredentialReport>;
  /** `GetAccountSummary` SummaryMap (AccountMFAEnabled, AccountAccessKeysPresent, …). */
  accountSummary?: Collected<Record<string, number>>;
  /** `null` when the account has no password policy (`NoSuchEntity`). */
  passwordPolicy?: Collected<PasswordPolicy | null>;
  /**
   * `ListUserTags` by user name, read only for users with an active credential whose link to a person is
   * not declared in the config (an `email` tag is the link).
   */
  userTags?: Record<string, Collected<Record<string, string>>>;
}

/** Evidence keys: checks name them in `needs`; the collector reads only what is needed. */
export const IAM_NEEDS = {
  credentialReport: 'aws.iam.credentialReport',
  accountSummary: 'aws.iam.accountSummary',
  passwordPolicy: 'aws.iam.passwordPolicy',
  userTags: 'aws.iam.userTags',
} as const;
