// policy/iam-policy.json is exactly the set of AWS actions the collectors call: nothing missing
// (a run would hit AccessDenied), nothing extra (least privilege).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLE } from '../../src/collectors/aws/accounts.js';
import { AWS_KEEP } from '../../src/collectors/aws/keep.js';
import { iamActionFor, type AwsServiceId } from '../../src/collectors/aws/services.js';
import { awsCommandsUsed } from '../helpers/source-scan.js';

/** SDK package → the service id the collectors use for it. */
const CLIENT_TO_SERVICE: Record<string, AwsServiceId> = {
  'client-iam': 'iam',
  'client-sts': 'sts',
  'client-organizations': 'organizations',
  'client-ec2': 'ec2',
  'client-cloudtrail': 'cloudtrail',
  'client-config-service': 'config',
  'client-guardduty': 'guardduty',
  'client-s3': 's3',
  'client-s3-control': 's3control',
  'client-rds': 'rds',
  'client-kms': 'kms',
  'client-elastic-load-balancing-v2': 'elbv2',
  'client-elastic-load-balancing': 'elb',
  'client-wafv2': 'wafv2',
  'client-cloudfront': 'cloudfront',
  'client-api-gateway': 'apigateway',
  'client-cloudwatch': 'cloudwatch',
  'client-cloudwatch-logs': 'logs',
  'client-eventbridge': 'events',
  'client-securityhub': 'securityhub',
  'client-accessanalyzer': 'accessanalyzer',
  'client-ecs': 'ecs',
  'client-sso-admin': 'ssoadmin',
  'client-identitystore': 'identitystore',
};

/** API Gateway authorizes its control plane by HTTP method; GET is its read. */
const READ_BY_METHOD = new Set(['apigateway:GET']);

/** Calls AWS answers for any signed-in principal, without an IAM permission. */
const NEEDS_NO_PERMISSION = new Set(['sts:GetCallerIdentity']);

interface PolicyDocument {
  Statement: Array<{ Effect: string; Action: string | string[]; Resource: string | string[] }>;
}

describe('least privilege', () => {
  const policy = JSON.parse(readFileSync('policy/iam-policy.json', 'utf8')) as PolicyDocument;
  const granted = new Set(policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));
  const called = new Set(
    awsCommandsUsed()
      .map(({ client, command }) => {
        const service = CLIENT_TO_SERVICE[client];
        if (!service) throw new Error(`no service id for @aws-sdk/${client}: add it to CLIENT_TO_SERVICE and services.ts`);
        return iamActionFor(service, command.replace(/Command$/, ''));
      })
      .filter((action) => !NEEDS_NO_PERMISSION.has(action)),
  );

  it('grants every action the code calls', () => {
    expect([...called].filter((a) => !granted.has(a)).sort()).toEqual([]);
  });

  it('grants no action the code never calls', () => {
    expect([...granted].filter((a) => !called.has(a)).sort()).toEqual([]);
  });

  it('grants no wildcard and no write action', () => {
    for (const action of granted) {
      expect(action).not.toContain('*');
      if (READ_BY_METHOD.has(action)) continue;
      expect(action.split(':')[1]).toMatch(/^(Get|List|Describe|Lookup|Select|GenerateCredentialReport$|AssumeRole$)/);
    }
  });

  it('allows sts:AssumeRole only on the audit role the tool enters by default, as the README says', () => {
    const assume = policy.Statement.filter((s) => s.Effect === 'Allow' && [s.Action].flat().includes('sts:AssumeRole'));
    expect(assume).toHaveLength(1);
    expect([assume[0]!.Action].flat()).toEqual(['sts:AssumeRole']);
    expect([assume[0]!.Resource].flat()).toEqual([`arn:aws:iam::*:role/${DEFAULT_ROLE}`]);
    expect(DEFAULT_ROLE).toBe('soc2-evidence-readonly');
    expect(readFileSync('README.md', 'utf8')).toContain(`\`sts:AssumeRole\` on \`arn:aws:iam::*:role/${DEFAULT_ROLE}\``);
  });

  it('names what it keeps of every AWS operation it sends (allow-listed evidence)', () => {
    const sent = awsCommandsUsed().map(({ client, command }) => `${CLIENT_TO_SERVICE[client]}:${command.replace(/Command$/, '')}`);
    expect([...new Set(sent)].filter((op) => !AWS_KEEP[op]).sort()).toEqual([]);
  });
});
