// The shipped IAM policies (policy/*.json) are the one source of truth: the stacks build their
// permissions from these files, so a new action there reaches the roles on the next `npm run synth`.
import { readFileSync } from 'node:fs';

export interface PolicyStatementJson {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
}

export interface PolicyDocumentJson {
  Version: string;
  Statement: PolicyStatementJson[];
}

const read = (name: string): PolicyDocumentJson => JSON.parse(readFileSync(new URL(`../../policy/${name}`, import.meta.url), 'utf8')) as PolicyDocumentJson;

/** policy/iam-policy.json: the read-only actions the collectors call (attached in every audited account). */
export const readOnlyPolicy = (): PolicyDocumentJson => read('iam-policy.json');

/** policy/store-policy.json: what writing and reading runs in the S3 store needs. */
export const storePolicy = (): PolicyDocumentJson => read('store-policy.json');

const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

/** Every action the store policy allows, split by what it applies to: the bucket, its objects, or the bucket's KMS key. */
export function storeActions(doc: PolicyDocumentJson = storePolicy()): { bucket: string[]; objects: string[]; key: string[] } {
  const out = { bucket: new Set<string>(), objects: new Set<string>(), key: new Set<string>() };
  for (const statement of doc.Statement) {
    if (statement.Effect !== 'Allow') continue;
    for (const action of list(statement.Action)) {
      if (/^s3:(ListBucket|GetBucket|GetLifecycle|GetEncryption)/i.test(action)) out.bucket.add(action);
      else if (/^s3:/i.test(action)) out.objects.add(action);
      else if (/^kms:/i.test(action)) out.key.add(action);
      else throw new Error(`policy/store-policy.json: ${action} is neither an S3 nor a KMS action; say in deploy/cdk/policies.ts what it applies to`);
    }
  }
  const sorted = (s: Set<string>) => [...s].sort();
  return { bucket: sorted(out.bucket), objects: sorted(out.objects), key: sorted(out.key) };
}
