// Every AWS service the tool reads, with its SDK client, endpoint-override key and IAM action prefix.
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { STSClient } from '@aws-sdk/client-sts';
import { SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { IdentitystoreClient } from '@aws-sdk/client-identitystore';

export const AWS_SERVICES = {
  iam: { Client: IAMClient, envKey: 'IAM', actionPrefix: 'iam', global: true },
  sts: { Client: STSClient, envKey: 'STS', actionPrefix: 'sts', global: true },
  organizations: { Client: OrganizationsClient, envKey: 'ORGANIZATIONS', actionPrefix: 'organizations', global: true },
  ec2: { Client: EC2Client, envKey: 'EC2', actionPrefix: 'ec2', global: false },
  cloudtrail: { Client: CloudTrailClient, envKey: 'CLOUDTRAIL', actionPrefix: 'cloudtrail', global: false },
  config: { Client: ConfigServiceClient, envKey: 'CONFIG_SERVICE', actionPrefix: 'config', global: false },
  guardduty: { Client: GuardDutyClient, envKey: 'GUARDDUTY', actionPrefix: 'guardduty', global: false },
  s3: { Client: S3Client, envKey: 'S3', actionPrefix: 's3', global: false },
  s3control: { Client: S3ControlClient, envKey: 'S3_CONTROL', actionPrefix: 's3', global: false },
  rds: { Client: RDSClient, envKey: 'RDS', actionPrefix: 'rds', global: false },
  kms: { Client: KMSClient, envKey: 'KMS', actionPrefix: 'kms', global: false },
  elbv2: { Client: ElasticLoadBalancingV2Client, envKey: 'ELASTIC_LOAD_BALANCING_V2', actionPrefix: 'elasticloadbalancing', global: false },
  elb: { Client: ElasticLoadBalancingClient, envKey: 'ELASTIC_LOAD_BALANCING', actionPrefix: 'elasticloadbalancing', global: false },
  ssoadmin: { Client: SSOAdminClient, envKey: 'SSO_ADMIN', actionPrefix: 'sso', global: false },
  identitystore: { Client: IdentitystoreClient, envKey: 'IDENTITYSTORE', actionPrefix: 'identitystore', global: false },
} as const;

export type AwsServiceId = keyof typeof AWS_SERVICES;
export type AwsClientOf<S extends AwsServiceId> = InstanceType<(typeof AWS_SERVICES)[S]['Client']>;

/**
 * IAM actions whose name differs from `prefix:Operation`. The least-privilege test maps every command
 * the collectors send through this table and compares the result with policy/iam-policy.json.
 */
const ACTION_OVERRIDES: Partial<Record<AwsServiceId, Record<string, string>>> = {
  s3: {
    ListBuckets: 's3:ListAllMyBuckets',
    GetBucketEncryption: 's3:GetEncryptionConfiguration',
    GetPublicAccessBlock: 's3:GetBucketPublicAccessBlock',
  },
  s3control: { GetPublicAccessBlock: 's3:GetAccountPublicAccessBlock' },
};

export function iamActionFor(service: AwsServiceId, operation: string): string {
  return ACTION_OVERRIDES[service]?.[operation] ?? `${AWS_SERVICES[service].actionPrefix}:${operation}`;
}
