// policy/store-policy.json is exactly what the run store calls, on the one bucket: the writer's
// permissions are not the collector's (SPEC "Unattended monthly run").
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sources } from '../helpers/source-scan.js';

/** S3 API call → the IAM actions it needs (PutObject with a retention also needs PutObjectRetention). */
const ACTIONS: Record<string, string[]> = {
  PutObjectCommand: ['s3:PutObject', 's3:PutObjectRetention'],
  GetObjectCommand: ['s3:GetObject'],
  HeadObjectCommand: ['s3:GetObject'],
  ListObjectsV2Command: ['s3:ListBucket'],
  GetObjectRetentionCommand: ['s3:GetObjectRetention'],
  GetObjectLockConfigurationCommand: ['s3:GetBucketObjectLockConfiguration'],
};
const BUCKET_ACTIONS = new Set(['s3:ListBucket', 's3:GetBucketObjectLockConfiguration']);

interface PolicyDocument {
  Statement: Array<{ Effect: string; Action: string | string[]; Resource: string | string[] }>;
}

describe('store policy', () => {
  const policy = JSON.parse(readFileSync('policy/store-policy.json', 'utf8')) as PolicyDocument;
  const commands = sources('src/store').flatMap(({ text }) =>
    [...text.matchAll(/import\s*\{([^}]*)\}\s*from\s*['"]@aws-sdk\/client-s3['"]/g)].flatMap((m) =>
      m[1]!
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.endsWith('Command')),
    ),
  );
  const called = new Set(
    commands.flatMap((c) => {
      if (!ACTIONS[c]) throw new Error(`no IAM action known for ${c}: add it to ACTIONS and policy/store-policy.json`);
      return ACTIONS[c]!;
    }),
  );
  const granted = policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) =>
    (Array.isArray(s.Action) ? s.Action : [s.Action]).map((action) => ({ action, resources: Array.isArray(s.Resource) ? s.Resource : [s.Resource] })),
  );

  it('grants exactly the actions the store calls', () => {
    expect(commands.length).toBeGreaterThan(0);
    expect(granted.map((g) => g.action).sort()).toEqual([...called].sort());
  });

  it('grants them on the one bucket only: bucket actions on the bucket, object actions on its objects; no delete, no wildcard action', () => {
    for (const { action, resources } of granted) {
      expect(action).not.toContain('*');
      expect(action).not.toMatch(/Delete|Bypass|PutBucket|PutObjectLegalHold/);
      expect(resources).toEqual([BUCKET_ACTIONS.has(action) ? 'arn:aws:s3:::EVIDENCE_BUCKET' : 'arn:aws:s3:::EVIDENCE_BUCKET/*']);
    }
  });

  it("includes the SPEC's writer permissions", () => {
    for (const a of ['s3:PutObject', 's3:PutObjectRetention', 's3:GetObject', 's3:GetObjectRetention', 's3:ListBucket']) expect(called.has(a)).toBe(true);
  });
});
