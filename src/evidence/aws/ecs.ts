// ECS task definitions: the latest ACTIVE revision of each family. Environment values are never kept
// (the collector drops them before the response is recorded): only each variable's name and whether
// it held a plain value.
import type { Collected } from '../../core/types.js';

export interface EcsContainerEvidence {
  name: string;
  environment: Array<{ name: string; valuePresent: boolean }>;
  /** `secrets` entries (Secrets Manager / SSM references). */
  secrets: Array<{ name: string; valueFrom: string }>;
}

export interface EcsTaskDefinitionEvidence {
  arn: string;
  family: string;
  revision: number;
  status: string;
  containers: EcsContainerEvidence[];
}

export interface EcsFamilyEvidence {
  family: string;
  /** The highest ACTIVE revision's ARN (from `ListTaskDefinitions`). */
  latestArn: string;
  /** `DescribeTaskDefinition` of that revision. */
  definition: Collected<EcsTaskDefinitionEvidence>;
}

export type EcsFamiliesRead = Collected<EcsFamilyEvidence[]>;

export const ECS_NEEDS = { taskDefinitions: 'aws.ecs.taskDefinitions' } as const;
