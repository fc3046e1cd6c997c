// What of each AWS answer (and request) is kept as evidence: an allow-list per operation, keyed like the
// evidence operation (`service:Operation`). AWS answers have fixed shapes, so most subtrees are kept whole;
// credentials are not (AssumeRole keeps who and until when, never the keys). An operation missing here
// falls back to key-name redaction, and test/architecture/least-privilege.test.ts names it.
import type { Keep } from '../../run/evidence-store.js';

const ERROR: Keep = { Error: { Code: true, Message: true } };
const paged = (items: Record<string, Keep>, marker: string): Keep => ({ ...items, [marker]: true });

export const AWS_KEEP: Record<string, { parameters: Keep; response: Keep }> = {
  'sts:GetCallerIdentity': { parameters: {}, response: { Account: true, Arn: true, UserId: true } },
  // Never Credentials.SecretAccessKey / SessionToken.
  'sts:AssumeRole': {
    parameters: { RoleArn: true, RoleSessionName: true, DurationSeconds: true },
    response: { Credentials: { AccessKeyId: true, Expiration: true }, AssumedRoleUser: true },
  },
  'organizations:ListAccounts': {
    parameters: { NextToken: true, MaxResults: true },
    response: paged(
      { Accounts: { Id: true, Arn: true, Name: true, Email: true, Status: true, State: true, JoinedMethod: true, JoinedTimestamp: true } },
      'NextToken',
    ),
  },
  'ec2:DescribeRegions': { parameters: { AllRegions: true, Filters: true }, response: { Regions: true } },
  'ec2:DescribeVolumes': {
    parameters: { NextToken: true, MaxResults: true, Filters: true },
    response: paged(
      {
        Volumes: {
          VolumeId: true,
          Encrypted: true,
          KmsKeyId: true,
          State: true,
          Size: true,
          VolumeType: true,
          AvailabilityZone: true,
          CreateTime: true,
          Attachments: { InstanceId: true, State: true, Device: true },
        },
      },
      'NextToken',
    ),
  },
  'ec2:GetEbsEncryptionByDefault': { parameters: {}, response: { EbsEncryptionByDefault: true, SseType: true } },
  'iam:GenerateCredentialReport': { parameters: {}, response: { State: true, Description: true } },
  // The report is the evidence auditors ask for: users, ARNs, dates, MFA and key flags (no secrets in it).
  'iam:GetCredentialReport': { parameters: {}, response: { Content: true, ReportFormat: true, GeneratedTime: true } },
  'iam:GetAccountSummary': { parameters: {}, response: { SummaryMap: true } },
  'iam:GetAccountPasswordPolicy': { parameters: {}, response: { PasswordPolicy: true, ...(ERROR as object) } },
  'cloudtrail:DescribeTrails': { parameters: { includeShadowTrails: true, trailNameList: true }, response: { trailList: true } },
  'cloudtrail:GetTrailStatus': {
    parameters: { Name: true },
    response: {
      IsLogging: true,
      LatestDeliveryError: true,
      LatestDeliveryTime: true,
      StartLoggingTime: true,
      StopLoggingTime: true,
      LatestDigestDeliveryTime: true,
      LatestDigestDeliveryError: true,
    },
  },
  'cloudtrail:GetEventSelectors': { parameters: { TrailName: true }, response: { TrailARN: true, EventSelectors: true, AdvancedEventSelectors: true } },
  'config:DescribeConfigurationRecorders': { parameters: {}, response: { ConfigurationRecorders: true } },
  'config:DescribeConfigurationRecorderStatus': { parameters: {}, response: { ConfigurationRecordersStatus: true } },
  'guardduty:ListDetectors': { parameters: { NextToken: true, MaxResults: true }, response: paged({ DetectorIds: true }, 'NextToken') },
  'guardduty:GetDetector': {
    parameters: { DetectorId: true },
    response: { Status: true, ServiceRole: true, FindingPublishingFrequency: true, CreatedAt: true, UpdatedAt: true, DataSources: true, Features: true },
  },
  's3:ListBuckets': {
    parameters: { MaxBuckets: true, ContinuationToken: true },
    response: paged({ Buckets: { Name: true, CreationDate: true, BucketRegion: true }, Owner: { ID: true } }, 'ContinuationToken'),
  },
  's3:GetBucketLocation': { parameters: { Bucket: true }, response: { LocationConstraint: true } },
  's3:GetBucketEncryption': { parameters: { Bucket: true }, response: { ServerSideEncryptionConfiguration: true, ...(ERROR as object) } },
  's3:GetBucketPolicy': { parameters: { Bucket: true }, response: { Policy: true, ...(ERROR as object) } },
  's3:GetPublicAccessBlock': { parameters: { Bucket: true }, response: { PublicAccessBlockConfiguration: true, ...(ERROR as object) } },
  's3control:GetPublicAccessBlock': { parameters: { AccountId: true }, response: { PublicAccessBlockConfiguration: true, ...(ERROR as object) } },
  'rds:DescribeDBInstances': {
    parameters: { Marker: true, MaxRecords: true },
    response: paged(
      {
        DBInstances: {
          DBInstanceIdentifier: true,
          DBInstanceArn: true,
          DBClusterIdentifier: true,
          Engine: true,
          EngineVersion: true,
          DBInstanceStatus: true,
          StorageEncrypted: true,
          KmsKeyId: true,
          BackupRetentionPeriod: true,
          MultiAZ: true,
          ReadReplicaSourceDBInstanceIdentifier: true,
          AvailabilityZone: true,
        },
      },
      'Marker',
    ),
  },
  'rds:DescribeDBClusters': {
    parameters: { Marker: true, MaxRecords: true },
    response: paged(
      {
        DBClusters: {
          DBClusterIdentifier: true,
          DBClusterArn: true,
          Engine: true,
          EngineVersion: true,
          Status: true,
          StorageEncrypted: true,
          KmsKeyId: true,
          BackupRetentionPeriod: true,
          MultiAZ: true,
          AvailabilityZones: true,
          DBClusterMembers: true,
        },
      },
      'Marker',
    ),
  },
  'kms:ListKeys': { parameters: { Marker: true, Limit: true }, response: paged({ Keys: true, Truncated: true }, 'NextMarker') },
  'kms:DescribeKey': { parameters: { KeyId: true }, response: { KeyMetadata: true } },
  'kms:GetKeyRotationStatus': {
    parameters: { KeyId: true },
    response: { KeyRotationEnabled: true, KeyId: true, RotationPeriodInDays: true, NextRotationDate: true },
  },
  'elbv2:DescribeLoadBalancers': {
    parameters: { PageSize: true, Marker: true, Names: true },
    response: paged(
      {
        LoadBalancers: { LoadBalancerArn: true, LoadBalancerName: true, Type: true, Scheme: true, State: true, VpcId: true, DNSName: true, CreatedTime: true },
      },
      'NextMarker',
    ),
  },
  'elbv2:DescribeListeners': {
    parameters: { LoadBalancerArn: true, PageSize: true, Marker: true },
    response: paged(
      { Listeners: { ListenerArn: true, LoadBalancerArn: true, Port: true, Protocol: true, SslPolicy: true, Certificates: true, DefaultActions: true } },
      'NextMarker',
    ),
  },
  'elbv2:DescribeRules': {
    parameters: { ListenerArn: true, PageSize: true, Marker: true },
    response: paged({ Rules: { RuleArn: true, Priority: true, Conditions: true, Actions: true, IsDefault: true } }, 'NextMarker'),
  },
  'elb:DescribeLoadBalancers': {
    parameters: { PageSize: true, Marker: true },
    response: paged(
      { LoadBalancerDescriptions: { LoadBalancerName: true, DNSName: true, Scheme: true, CreatedTime: true, ListenerDescriptions: true } },
      'NextMarker',
    ),
  },
  // Second round: edge, monitoring, workloads (stack checks) and people (Identity Center, IAM user tags).
  'wafv2:ListWebACLs': {
    parameters: { Scope: true, NextMarker: true, Limit: true },
    response: paged({ WebACLs: { Name: true, Id: true, ARN: true, Description: true } }, 'NextMarker'),
  },
  'wafv2:ListResourcesForWebACL': { parameters: { WebACLArn: true, ResourceType: true }, response: { ResourceArns: true } },
  // Distribution summaries only: origins can carry custom headers holding shared secrets.
  'cloudfront:ListDistributions': {
    parameters: { Marker: true, MaxItems: true },
    response: {
      DistributionList: {
        Marker: true,
        NextMarker: true,
        IsTruncated: true,
        MaxItems: true,
        Quantity: true,
        Items: { Id: true, ARN: true, DomainName: true, Status: true, Enabled: true, WebACLId: true, Aliases: true, Comment: true },
      },
    },
  },
  'apigateway:GetRestApis': {
    parameters: { position: true, limit: true },
    response: paged({ items: { id: true, name: true, endpointConfiguration: true, createdDate: true } }, 'position'),
  },
  'apigateway:GetStages': {
    parameters: { restApiId: true },
    response: { item: { stageName: true, webAclArn: true, deploymentId: true, createdDate: true, lastUpdatedDate: true } },
  },
  'ec2:DescribeVpcs': {
    parameters: { NextToken: true, MaxResults: true, Filters: true },
    response: paged({ Vpcs: { VpcId: true, OwnerId: true, IsDefault: true, State: true, CidrBlock: true } }, 'NextToken'),
  },
  'ec2:DescribeNetworkInterfaces': {
    parameters: { NextToken: true, MaxResults: true, Filters: true },
    response: paged({ NetworkInterfaces: { NetworkInterfaceId: true, VpcId: true, InterfaceType: true, Status: true } }, 'NextToken'),
  },
  'ec2:DescribeFlowLogs': {
    parameters: { NextToken: true, MaxResults: true, Filter: true },
    response: paged(
      {
        FlowLogs: {
          FlowLogId: true,
          ResourceId: true,
          FlowLogStatus: true,
          DeliverLogsStatus: true,
          DeliverLogsErrorMessage: true,
          TrafficType: true,
          LogDestinationType: true,
          LogDestination: true,
          LogGroupName: true,
          CreationTime: true,
        },
      },
      'NextToken',
    ),
  },
  'securityhub:DescribeHub': {
    parameters: { HubArn: true },
    response: { HubArn: true, SubscribedAt: true, AutoEnableControls: true, ControlFindingGenerator: true, ...(ERROR as object) },
  },
  'accessanalyzer:ListAnalyzers': {
    parameters: { type: true, nextToken: true, maxResults: true },
    response: paged({ analyzers: { arn: true, name: true, type: true, status: true, statusReason: true, createdAt: true } }, 'nextToken'),
  },
  'logs:DescribeLogGroups': {
    parameters: { nextToken: true, limit: true, logGroupNamePrefix: true },
    response: paged(
      { logGroups: { logGroupName: true, arn: true, logGroupArn: true, retentionInDays: true, creationTime: true, kmsKeyId: true, logGroupClass: true } },
      'nextToken',
    ),
  },
  'logs:DescribeMetricFilters': {
    parameters: { logGroupName: true, nextToken: true, limit: true },
    response: paged(
      { metricFilters: { filterName: true, filterPattern: true, logGroupName: true, metricTransformations: true, creationTime: true } },
      'nextToken',
    ),
  },
  'cloudwatch:DescribeAlarmsForMetric': {
    parameters: { MetricName: true, Namespace: true },
    response: {
      MetricAlarms: {
        AlarmName: true,
        AlarmArn: true,
        MetricName: true,
        Namespace: true,
        ActionsEnabled: true,
        AlarmActions: true,
        OKActions: true,
        InsufficientDataActions: true,
        StateValue: true,
        Statistic: true,
        Threshold: true,
        ComparisonOperator: true,
        Period: true,
        EvaluationPeriods: true,
      },
    },
  },
  'events:ListRules': {
    parameters: { NextToken: true, Limit: true, EventBusName: true, NamePrefix: true },
    response: paged({ Rules: { Name: true, Arn: true, EventPattern: true, State: true, EventBusName: true, ScheduleExpression: true } }, 'NextToken'),
  },
  // A target's Input may carry anything: only which targets there are.
  'events:ListTargetsByRule': {
    parameters: { Rule: true, EventBusName: true, NextToken: true, Limit: true },
    response: paged({ Targets: { Id: true, Arn: true, RoleArn: true } }, 'NextToken'),
  },
  'ecs:ListTaskDefinitions': {
    parameters: { familyPrefix: true, status: true, sort: true, nextToken: true, maxResults: true },
    response: paged({ taskDefinitionArns: true }, 'nextToken'),
  },
  // Environment values were dropped before recording (recordOnly in the ECS collector): names and secret references remain.
  'ecs:DescribeTaskDefinition': { parameters: { taskDefinition: true }, response: { taskDefinition: true } },
  'iam:ListUserTags': { parameters: { UserName: true, Marker: true, MaxItems: true }, response: paged({ Tags: true, IsTruncated: true }, 'Marker') },
  'ssoadmin:ListInstances': {
    parameters: { NextToken: true, MaxResults: true },
    response: paged(
      { Instances: { InstanceArn: true, IdentityStoreId: true, OwnerAccountId: true, Name: true, Status: true, CreatedDate: true } },
      'NextToken',
    ),
  },
  // People: names and emails only (no addresses, phone numbers or other profile data).
  'identitystore:ListUsers': {
    parameters: { IdentityStoreId: true, NextToken: true, MaxResults: true },
    response: paged(
      {
        Users: {
          UserId: true,
          UserName: true,
          DisplayName: true,
          IdentityStoreId: true,
          Name: { GivenName: true, FamilyName: true, Formatted: true },
          Emails: { Value: true, Primary: true, Type: true },
        },
      },
      'NextToken',
    ),
  },
};
