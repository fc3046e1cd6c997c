// soc2-evidence.yaml, as in the SPEC's "Configuration" section. Unknown keys are errors (typos must not
// silently turn a check off). Secrets are never read from this file.
import { z } from 'zod';
import { CATEGORIES } from '../catalog/criteria.js';
import { AWS_REGIONS } from './aws-regions.js';
import { suggestion } from './yaml-errors.js';

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like 2026-07-01')
  .refine((s) => {
    // Date.parse accepts 2026-02-30 (rolling over to March); a round trip does not.
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a real calendar date');

/** YAML turns `2026-07-01` into a Date; accept both and keep the string form. */
export const dateField = z.preprocess((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v), isoDate);

const accountId = z
  .string({ error: 'expected a 12-digit AWS account id in quotes, e.g. "111111111111" (YAML reads unquoted digits as a number)' })
  .regex(/^\d{12}$/, 'expected a 12-digit AWS account id (quote it in YAML)');

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

const awsRegion = z.string().refine((r) => AWS_REGIONS.includes(r), {
  error: (issue) => {
    const hint = typeof issue.input === 'string' ? suggestion(issue.input, AWS_REGIONS) : undefined;
    return `unknown AWS region ${JSON.stringify(issue.input)}${hint ? ` (did you mean "${hint}"?)` : ''}; expected a region name like us-east-1`;
  },
});

export const awsConfigSchema = z
  .object({
    regions: z.array(awsRegion).min(1).optional(),
    organization: z.boolean().default(false),
    roleName: z.string().min(1).optional(),
    /** Accounts read at once (default 4). Each account's calls are also bounded per service. */
    concurrency: z.number().int().min(1).max(64).optional(),
    accounts: z
      .array(
        z
          .object({
            id: accountId,
            name: z.string().optional(),
            roleArn: z
              .string()
              .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'expected an IAM role ARN')
              .optional(),
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
    /** Enterprise slug (GitHub Enterprise Cloud), when SAML SSO is configured at the enterprise: its enforcement and external identities. */
    enterprise: z.string().min(1).optional(),
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
/**
 * A fact the tool cannot read, declared by a named person (SPEC): never a pass, `accepted` with who
 * declared it and the SHA-256 of an attached evidence file. A bare `false` needs no attribution (it is a
 * gap either way); `true` must say who declares it.
 */
export const DECLARATION_FORM = '{ value: true, declaredBy: "NAME OR ROLE", evidence: FILE, reason: "..." }';
const declaration = z.preprocess(
  (v) => (v === false ? { value: false } : v),
  z
    .object(
      {
        value: z.boolean(),
        /** Who makes the declaration (a person or role an auditor can ask). */
        declaredBy: z.string().min(1).optional(),
        /** A file backing the declaration (policy screenshot, export), relative to the config; its SHA-256 is recorded. */
        evidence: z.string().min(1).optional(),
        reason: z.string().min(1).optional(),
      },
      { error: `a declared fact needs who declares it: write ${DECLARATION_FORM}` },
    )
    .strict()
    .refine((d) => !d.value || d.declaredBy !== undefined, {
      message: `declaring MFA enforced needs "declaredBy": write ${DECLARATION_FORM}`,
      path: ['declaredBy'],
    }),
);
export type Declaration = { value: boolean; declaredBy?: string | undefined; evidence?: string | undefined; reason?: string | undefined };

const csv = z
  .object({
    provider: z.literal('csv'),
    format: z.enum(['google', 'okta', 'entra']),
    file: z.string().min(1),
    /** The tenant's MFA enforcement cannot be read from a user export: declare it (`accepted`, never `pass`), or leave it unverified. */
    mfaEnforced: declaration.optional(),
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

/**
 * `controls: DIR` (a folder replacing the built-in catalog) or `controls: { dir?, categories? }`. The
 * categories decide which Trust Services Criteria are in scope; security is always in scope.
 */
export const controlsConfigSchema = z
  .object({
    dir: z.string().min(1).optional(),
    categories: z
      .array(z.enum(CATEGORIES, { error: `expected one of ${CATEGORIES.join(', ')}` }))
      .min(1)
      .optional(),
  })
  .strict();
const controlsField = z.preprocess((v) => (typeof v === 'string' ? { dir: v } : v), controlsConfigSchema);
/** GitHub logins and IAM / Identity Center user names are compared case-insensitively, emails too. */
const lowerKeys = (r: Record<string, string>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v.toLowerCase()]));

export const serviceAccountSchema = z
  .object({
    account: z.string().min(1),
    owner: z.string().email("expected the owner's email address"),
    reason: z.string().min(1),
  })
  .strict();

export const peopleConfigSchema = z
  .object({
    /** GitHub login or IAM / Identity Center user name → IdP email. */
    links: z.record(z.string().min(1), z.string().email('expected an email address')).default({}).transform(lowerKeys),
    serviceAccounts: z.array(serviceAccountSchema).default([]),
    /** CSV with columns email,name,start,end: the source of leaving dates when given. */
    hrFile: z.string().min(1).optional(),
  })
  .strict();

/** `export.sampleSizes`: sample size by population size, smallest bucket first; a bucket without `max` covers the rest. */
export const sampleSizeSchema = z.object({ max: z.number().int().positive().optional(), size: z.number().int().positive() }).strict();
export const exportConfigSchema = z
  .object({
    sampleSizes: z
      .array(sampleSizeSchema)
      .min(1)
      .refine(
        (rows) => rows.every((r, i) => i === rows.length - 1 || (r.max !== undefined && r.max < (rows[i + 1]!.max ?? Infinity))),
        'every bucket but the last needs a "max", in increasing order',
      )
      .optional(),
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
    /** A folder of control files replacing the built-in catalog (relative to the config file), and the categories in scope. */
    controls: controlsField.optional(),
    /** A folder of manual evidence (policies, training records) indexed and hashed into every run. */
    manualEvidence: z.string().min(1).optional(),
    /** Per-check thresholds, e.g. `aws.iam.password-policy: { minLength: 16 }`. Validated against each check. */
    checks: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
    exceptions: z.array(exceptionSchema).default([]),
    /** Linking accounts to people (second round): links, declared service accounts, the HR file. */
    people: peopleConfigSchema.optional(),
    /** `export`: the auditor bundle for a period (sample sizes). */
    export: exportConfigSchema.optional(),
    store: storeConfigSchema.optional(),
    notify: z.array(notifyTargetSchema).optional(),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type AwsConfig = z.infer<typeof awsConfigSchema>;
export type GithubConfig = z.infer<typeof githubConfigSchema>;
export type IdpConfig = z.infer<typeof idpConfigSchema>;
export type ExceptionConfig = z.infer<typeof exceptionSchema>;
export type PeopleConfig = z.infer<typeof peopleConfigSchema>;
