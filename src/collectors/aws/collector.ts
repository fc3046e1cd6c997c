// How a per-service AWS collector plugs in: it declares the evidence keys it provides and fills them.
import type { Collected, EvidenceRef } from '../../core/types.js';
import { collected, failed } from '../../core/types.js';
import type { AwsAccountEvidence, AwsRegionEvidence } from '../../evidence/aws/index.js';
import { errorMessage } from '../../core/errors.js';
import { AwsReadError, type AwsSession } from './session.js';

export interface AwsAccountScope {
  session: AwsSession;
  accountId: string;
  /** Regions being judged in this account (already resolved). */
  regions: readonly string[];
  /** Region for global services' calls (IAM, S3 ListBuckets). */
  homeRegion: string;
  needs: ReadonlySet<string>;
  /** Account names (IAM user names, ARNs; lower case) already linked or declared in the config's `people:`. */
  declaredAccounts?: ReadonlySet<string>;
}

export interface AwsRegionScope extends AwsAccountScope {
  region: string;
}

/** Fills account-level fields of AwsAccountEvidence (IAM, CloudTrail, S3). Must not throw. */
export interface AwsAccountCollector {
  provides: readonly string[];
  collect(scope: AwsAccountScope, into: AwsAccountEvidence): Promise<void>;
}

/** Fills one region's fields of AwsRegionEvidence (Config, GuardDuty, EBS…). Must not throw. */
export interface AwsRegionCollector {
  provides: readonly string[];
  collect(scope: AwsRegionScope, into: AwsRegionEvidence): Promise<void>;
}

/** Runs a read; a failed AWS call becomes a `Collected` failure (any other exception too, as `other`). */
export async function attempt<T>(read: () => Promise<Collected<T>>): Promise<Collected<T>> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof AwsReadError) return failed(err.error);
    return failed({ kind: 'other', message: `unexpected error: ${errorMessage(err)}` });
  }
}

/** All pages of a paginated read: `fetchPage(token)` returns the page and the next token. */
export async function allPages<P>(fetchPage: (token: string | undefined) => Promise<{ page: P; next?: string | undefined }>): Promise<P[]> {
  const pages: P[] = [];
  let token: string | undefined;
  const seen = new Set<string>();
  do {
    const { page, next } = await fetchPage(token);
    pages.push(page);
    // A token seen twice would loop forever; stop rather than hang a scheduled run.
    if (next && seen.has(next)) throw new Error(`pagination token repeated (${next.slice(0, 40)})`);
    if (next) seen.add(next);
    token = next || undefined;
  } while (token);
  return pages;
}

/** Every item of a paginated list read as one `Collected`, with each page's evidence ref. */
export async function collectPages<T>(
  fetchPage: (token: string | undefined) => Promise<{ page: T[]; next?: string | undefined; ref: EvidenceRef }>,
): Promise<Collected<T[]>> {
  return attempt(async () => {
    const refs: EvidenceRef[] = [];
    const pages = await allPages(async (token) => {
      const { page, next, ref } = await fetchPage(token);
      refs.push(ref);
      return { page, next };
    });
    return collected(pages.flat(), refs);
  });
}

/** What one service module contributes. */
export interface AwsServiceCollectors {
  account: readonly AwsAccountCollector[];
  region: readonly AwsRegionCollector[];
}
