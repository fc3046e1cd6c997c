// Shared by the stack collector tests: the second round's AWS checks and the demo organization config.
export const STACK_CHECKS = [
  'aws.waf.internet-facing',
  'aws.vpc.flow-logs',
  'aws.securityhub.enabled',
  'aws.accessanalyzer.enabled',
  'aws.cloudwatch.root-usage-alarm',
  'aws.logs.retention',
  'aws.ecs.task-secrets',
];

export { comparable, orgConfig } from './encryption-helpers.js';
