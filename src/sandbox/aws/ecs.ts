// ECS (awsJson1_1): ListTaskDefinitions (status, sort, nextToken/maxResults ≤ 100) and DescribeTaskDefinition.
import { AwsFault, epochSeconds, page, type AwsServiceHandler } from './protocol.js';

export interface SandboxTaskDefinition {
  family: string;
  revision: number;
  status?: 'ACTIVE' | 'INACTIVE';
  containers: Array<{ name: string; environment?: Record<string, string>; secrets?: Record<string, string> }>;
}

export interface SandboxEcs {
  taskDefinitions: SandboxTaskDefinition[];
}

export const ecsHandler: AwsServiceHandler = {
  protocol: 'json',
  actionPrefix: 'ecs',
  handle(call) {
    const all = call.account.regions[call.region]?.ecs?.taskDefinitions ?? [];
    const arn = (t: SandboxTaskDefinition) => `arn:aws:ecs:${call.region}:${call.account.id}:task-definition/${t.family}:${t.revision}`;
    switch (call.operation) {
      case 'ListTaskDefinitions': {
        const status = (call.input.status as string | undefined) ?? 'ACTIVE';
        const prefix = call.input.familyPrefix as string | undefined;
        const sorted = all
          .filter((t) => (t.status ?? 'ACTIVE') === status && (!prefix || t.family.startsWith(prefix)))
          .sort((a, b) => a.family.localeCompare(b.family) || a.revision - b.revision);
        if (call.input.sort === 'DESC') sorted.reverse();
        const max = Number(call.input.maxResults ?? 100);
        if (max < 1 || max > 100) throw new AwsFault('InvalidParameterException', 'maxResults must be between 1 and 100', 400);
        const { items, next } = page(sorted, call.input.nextToken as string | undefined, Math.min(max, call.pageSize(100)));
        return { taskDefinitionArns: items.map(arn), ...(next ? { nextToken: next } : {}) };
      }
      case 'DescribeTaskDefinition': {
        const wanted = String(call.input.taskDefinition ?? '');
        const td = all.find((t) => arn(t) === wanted || `${t.family}:${t.revision}` === wanted);
        if (!td) throw new AwsFault('ClientException', 'Unable to describe task definition.', 400);
        return {
          taskDefinition: {
            taskDefinitionArn: arn(td),
            family: td.family,
            revision: td.revision,
            status: td.status ?? 'ACTIVE',
            networkMode: 'awsvpc',
            requiresCompatibilities: ['FARGATE'],
            cpu: '256',
            memory: '512',
            registeredAt: epochSeconds('2026-10-01T00:00:00Z'),
            containerDefinitions: td.containers.map((c) => ({
              name: c.name,
              image: `123456789012.dkr.ecr.${call.region}.amazonaws.com/${td.family}:latest`,
              essential: true,
              environment: Object.entries(c.environment ?? {}).map(([name, value]) => ({ name, value })),
              secrets: Object.entries(c.secrets ?? {}).map(([name, valueFrom]) => ({ name, valueFrom })),
            })),
          },
          tags: [],
        };
      }
      default:
        throw new AwsFault('UnknownOperationException', `sandbox ECS does not implement ${call.operation}`, 400);
    }
  },
};
