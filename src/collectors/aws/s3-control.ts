// S3 Control: the account-level Block Public Access configuration (`null` when none is set).
import { GetPublicAccessBlockCommand, type GetPublicAccessBlockCommandOutput } from '@aws-sdk/client-s3-control';
import { collected, type Collected } from '../../core/types.js';
import type { PublicAccessBlockSettings } from '../../evidence/aws/s3.js';
import { attempt } from './collector.js';
import { type AwsReadError, awsErrorCode, recordErrorAnswer, type AwsSession } from './session.js';

export async function accountPublicAccessBlock(session: AwsSession, region: string, accountId: string): Promise<Collected<PublicAccessBlockSettings | null>> {
  return attempt(async () => {
    try {
      const { output, ref } = await session.send<GetPublicAccessBlockCommandOutput>(
        's3control',
        region,
        new GetPublicAccessBlockCommand({ AccountId: accountId }),
      );
      const c = output.PublicAccessBlockConfiguration;
      return collected(
        {
          BlockPublicAcls: c?.BlockPublicAcls === true,
          IgnorePublicAcls: c?.IgnorePublicAcls === true,
          BlockPublicPolicy: c?.BlockPublicPolicy === true,
          RestrictPublicBuckets: c?.RestrictPublicBuckets === true,
        },
        [ref],
      );
    } catch (err) {
      if (awsErrorCode(err) === 'NoSuchPublicAccessBlockConfiguration')
        return collected(null, [recordErrorAnswer(session, 's3control', region, 'GetPublicAccessBlock', { AccountId: accountId }, err as AwsReadError)]);
      throw err;
    }
  });
}
