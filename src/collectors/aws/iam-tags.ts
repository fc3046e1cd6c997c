// IAM ListUserTags, only for the users whose link to a person the config does not already declare:
// an `email` tag is how an IAM user names its person. One call per such user (paged by Marker).
import { ListUserTagsCommand, type ListUserTagsCommandOutput } from '@aws-sdk/client-iam';
import pLimit from 'p-limit';
import { collected, type Collected, type EvidenceRef } from '../../core/types.js';
import type { CredentialReportRow } from '../../evidence/aws/iam.js';
import { allPages, attempt } from './collector.js';
import type { AwsSession } from './session.js';

/** Users with a console password or an active key, other than root and those declared in `people:`. */
export function usersNeedingTags(rows: readonly CredentialReportRow[], declared: ReadonlySet<string>): string[] {
  return rows
    .filter((r) => r.user !== '<root_account>' && (r.password_enabled === 'true' || r.access_key_1_active === 'true' || r.access_key_2_active === 'true'))
    .filter((r) => !declared.has(r.user.toLowerCase()) && !declared.has(r.arn.toLowerCase()))
    .map((r) => r.user);
}

export async function readUserTags(session: AwsSession, region: string, users: readonly string[]): Promise<Record<string, Collected<Record<string, string>>>> {
  const limit = pLimit(5);
  const entries = await Promise.all(
    users.map((user) =>
      limit(async () => {
        const refs: EvidenceRef[] = [];
        const tags = await attempt(async () => {
          const pages = await allPages(async (marker) => {
            const { output, ref } = await session.send<ListUserTagsCommandOutput>(
              'iam',
              region,
              new ListUserTagsCommand({ UserName: user, ...(marker ? { Marker: marker } : {}) }),
            );
            refs.push(ref);
            return { page: output.Tags ?? [], next: output.IsTruncated ? output.Marker : undefined };
          });
          return collected(Object.fromEntries(pages.flat().map((t) => [t.Key ?? '', t.Value ?? ''])), refs);
        });
        return [user, tags.ok ? tags : { ...tags, refs }] as const;
      }),
    ),
  );
  return Object.fromEntries(entries);
}
