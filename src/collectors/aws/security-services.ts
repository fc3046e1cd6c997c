// Security Hub (`DescribeHub`) and IAM Access Analyzer (`ListAnalyzers`), per region.
import { DescribeHubCommand, type DescribeHubCommandOutput } from '@aws-sdk/client-securityhub';
import { ListAnalyzersCommand, type ListAnalyzersCommandOutput } from '@aws-sdk/client-accessanalyzer';
import { collected } from '../../core/types.js';
import { SECURITY_SERVICES_NEEDS, type AccessAnalyzerEvidence, type SecurityHubEvidence } from '../../evidence/aws/security-services.js';
import { attempt, collectPages, type AwsRegionCollector } from './collector.js';
import { AwsReadError, recordErrorAnswer } from './session.js';

/** Security Hub's answer for an account that is not subscribed in the region (not an access problem). */
const NOT_SUBSCRIBED = new Set(['InvalidAccessException', 'ResourceNotFoundException']);

const securityHubCollector: AwsRegionCollector = {
  provides: [SECURITY_SERVICES_NEEDS.securityHub],
  async collect({ session, region }, into) {
    into.securityHub = await attempt(async () => {
      try {
        const { output, ref } = await session.send<DescribeHubCommandOutput>('securityhub', region, new DescribeHubCommand({}));
        const hub: SecurityHubEvidence = {
          enabled: true,
          ...(output.HubArn ? { hubArn: output.HubArn } : {}),
          ...(output.SubscribedAt ? { subscribedAt: output.SubscribedAt } : {}),
        };
        return collected(hub, [ref]);
      } catch (err) {
        // The "not subscribed" answer is the evidence of the fail: stored like any other answer.
        if (err instanceof AwsReadError && NOT_SUBSCRIBED.has(err.code)) {
          return collected<SecurityHubEvidence>({ enabled: false, notEnabledReason: `${err.code}: ${err.message}` }, [
            recordErrorAnswer(session, 'securityhub', region, 'DescribeHub', {}, err),
          ]);
        }
        throw err;
      }
    });
  },
};

const accessAnalyzerCollector: AwsRegionCollector = {
  provides: [SECURITY_SERVICES_NEEDS.accessAnalyzers],
  async collect({ session, region }, into) {
    const listed = await collectPages(async (token) => {
      const { output, ref } = await session.send<ListAnalyzersCommandOutput>(
        'accessanalyzer',
        region,
        new ListAnalyzersCommand({ maxResults: 100, ...(token ? { nextToken: token } : {}) }),
      );
      return { page: output.analyzers ?? [], next: output.nextToken, ref };
    });
    into.accessAnalyzers = listed.ok
      ? collected(
          listed.value.map(
            (a): AccessAnalyzerEvidence => ({ name: a.name ?? '', arn: a.arn ?? '', type: String(a.type ?? ''), status: String(a.status ?? '') }),
          ),
          listed.refs,
        )
      : listed;
  },
};

export const securityServicesRegionCollectors: AwsRegionCollector[] = [securityHubCollector, accessAnalyzerCollector];
