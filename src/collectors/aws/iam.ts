// IAM (global): the credential report (generated, polled, parsed as CSV), the account summary and the
// password policy. Three calls per account whatever its size: no per-user API calls.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  GenerateCredentialReportCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  type GenerateCredentialReportCommandOutput,
  type GetAccountPasswordPolicyCommandOutput,
  type GetAccountSummaryCommandOutput,
  type GetCredentialReportCommandOutput,
} from '@aws-sdk/client-iam';
import { parse } from 'csv-parse/sync';
import { collected, failed, type Collected, type EvidenceRef } from '../../core/types.js';
import type { CredentialReport, CredentialReportRow, PasswordPolicy } from '../../evidence/aws/iam.js';
import { attempt, type AwsAccountCollector, type AwsAccountScope, type AwsServiceCollectors } from './collector.js';
import { AwsReadError, recordErrorAnswer, type AwsSession } from './session.js';
import { IAM_NEEDS } from '../../evidence/aws/iam.js';
import { readUserTags, usersNeedingTags } from './iam-tags.js';

/** Columns every credential report has; a report without them is not one we can judge. */
const REQUIRED_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
] as const;

/** The report's answers while it is being generated or when it is gone (wire code and SDK class name). */
const REPORT_NOT_READY = new Set(['ReportInProgress', 'CredentialReportNotReadyException']);
const REPORT_MISSING = new Set(['ReportNotPresent', 'CredentialReportNotPresentException', 'ReportExpired', 'CredentialReportExpiredException']);
const NO_SUCH_ENTITY = new Set(['NoSuchEntity', 'NoSuchEntityException']);

/** Polls before giving up on a report AWS keeps generating (≈2 minutes in production). */
const MAX_REPORT_POLLS = 15;

/** Parse the report's CSV with a real parser, keeping its own vocabulary (N/A, no_information…). */
export function parseCredentialReport(csv: string, generatedTime: string): CredentialReport {
  const records = parse(csv, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Array<Record<string, string>>;
  const header =
    csv
      .split(/\r?\n/, 1)[0]
      ?.split(',')
      .map((h) => h.trim().replace(/^\uFEFF/, '')) ?? [];
  const absent = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (absent.length) throw new Error(`the credential report lacks the column(s) ${absent.join(', ')}`);
  return { generatedTime, rows: records as CredentialReportRow[] };
}

async function readCredentialReport(session: AwsSession, region: string, pollBaseMs: number): Promise<Collected<CredentialReport>> {
  const refs: EvidenceRef[] = [];
  return attempt(async () => {
    let lastState = 'unknown';
    for (let poll = 0; poll < MAX_REPORT_POLLS; poll++) {
      if (poll > 0) await sleep(Math.min(pollBaseMs * 2 ** Math.min(poll - 1, 6), pollBaseMs * 10));
      // GenerateCredentialReport is idempotent: it starts a report, or says the state of the current one.
      const generated = await session.send<GenerateCredentialReportCommandOutput>('iam', region, new GenerateCredentialReportCommand({}));
      refs.push(generated.ref);
      lastState = generated.output.State ?? 'unknown';
      // STARTED / INPROGRESS: wait and ask again. After a few polls, ask for the report anyway: it
      // answers ReportInProgress while not ready, and some endpoints never say COMPLETE.
      if (lastState !== 'COMPLETE' && poll < 2) continue;
      try {
        const { output, ref } = await session.send<GetCredentialReportCommandOutput>('iam', region, new GetCredentialReportCommand({}));
        refs.push(ref);
        if (!output.Content)
          return failed({ kind: 'invalid_response', message: 'iam:GetCredentialReport returned no content', operation: 'GetCredentialReport' }, refs);
        const csv = Buffer.from(output.Content).toString('utf8');
        const generatedTime = output.GeneratedTime?.toISOString() ?? '';
        try {
          return collected(parseCredentialReport(csv, generatedTime), refs);
        } catch (err) {
          return failed(
            { kind: 'invalid_response', message: `the credential report could not be parsed: ${(err as Error).message}`, operation: 'GetCredentialReport' },
            refs,
          );
        }
      } catch (err) {
        // Still in progress, expired or not present between the two calls: generate/poll again.
        if (err instanceof AwsReadError && (REPORT_NOT_READY.has(err.code) || REPORT_MISSING.has(err.code))) {
          lastState = err.code;
          continue;
        }
        if (err instanceof AwsReadError) return failed(err.error, refs);
        throw err;
      }
    }
    return failed(
      {
        kind: 'other',
        message: `the credential report was still not ready after ${MAX_REPORT_POLLS} polls (last state ${lastState})`,
        operation: 'GetCredentialReport',
      },
      refs,
    );
  }).then((c) => (c.ok || c.refs.length ? c : { ...c, refs }));
}

async function readAccountSummary(session: AwsSession, region: string): Promise<Collected<Record<string, number>>> {
  return attempt(async () => {
    const { output, ref } = await session.send<GetAccountSummaryCommandOutput>('iam', region, new GetAccountSummaryCommand({}));
    return collected({ ...(output.SummaryMap ?? {}) } as Record<string, number>, [ref]);
  });
}

async function readPasswordPolicy(session: AwsSession, region: string): Promise<Collected<PasswordPolicy | null>> {
  try {
    const { output, ref } = await session.send<GetAccountPasswordPolicyCommandOutput>('iam', region, new GetAccountPasswordPolicyCommand({}));
    return collected((output.PasswordPolicy ?? null) as PasswordPolicy | null, [ref]);
  } catch (err) {
    // NoSuchEntity is AWS's answer for "this account has no password policy": evidence, not a failure.
    // The answer is kept as evidence like any response.
    if (err instanceof AwsReadError && NO_SUCH_ENTITY.has(err.code)) {
      const ref = recordErrorAnswer(session, 'iam', region, 'GetAccountPasswordPolicy', {}, err);
      return collected(null, [ref]);
    }
    return attempt(() => Promise.reject(err));
  }
}

const iamAccountCollector: AwsAccountCollector = {
  provides: Object.values(IAM_NEEDS),
  async collect(scope: AwsAccountScope, into) {
    const { session, homeRegion, needs } = scope;
    const pollBaseMs = Math.max(1, session.run.retryTuning.baseDelayMs * 5);
    await Promise.all([
      needs.has(IAM_NEEDS.credentialReport)
        ? readCredentialReport(session, homeRegion, pollBaseMs).then(async (c) => {
            into.iam.credentialReport = c;
            // Tags only for users whose link a person check needs and the config does not declare.
            if (c.ok && needs.has(IAM_NEEDS.userTags))
              into.iam.userTags = await readUserTags(session, homeRegion, usersNeedingTags(c.value.rows, scope.declaredAccounts ?? new Set()));
          })
        : undefined,
      needs.has(IAM_NEEDS.accountSummary) ? readAccountSummary(session, homeRegion).then((c) => (into.iam.accountSummary = c)) : undefined,
      needs.has(IAM_NEEDS.passwordPolicy) ? readPasswordPolicy(session, homeRegion).then((c) => (into.iam.passwordPolicy = c)) : undefined,
    ]);
  },
};

export const iamCollectors: AwsServiceCollectors = { account: [iamAccountCollector], region: [] };
