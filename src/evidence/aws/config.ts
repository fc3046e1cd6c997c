/** One configuration recorder (`DescribeConfigurationRecorders`) with its status (`…RecorderStatus`). */
export interface ConfigRecorderEvidence {
  name: string;
  roleArn?: string;
  /** `recordingGroup.allSupported`. AWS leaves it out when false. */
  allSupported: boolean;
  includeGlobalResourceTypes: boolean;
  /** `recordingStrategy.useOnly`, when present (ALL_SUPPORTED_RESOURCE_TYPES, INCLUSION_BY_RESOURCE_TYPES, EXCLUSION_BY_RESOURCE_TYPES). */
  recordingStrategy?: string;
  resourceTypes: string[];
  excludedResourceTypes: string[];
  /** A service-linked recorder (`servicePrincipal` set) records only what its service needs. */
  servicePrincipal?: string;
  /** From `DescribeConfigurationRecorderStatus`; absent when the recorder has no status entry. */
  recording?: boolean;
  lastStatus?: string;
  lastErrorCode?: string;
  lastErrorMessage?: string;
}

/** Evidence keys: checks name them in `needs`; the collector reads only what is needed. */
export const CONFIG_NEEDS = { recorders: 'aws.config.recorders' } as const;
