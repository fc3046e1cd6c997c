// ECS task definitions, per region: every ACTIVE revision's ARN (`ListTaskDefinitions`, 100 per page),
// grouped by family to its highest revision, then `DescribeTaskDefinition` of that revision only.
// (ListTaskDefinitions with `familyPrefix` would also match longer family names: `web` matches
// `web-worker`.) Environment values are dropped before the response is recorded: only names stay.
import {
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  type DescribeTaskDefinitionCommandOutput,
  type ListTaskDefinitionsCommandOutput,
} from '@aws-sdk/client-ecs';
import { collected, type EvidenceRef } from '../../core/types.js';
import { ECS_NEEDS, type EcsFamilyEvidence, type EcsTaskDefinitionEvidence } from '../../evidence/aws/ecs.js';
import { allPages, attempt, type AwsRegionCollector } from './collector.js';

/** `arn:aws:ecs:REGION:ACCT:task-definition/FAMILY:REVISION` → family and revision. */
export function parseTaskDefinitionArn(arn: string): { family: string; revision: number } | undefined {
  const m = arn.match(/:task-definition\/(.+):(\d+)$/);
  return m ? { family: m[1]!, revision: Number(m[2]) } : undefined;
}

/** The response without any environment value: `{ name, value }` becomes `{ name, valuePresent }`. */
export function withoutEnvironmentValues(output: DescribeTaskDefinitionCommandOutput): DescribeTaskDefinitionCommandOutput {
  const td = output.taskDefinition;
  if (!td) return output;
  const containerDefinitions = (td.containerDefinitions ?? []).map((c) => ({
    ...c,
    environment: (c.environment ?? []).map((e) => ({ name: e.name, valuePresent: typeof e.value === 'string' && e.value.length > 0 })),
  }));
  return { ...output, taskDefinition: { ...td, containerDefinitions } } as DescribeTaskDefinitionCommandOutput;
}

export const ecsRegionCollector: AwsRegionCollector = {
  provides: [ECS_NEEDS.taskDefinitions],
  async collect({ session, region }, into) {
    into.ecsTaskFamilies = await attempt(async () => {
      const refs: EvidenceRef[] = [];
      const pages = await allPages(async (token) => {
        const { output, ref } = await session.send<ListTaskDefinitionsCommandOutput>(
          'ecs',
          region,
          new ListTaskDefinitionsCommand({ status: 'ACTIVE', maxResults: 100, ...(token ? { nextToken: token } : {}) }),
        );
        refs.push(ref);
        return { page: output.taskDefinitionArns ?? [], next: output.nextToken };
      });
      const latest = new Map<string, { arn: string; revision: number }>();
      for (const arn of pages.flat()) {
        const parsed = parseTaskDefinitionArn(arn);
        if (!parsed) continue;
        const known = latest.get(parsed.family);
        if (!known || parsed.revision > known.revision) latest.set(parsed.family, { arn, revision: parsed.revision });
      }
      const families = await Promise.all(
        [...latest.entries()].map(
          async ([family, { arn }]): Promise<EcsFamilyEvidence> => ({
            family,
            latestArn: arn,
            definition: await attempt(async () => {
              const { output, ref } = await session.send<DescribeTaskDefinitionCommandOutput>(
                'ecs',
                region,
                new DescribeTaskDefinitionCommand({ taskDefinition: arn }),
                withoutEnvironmentValues,
              );
              const td = output.taskDefinition;
              const definition: EcsTaskDefinitionEvidence = {
                arn: td?.taskDefinitionArn ?? arn,
                family: td?.family ?? family,
                revision: td?.revision ?? 0,
                status: String(td?.status ?? ''),
                containers: (td?.containerDefinitions ?? []).map((c) => ({
                  name: c.name ?? '',
                  environment: (c.environment ?? []).map((e) => ({
                    name: e.name ?? '',
                    valuePresent: (e as { valuePresent?: boolean }).valuePresent === true,
                  })),
                  secrets: (c.secrets ?? []).map((s) => ({ name: s.name ?? '', valueFrom: s.valueFrom ?? '' })),
                })),
              };
              return collected(definition, [ref]);
            }),
          }),
        ),
      );
      families.sort((a, b) => a.family.localeCompare(b.family));
      return collected(families, refs);
    });
  },
};
