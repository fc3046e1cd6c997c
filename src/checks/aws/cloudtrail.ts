// CloudTrail checks. A multi-region or organization trail shows up in every region (shadow trails) and,
// for an organization trail, in every member account: each trail is judged once, by ARN, under the
// account that owns it. A member account counts as covered by its organization's trail.
import type { Collected, CollectionError, EvidenceRef, FindingDraft, Resource } from '../../core/types.js';
import type { Evidence } from '../../evidence/index.js';
import type { AwsAccountEvidence } from '../../evidence/aws/index.js';
import type { TrailEvidence, TrailEventSelectors, TrailStatus } from '../../evidence/aws/cloudtrail.js';
import { defineCheck, type AnyCheck } from '../types.js';
import { accountResource, errorFinding, forEachAccount } from './common.js';
import { CLOUDTRAIL_NEEDS } from '../../evidence/aws/cloudtrail.js';

const NEED = CLOUDTRAIL_NEEDS.trails;

const trailResource = (trail: TrailEvidence): Resource => ({
  type: 'aws.cloudtrail.trail',
  id: trail.arn,
  name: trail.name,
  account: trail.ownerAccountId,
  region: trail.homeRegion,
});

/** What the trail records of management events: reads, writes, both, or nothing. */
export function managementCoverage(selectors: TrailEventSelectors): { reads: boolean; writes: boolean; kind: 'basic' | 'advanced' | 'none' } {
  if (selectors.advancedEventSelectors.length) {
    let reads = false;
    let writes = false;
    for (const selector of selectors.advancedEventSelectors) {
      const fields = selector.FieldSelectors;
      const category = fields.find((f) => f.Field === 'eventCategory');
      if (!category || !(category.Equals ?? []).includes('Management')) continue;
      // Only readOnly may narrow a management selector and still count; eventSource exclusions
      // (NotEquals, e.g. KMS noise) keep the rest; anything else narrows it to a subset.
      const narrowing = fields.filter((f) => f.Field !== 'eventCategory' && f.Field !== 'readOnly' && !(f.Field === 'eventSource' && isExclusionOnly(f)));
      if (narrowing.length) continue;
      const readOnly = fields.find((f) => f.Field === 'readOnly');
      if (!readOnly) {
        reads = writes = true;
        continue;
      }
      const eq = readOnly.Equals ?? [];
      const ne = readOnly.NotEquals ?? [];
      if (eq.includes('true') || ne.includes('false')) reads = true;
      if (eq.includes('false') || ne.includes('true')) writes = true;
    }
    return { reads, writes, kind: 'advanced' };
  }
  if (selectors.eventSelectors.length) {
    let reads = false;
    let writes = false;
    for (const s of selectors.eventSelectors) {
      // AWS always states both fields in GetEventSelectors; a selector that does not say what it
      // records is not taken as recording management events.
      if (s.IncludeManagementEvents !== true) continue;
      const rw = s.ReadWriteType;
      if (rw === 'All' || rw === 'ReadOnly') reads = true;
      if (rw === 'All' || rw === 'WriteOnly') writes = true;
    }
    return { reads, writes, kind: 'basic' };
  }
  return { reads: false, writes: false, kind: 'none' };
}

function isExclusionOnly(f: { Equals?: string[]; StartsWith?: string[]; EndsWith?: string[] }): boolean {
  return !(f.Equals?.length || f.StartsWith?.length || f.EndsWith?.length);
}

/**
 * The status and selectors of a trail, from the account that read them: the trail's owner when the
 * owner is in this run (an organization trail seen from a member account is not readable there).
 */
function trailReads(
  evidence: Evidence,
  trail: TrailEvidence,
): { status?: Collected<TrailStatus>; selectors?: Collected<TrailEventSelectors>; ownerError?: CollectionError } {
  if (trail.status || trail.selectors) return { ...(trail.status ? { status: trail.status } : {}), ...(trail.selectors ? { selectors: trail.selectors } : {}) };
  const owner = evidence.aws?.accounts.find((a) => a.accountId === trail.ownerAccountId);
  if (!owner)
    return {
      ownerError: {
        kind: 'not_found',
        message: `${trail.arn} belongs to account ${trail.ownerAccountId}, which this run does not read; only its owner can read its status`,
      },
    };
  if (!owner.access.ok)
    return {
      ownerError: {
        ...owner.access.error,
        message: `${trail.arn} belongs to account ${trail.ownerAccountId}, which could not be entered: ${owner.access.error.message}`,
      },
    };
  if (!owner.cloudtrail?.ok)
    return {
      ownerError: owner.cloudtrail?.ok === false ? owner.cloudtrail.error : { kind: 'other', message: `the trails of ${trail.ownerAccountId} were not read` },
    };
  const seen = owner.cloudtrail.value.find((t) => t.arn === trail.arn);
  if (!seen) return { ownerError: { kind: 'not_found', message: `${trail.arn} is not listed by its owner account ${trail.ownerAccountId}` } };
  return { ...(seen.status ? { status: seen.status } : {}), ...(seen.selectors ? { selectors: seen.selectors } : {}) };
}

/** Which account judges each trail: its owner if the owner's trails were read, else the first account that saw it. */
function trailJudges(evidence: Evidence): Map<string, string> {
  const judge = new Map<string, string>();
  const accounts = (evidence.aws?.accounts ?? []).filter((a) => a.access.ok && a.cloudtrail?.ok);
  for (const account of accounts) {
    for (const trail of (account.cloudtrail as { value: TrailEvidence[] }).value) {
      const ownerSees = accounts.some(
        (a) => a.accountId === trail.ownerAccountId && (a.cloudtrail as { value: TrailEvidence[] }).value.some((t) => t.arn === trail.arn),
      );
      if (ownerSees) judge.set(trail.arn, trail.ownerAccountId);
      else if (!judge.has(trail.arn)) judge.set(trail.arn, account.accountId);
    }
  }
  return judge;
}

const multiRegion = defineCheck({
  id: 'aws.cloudtrail.multi-region',
  title: 'A multi-region CloudTrail trail logs all management events',
  source: 'aws',
  severity: 'high',
  judges: 'account',
  resourceType: 'aws.account',
  needs: [NEED],
  remediation: {
    summary: 'Have one multi-region trail (or an organization trail) that is logging and records read and write management events.',
    console: 'CloudTrail → Trails → Create trail (apply to all regions; Management events: Read and Write), or start logging on the existing trail',
    cli:
      'aws cloudtrail create-trail --name org-trail --s3-bucket-name BUCKET --is-multi-region-trail ' +
      '--enable-log-file-validation --kms-key-id KEY && aws cloudtrail start-logging --name org-trail',
    terraform: `resource "aws_cloudtrail" "this" {
  name                       = "organization-trail"
  s3_bucket_name             = aws_s3_bucket.trail.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.cloudtrail.arn

  event_selector {
    read_write_type           = "All"
    include_management_events = true
  }
}`,
  },
  evaluate: (evidence) =>
    forEachAccount(
      evidence,
      (a) => accountResource(a),
      'that a multi-region trail records management events',
      (account, out) => {
        const resource = accountResource(account);
        const trails = account.cloudtrail;
        if (!trails?.ok) {
          out.push(
            errorFinding(resource, trails?.ok === false ? trails.error : undefined, 'that a multi-region trail records management events', trails?.refs ?? []),
          );
          return;
        }
        // Trails that log this account's events: its own, and organization trails from the management account.
        const covering = trails.value.filter((t) => t.isMultiRegionTrail && (t.ownerAccountId === account.accountId || t.isOrganizationTrail));
        const reasons: string[] = [];
        const unknown: CollectionError[] = [];
        const refs: EvidenceRef[] = [...trails.refs];
        for (const trail of covering) {
          const { status, selectors, ownerError } = trailReads(evidence, trail);
          refs.push(...(status?.refs ?? []), ...(selectors?.refs ?? []));
          if (!status?.ok || !selectors?.ok) {
            unknown.push(
              status?.ok === false
                ? status.error
                : selectors?.ok === false
                  ? selectors.error
                  : (ownerError ?? { kind: 'other', message: `the status of ${trail.arn} was not read` }),
            );
            continue;
          }
          const coverage = managementCoverage(selectors.value);
          const problems = [
            ...(status.value.isLogging ? [] : ['is not logging']),
            ...(coverage.reads && coverage.writes
              ? []
              : [
                  coverage.writes
                    ? 'records only write management events'
                    : coverage.reads
                      ? 'records only read management events'
                      : 'records no management events',
                ]),
          ];
          const details = {
            trail: trail.arn,
            isLogging: status.value.isLogging,
            readEvents: coverage.reads,
            writeEvents: coverage.writes,
            selectors: coverage.kind,
            organizationTrail: trail.isOrganizationTrail,
            latestDeliveryError: status.value.latestDeliveryError ?? null,
          };
          if (problems.length === 0) {
            const via = trail.ownerAccountId === account.accountId ? '' : ` (organization trail of ${trail.ownerAccountId})`;
            out.push({
              status: 'pass',
              resource,
              message: `${trail.name}${via} is multi-region, logging and records read and write management events.`,
              evidence: refs,
              details,
            });
            return;
          }
          reasons.push(
            `${trail.name}${trail.ownerAccountId === account.accountId ? '' : ` (organization trail of ${trail.ownerAccountId})`} ${problems.join(' and ')}`,
          );
        }
        if (unknown.length) {
          out.push({
            ...errorFinding(resource, unknown[0], 'that a multi-region trail records management events', refs),
            ...(reasons.length ? { details: { otherTrails: reasons } } : {}),
          });
          return;
        }
        const singleRegion = trails.value.filter((t) => !t.isMultiRegionTrail && t.ownerAccountId === account.accountId).map((t) => t.name);
        const message =
          covering.length === 0
            ? `Account ${account.accountId} has no multi-region trail${singleRegion.length ? ` (only single-region: ${singleRegion.join(', ')})` : ''}.`
            : `Account ${account.accountId} has no multi-region trail that logs all management events: ${reasons.join('; ')}.`;
        out.push({
          status: 'fail',
          resource,
          message,
          evidence: refs,
          details: { multiRegionTrails: covering.map((t) => t.arn), singleRegionTrails: singleRegion, problems: reasons },
        });
      },
    ),
});

/** One finding per trail ARN across the run, under the account that judges it; n/a for accounts with none. */
function perTrail(evidence: Evidence, what: string, judge: (trail: TrailEvidence, refs: EvidenceRef[]) => FindingDraft): FindingDraft[] {
  const judges = trailJudges(evidence);
  return forEachAccount(
    evidence,
    (a) => accountResource(a),
    what,
    (account: AwsAccountEvidence, out) => {
      const trails = account.cloudtrail;
      if (!trails?.ok) {
        out.push(errorFinding(accountResource(account), trails?.ok === false ? trails.error : undefined, what, trails?.refs ?? []));
        return;
      }
      const mine = trails.value.filter((t) => judges.get(t.arn) === account.accountId);
      for (const trail of mine) out.push(judge(trail, trails.refs));
      if (mine.length === 0) {
        const others = trails.value.map((t) => t.arn);
        out.push({
          status: 'not_applicable',
          resource: accountResource(account),
          message: others.length
            ? `Account ${account.accountId} owns no trail; ${others.join(', ')} is judged under its owner account.`
            : `Account ${account.accountId} has no CloudTrail trail.`,
          evidence: trails.refs,
        });
      }
    },
  );
}

const logValidation = defineCheck({
  id: 'aws.cloudtrail.log-validation',
  title: 'CloudTrail log file validation is on',
  source: 'aws',
  severity: 'medium',
  judges: 'trails',
  resourceType: 'aws.cloudtrail.trail',
  needs: [NEED],
  remediation: {
    summary: 'Turn on log file validation so tampering with delivered logs can be detected.',
    console: 'CloudTrail → Trails → TRAIL → General details → Edit → Log file validation: Enabled',
    cli: 'aws cloudtrail update-trail --name TRAIL --enable-log-file-validation',
    terraform: `resource "aws_cloudtrail" "this" {
  # … the trail's other arguments
  enable_log_file_validation = true
}`,
  },
  evaluate: (evidence) =>
    perTrail(evidence, 'CloudTrail log file validation', (trail, refs) => {
      const details = {
        logFileValidationEnabled: trail.logFileValidationEnabled,
        homeRegion: trail.homeRegion,
        multiRegion: trail.isMultiRegionTrail,
        seenInRegions: trail.seenInRegions,
      };
      return trail.logFileValidationEnabled
        ? { status: 'pass', resource: trailResource(trail), message: `Trail ${trail.name} has log file validation on.`, evidence: refs, details }
        : { status: 'fail', resource: trailResource(trail), message: `Trail ${trail.name} has log file validation off.`, evidence: refs, details };
    }),
});

const kmsEncrypted = defineCheck({
  id: 'aws.cloudtrail.kms-encrypted',
  title: 'CloudTrail logs are encrypted with KMS',
  source: 'aws',
  severity: 'medium',
  judges: 'trails',
  resourceType: 'aws.cloudtrail.trail',
  needs: [NEED],
  remediation: {
    summary: 'Encrypt the trail with a customer-managed KMS key (SSE-KMS).',
    console: 'CloudTrail → Trails → TRAIL → General details → Edit → Log file SSE-KMS encryption: Enabled',
    cli: 'aws cloudtrail update-trail --name TRAIL --kms-key-id KEY_ARN',
    terraform: `resource "aws_cloudtrail" "this" {
  # … the trail's other arguments
  kms_key_id = aws_kms_key.cloudtrail.arn
}`,
  },
  evaluate: (evidence) =>
    perTrail(evidence, 'CloudTrail KMS encryption', (trail, refs) =>
      trail.kmsKeyId
        ? {
            status: 'pass',
            resource: trailResource(trail),
            message: `Trail ${trail.name} is encrypted with ${trail.kmsKeyId}.`,
            evidence: refs,
            details: { kmsKeyId: trail.kmsKeyId },
          }
        : {
            status: 'fail',
            resource: trailResource(trail),
            message: `Trail ${trail.name} has no KMS key (logs use S3's default encryption only).`,
            evidence: refs,
            details: { kmsKeyId: null },
          },
    ),
});

export const awsCloudTrailChecks: AnyCheck[] = [multiRegion, logValidation, kmsEncrypted];
