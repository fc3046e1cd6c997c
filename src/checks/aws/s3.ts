// S3 buckets: default encryption (algorithm recorded), TLS-only bucket policy, Block Public Access.
import { z } from 'zod';
import type { EvidenceRef, FindingDraft, Resource } from '../../core/types.js';
import type { AwsAccountEvidence } from '../../evidence/aws/index.js';
import type { PublicAccessBlockSettings, S3BucketEvidence } from '../../evidence/aws/s3.js';
import { defineCheck, type AnyCheck } from '../types.js';
import { accountResource, errorFinding, forEachAccount } from './common.js';
import { analyseTlsOnly } from './s3-policy.js';
import type { Evidence } from '../../evidence/index.js';
import { S3_NEEDS } from '../../evidence/aws/s3.js';

const NEEDS = S3_NEEDS;

const bucketResource = (account: AwsAccountEvidence, bucket: S3BucketEvidence): Resource => ({
  type: 'aws.s3.bucket',
  id: `arn:aws:s3:::${bucket.name}`,
  name: bucket.name,
  account: account.accountId,
  ...(bucket.region.ok ? { region: bucket.region.value } : {}),
});

/** Walks every bucket of every entered account; a failed ListBuckets or an empty account speak for the account. */
function forEachBucket(
  evidence: Evidence,
  what: string,
  judge: (account: AwsAccountEvidence, bucket: S3BucketEvidence, resource: Resource, out: FindingDraft[]) => void,
): FindingDraft[] {
  return forEachAccount(
    evidence,
    (a) => accountResource(a),
    what,
    (account, out) => {
      const s3 = account.s3;
      if (!s3) {
        out.push(errorFinding(accountResource(account), undefined, what));
        return;
      }
      if (!s3.buckets.ok) {
        out.push(errorFinding(accountResource(account), s3.buckets.error, `${what} (buckets could not be listed)`, s3.buckets.refs));
        return;
      }
      if (s3.buckets.value.length === 0) {
        out.push({
          status: 'not_applicable',
          resource: accountResource(account),
          message: `Account ${account.accountId} has no S3 buckets.`,
          evidence: s3.buckets.refs,
          details: { buckets: 0 },
        });
        return;
      }
      for (const bucket of s3.buckets.value) judge(account, bucket, bucketResource(account, bucket), out);
    },
  );
}

const ALGORITHM_NAMES: Record<string, string> = { AES256: 'SSE-S3', 'aws:kms': 'SSE-KMS', 'aws:kms:dsse': 'DSSE-KMS' };

const encryptionParams = z.object({ requireKms: z.boolean().default(false) }).strict();

const encryption = defineCheck<z.infer<typeof encryptionParams>>({
  id: 'aws.s3.encryption',
  title: 'S3 buckets are encrypted at rest',
  source: 'aws',
  severity: 'medium',
  judges: 'S3 buckets (default encryption; SSE-S3 vs SSE-KMS recorded)',
  resourceType: 'aws.s3.bucket',
  needs: [NEEDS.buckets, NEEDS.encryption],
  params: encryptionParams,
  remediation: {
    summary: 'Set a default encryption configuration on the bucket (SSE-KMS with a customer-managed key where the data is sensitive).',
    console: 'S3 → Buckets → bucket → Properties → Default encryption → Edit',
    cli:
      'aws s3api put-bucket-encryption --bucket BUCKET --server-side-encryption-configuration ' +
      '\'{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms"},' +
      '"BucketKeyEnabled":true}]}\'',
    terraform: `resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.s3.arn
    }
  }
}`,
  },
  evaluate(evidence, ctx) {
    return forEachBucket(evidence, 'S3 default encryption', (_account, bucket, resource, out) => {
      const c = bucket.encryption;
      if (!c?.ok) {
        out.push(errorFinding(resource, c?.error, `default encryption of bucket ${bucket.name}`, c?.refs));
        return;
      }
      const rules = c.value ?? [];
      if (rules.length === 0) {
        out.push({
          status: 'fail',
          resource,
          message: `Bucket ${bucket.name} has no default encryption configuration.`,
          evidence: c.refs,
          details: { algorithm: null },
        });
        return;
      }
      const rule = rules[0]!;
      const name = ALGORITHM_NAMES[rule.algorithm] ?? rule.algorithm;
      const details = { algorithm: rule.algorithm, encryption: name, kmsKeyId: rule.kmsKeyId ?? null, bucketKeyEnabled: rule.bucketKeyEnabled ?? null };
      if (ctx.params.requireKms && rule.algorithm === 'AES256') {
        out.push({
          status: 'fail',
          resource,
          message: `Bucket ${bucket.name} is encrypted with SSE-S3, but this check is configured to require SSE-KMS.`,
          evidence: c.refs,
          details,
        });
        return;
      }
      out.push({
        status: 'pass',
        resource,
        message: `Bucket ${bucket.name} encrypts new objects by default with ${name} (${rule.algorithm}).`,
        evidence: c.refs,
        details,
      });
    });
  },
});

const tlsOnly = defineCheck({
  id: 'aws.s3.tls-only',
  title: 'S3 buckets deny non-TLS access',
  source: 'aws',
  severity: 'medium',
  judges: 'S3 buckets (bucket policy denies every action when aws:SecureTransport is false)',
  resourceType: 'aws.s3.bucket',
  needs: [NEEDS.buckets, NEEDS.policy],
  remediation: {
    summary:
      'Add a bucket policy statement: Effect Deny, Principal "*", Action "s3:*", Resource the ' +
      'bucket ARN and BUCKET_ARN/*, Condition {"Bool": {"aws:SecureTransport": "false"}}.',
    console: 'S3 → Buckets → bucket → Permissions → Bucket policy → Edit',
    cli: 'aws s3api put-bucket-policy --bucket BUCKET --policy file://deny-insecure-transport.json',
    terraform: `data "aws_iam_policy_document" "tls_only" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.this.arn, "\${aws_s3_bucket.this.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "tls_only" {
  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.tls_only.json
}`,
  },
  evaluate(evidence) {
    return forEachBucket(evidence, 'the S3 TLS-only bucket policy', (_account, bucket, resource, out) => {
      const c = bucket.policy;
      if (!c?.ok) {
        out.push(errorFinding(resource, c?.error, `whether bucket ${bucket.name} denies non-TLS requests`, c?.refs));
        return;
      }
      if (c.value === null) {
        out.push({
          status: 'fail',
          resource,
          message: `Bucket ${bucket.name} has no bucket policy, so requests without TLS are not denied.`,
          evidence: c.refs,
          details: { hasPolicy: false },
        });
        return;
      }
      const analysis = analyseTlsOnly(c.value, bucket.name);
      if ('invalid' in analysis) {
        out.push(
          errorFinding(resource, { kind: 'invalid_response', message: analysis.invalid }, `whether bucket ${bucket.name} denies non-TLS requests`, c.refs),
        );
      } else if (analysis.tlsOnly) {
        out.push({
          status: 'pass',
          resource,
          message: `Bucket ${bucket.name} denies every request made without TLS (statement ${analysis.statementId}).`,
          evidence: c.refs,
          details: { hasPolicy: true, statementId: analysis.statementId },
        });
      } else {
        out.push({
          status: 'fail',
          resource,
          message: `Bucket ${bucket.name}'s policy does not deny every request made without TLS to the bucket and all its objects (${analysis.reasons[0]}).`,
          evidence: c.refs,
          details: { hasPolicy: true, reasons: analysis.reasons },
        });
      }
    });
  },
});

const SETTINGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

const publicAccessBlock = defineCheck({
  id: 'aws.s3.public-access-block',
  title: 'S3 public access is blocked',
  source: 'aws',
  severity: 'high',
  judges: 'S3 buckets (each of the four Block Public Access settings on at the account or the bucket)',
  resourceType: 'aws.s3.bucket',
  needs: [NEEDS.buckets, NEEDS.bucketPublicAccessBlock, NEEDS.accountPublicAccessBlock],
  remediation: {
    summary: 'Turn on all four Block Public Access settings for the account (preferred) or for the bucket.',
    console: 'S3 → Block Public Access settings for this account → Edit → Block all public access',
    cli:
      'aws s3control put-public-access-block --account-id ACCOUNT --public-access-block-configuration ' +
      'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
    terraform: `resource "aws_s3_account_public_access_block" "this" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}`,
  },
  evaluate(evidence) {
    return forEachBucket(evidence, 'S3 Block Public Access', (account, bucket, resource, out) => {
      // S3 applies, setting by setting, the more restrictive of the account's and the bucket's value:
      // a setting is in force when either level turns it on.
      const accountRead = account.s3?.accountPublicAccessBlock;
      const bucketRead = bucket.publicAccessBlock;
      const known = (c: typeof accountRead): PublicAccessBlockSettings | null | undefined => (c?.ok ? c.value : undefined);
      const acct = known(accountRead);
      const bkt = known(bucketRead);
      const refs: EvidenceRef[] = [...(accountRead?.refs ?? []), ...(bucketRead?.refs ?? [])];
      const on = (s: (typeof SETTINGS)[number], level: PublicAccessBlockSettings | null | undefined) => level?.[s] === true;
      const missing = SETTINGS.filter((s) => !on(s, acct) && !on(s, bkt));
      const details = {
        accountBlock: acct === undefined ? 'unknown' : acct === null ? 'none' : SETTINGS.filter((s) => on(s, acct)).join(',') || 'all off',
        bucketBlock: bkt === undefined ? 'unknown' : bkt === null ? 'none' : SETTINGS.filter((s) => on(s, bkt)).join(',') || 'all off',
      };
      if (missing.length === 0) {
        out.push({
          status: 'pass',
          resource,
          message:
            `All four Block Public Access settings are in force for bucket ${bucket.name} ` +
            `(account: ${details.accountBlock}; bucket: ${details.bucketBlock}).`,
          evidence: refs,
          details,
        });
        return;
      }
      // A setting off at the level we could read might still be on at the level we could not.
      const unread = acct === undefined ? accountRead : bkt === undefined ? bucketRead : undefined;
      if (acct === undefined || bkt === undefined) {
        const which = acct === undefined ? 'the account-level' : 'the bucket-level';
        out.push(
          errorFinding(
            resource,
            unread && !unread.ok ? unread.error : undefined,
            `Block Public Access for bucket ${bucket.name} (${which} setting could not be read)`,
            refs,
          ),
        );
        return;
      }
      out.push({
        status: 'fail',
        resource,
        message:
          `Bucket ${bucket.name} is not covered by all four Block Public Access settings: ${missing.join(', ')}` +
          ` ${missing.length === 1 ? 'is' : 'are'} off at both the account and the bucket.`,
        evidence: refs,
        details: { ...details, settingsOff: [...missing] },
      });
    });
  },
});

export const awsS3Checks: AnyCheck[] = [encryption, tlsOnly, publicAccessBlock];
