export interface ConfigRecorderEvidence {
  name: string;
  roleArn?: string;
  allSupported: boolean;
  includeGlobalResourceTypes: boolean;
  /** `recordingStrategy.useOnly`, when present (ALL_SUPPORTED_RESOURCE_TYPES, INCLUSION_BY_RESOURCE_TYPES, EXCLUSION_BY_RESOURCE_TYPES). */
  recordingStrategy?: string;
  resourceTypes: string[];
  /** From `DescribeConfigurationRecorderStatus`; absent when the recorder has no status entry. */
  recording?: boolean;
  lastStatus?: string;
  lastErrorCode?: string;
}
