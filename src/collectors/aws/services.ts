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
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { ECSClient } from '@aws-sdk/client-ecs';
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
  wafv2: { Client: WAFV2Client, envKey: 'WAFV2', actionPrefix: 'wafv2', global: false },
  cloudfront: { Client: CloudFrontClient, envKey: 'CLOUDFRONT', actionPrefix: 'cloudfront', global: true },
  apigateway: { Client: APIGatewayClient, envKey: 'API_GATEWAY', actionPrefix: 'apigateway', global: false },
  cloudwatch: { Client: CloudWatchClient, envKey: 'CLOUDWATCH', actionPrefix: 'cloudwatch', global: false },
  logs: { Client: CloudWatchLogsClient, envKey: 'CLOUDWATCH_LOGS', actionPrefix: 'logs', global: false },
  events: { Client: EventBridgeClient, envKey: 'EVENTBRIDGE', actionPrefix: 'events', global: false },
  securityhub: { Client: SecurityHubClient, envKey: 'SECURITYHUB', actionPrefix: 'securityhub', global: false },
  accessanalyzer: { Client: AccessAnalyzerClient, envKey: 'ACCESSANALYZER', actionPrefix: 'access-analyzer', global: false },
  ecs: { Client: ECSClient, envKey: 'ECS', actionPrefix: 'ecs', global: false },
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
  // API Gateway's control plane is authorized by HTTP method on the resource path.
  apigateway: { GetRestApis: 'apigateway:GET', GetStages: 'apigateway:GET' },
};

export function iamActionFor(service: AwsServiceId, operation: string): string {
  return ACTION_OVERRIDES[service]?.[operation] ?? `${AWS_SERVICES[service].actionPrefix}:${operation}`;
}
