// soc2-evidence.yaml, as in the SPEC's "Configuration" section. Unknown keys are errors (typos must not
// silently turn a check off). Secrets are never read from this file.
import { z } from 'zod';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like 2026-07-01')
  .refine((s) => {
    // Date.parse accepts 2026-02-30 (rolling over to March); a round trip does not.
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a real calendar date');

/** YAML turns `2026-07-01` into a Date; accept both and keep the string form. */
const dateField = z.preprocess((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v), isoDate);

const accountId = z.string({ error: 'expected a 12-digit AWS account id in quotes, e.g. "111111111111" (YAML reads unquoted digits as a number)' }).regex(/^\d{12}$/, 'expected a 12-digit AWS account id (quote it in YAML)');

const httpUrl = z
  .string()
  .url()
  .refine((u) => {
    const url = new URL(u);
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && isLoopbackHost(url.hostname);
  }, 'must be https:// (plain http:// is allowed only for loopback hosts)');

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

export const awsConfigSchema = z
  .object({
    regions: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected a region name like us-east-1')).min(1).optional(),
    organization: z.boolean().default(false),
    roleName: z.string().min(1).optional(),
    accounts: z
      .array(
        z
          .object({
            id: accountId,
            name: z.string().optional(),
            roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'expected an IAM role ARN').optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

export const githubConfigSchema = z
  .object({
    org: z.string().min(1),
    apiUrl: httpUrl.optional(),
    /** GitHub App auth (alternative to GITHUB_TOKEN); the private key comes from GITHUB_APP_PRIVATE_KEY(_FILE). */
    appId: z.union([z.string(), z.number()]).optional(),
    installationId: z.union([z.string(), z.number()]).optional(),
  })
  .strict();

const okta = z.object({ provider: z.literal('okta'), orgUrl: httpUrl, clientId: z.string().optional() }).strict();
const google = z
  .object({
    provider: z.literal('google'),
    domain: z.string().min(1),
    customerId: z.string().default('my_customer'),
    adminEmail: z.string().email().optional(),
    apiUrl: httpUrl.optional(),
    tokenUrl: httpUrl.optional(),
  })
  .strict();
const entra = z
  .object({
    provider: z.literal('entra'),
    tenantId: z.string().min(1),
    clientId: z.string().min(1),
    apiUrl: httpUrl.optional(),
    authorityUrl: httpUrl.optional(),
  })
  .strict();
const csv = z
  .object({
    provider: z.literal('csv'),
    format: z.enum(['google', 'okta', 'entra']),
    file: z.string().min(1),
    /** The tenant's MFA enforcement cannot be read from a user export; say how it is enforced, or leave it unverified. */
    mfaEnforced: z.boolean().optional(),
    host: z.string().optional(),
  })
  .strict();

export const idpConfigSchema = z.discriminatedUnion('provider', [okta, google, entra, csv]);

export const exceptionSchema = z
  .object({
    check: z.string().min(1),
    resource: z.string().min(1),
    reason: z.string().min(1),
    approvedBy: z.string().min(1),
    expires: dateField,
  })
  .strict();

/** Object Lock for runs stored in S3 (`--out s3://…`). */
export const storeConfigSchema = z
  .object({
    retainDays: z.number().int().positive().max(36500).optional(),
    lockMode: z.enum(['COMPLIANCE', 'GOVERNANCE']).optional(),
  })
  .strict();

/** Where the run's summary is posted: an https URL (http on loopback), or `env:NAME` holding one. */
export const notifyTargetSchema = z
  .object({
    url: z.string().min(1),
    /** `slack` for a Slack-compatible webhook not on hooks.slack.com; `json` forces the generic body. */
    format: z.enum(['slack', 'json']).optional(),
  })
  .strict();

export const configSchema = z
  .object({
    organization: z.string().min(1),
    period: z
      .object({ start: dateField, end: dateField })
      .strict()
      .refine((p) => p.start <= p.end, 'period.start must not be after period.end')
      .optional(),
    aws: awsConfigSchema.optional(),
    github: githubConfigSchema.optional(),
    idp: idpConfigSchema.optional(),
    /** A folder of control files replacing the built-in catalog (relative to the config file). */
    controls: z.string().min(1).optional(),
    /** A folder of manual evidence (policies, training records) indexed and hashed into every run. */
    manualEvidence: z.string().min(1).optional(),
    /** Per-check thresholds, e.g. `aws.iam.password-policy: { minLength: 16 }`. Validated against each check. */
    checks: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
    exceptions: z.array(exceptionSchema).default([]),
    store: storeConfigSchema.optional(),
    notify: z.array(notifyTargetSchema).optional(),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type AwsConfig = z.infer<typeof awsConfigSchema>;
export type GithubConfig = z.infer<typeof githubConfigSchema>;
export type IdpConfig = z.infer<typeof idpConfigSchema>;
export type ExceptionConfig = z.infer<typeof exceptionSchema>;
