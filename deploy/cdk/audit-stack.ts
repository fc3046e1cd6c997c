// The audit account: the evidence bucket (Object Lock COMPLIANCE, versioned, SSE-KMS with a rotating key,
// TLS only, public access blocked), the monthly ECS Fargate task on an EventBridge Scheduler schedule, and
// the GitHub OIDC role for the Actions workflow. Everything a user chooses is a CloudFormation parameter,
// so the synthesised template in deploy/cloudformation/ deploys from the console as it is.
import { CfnCondition, CfnOutput, CfnParameter, Duration, Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { readOnlyPolicy, storeActions } from './policies.js';

/** Fixed role names, so the member-account role can trust exactly these two. */
export const TASK_ROLE_NAME = 'soc2-evidence-task';
export const GITHUB_ROLE_NAME = 'soc2-evidence-github';
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
/** Where runs live in the bucket (`--out s3://BUCKET/runs`). */
export const RUNS_PREFIX = 'runs';
export const LOG_RETENTION = logs.RetentionDays.THIRTEEN_MONTHS; // 400 days: a 12-month audit period and then some

export class AuditAccountStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.templateOptions.description = 'soc2-evidence audit account: Object Lock evidence bucket, monthly ECS Fargate run, GitHub Actions OIDC role';

    const image = new CfnParameter(this, 'ContainerImage', {
      type: 'String',
      description:
        'Image to run: built FROM the soc2-evidence Dockerfile with your soc2-evidence.yaml copied ' +
        'into /home/node (e.g. 111111111111.dkr.ecr.us-east-1.amazonaws.com/soc2-evidence:2026-12)',
    });
    const retentionDays = new CfnParameter(this, 'RetentionDays', {
      type: 'Number',
      default: 400,
      minValue: 1,
      description: 'Object Lock COMPLIANCE default retention in days: no one, root included, can change or delete a stored run before then',
    });
    const vpcId = new CfnParameter(this, 'VpcId', { type: 'AWS::EC2::VPC::Id', description: 'VPC of the task' });
    const subnets = new CfnParameter(this, 'SubnetIds', {
      type: 'List<AWS::EC2::Subnet::Id>',
      description: 'Private subnets with outbound HTTPS (NAT gateway or VPC endpoints); the task gets no public IP',
    });
    const schedule = new CfnParameter(this, 'ScheduleExpression', {
      type: 'String',
      default: 'cron(0 6 1 * ? *)',
      description: 'EventBridge Scheduler expression (UTC); default 06:00 on the 1st of every month',
    });
    const scheduleState = new CfnParameter(this, 'ScheduleState', {
      type: 'String',
      default: 'ENABLED',
      allowedValues: ['ENABLED', 'DISABLED'],
      description: 'DISABLED when the GitHub Actions workflow runs the audit instead of ECS',
    });
    const idpTokenVariable = new CfnParameter(this, 'IdpTokenVariable', {
      type: 'String',
      default: 'OKTA_API_TOKEN',
      allowedValues: ['OKTA_API_TOKEN', 'ENTRA_CLIENT_SECRET', 'GOOGLE_OAUTH_ACCESS_TOKEN'],
      description: 'Environment variable the identity-provider secret is given to the task as',
    });
    const githubRepository = new CfnParameter(this, 'GitHubRepository', {
      type: 'String',
      allowedPattern: '[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+',
      description: 'OWNER/REPO whose workflow may assume the GitHub role (the repository holding soc2-evidence.yaml)',
    });
    const githubBranch = new CfnParameter(this, 'GitHubBranch', {
      type: 'String',
      default: 'main',
      description: 'Branch whose workflow runs may assume the GitHub role (scheduled runs use the default branch)',
    });
    const createOidcProvider = new CfnParameter(this, 'CreateGitHubOidcProvider', {
      type: 'String',
      default: 'true',
      allowedValues: ['true', 'false'],
      description: 'false when the account already has the token.actions.githubusercontent.com identity provider',
    });

    // --- Evidence store ---------------------------------------------------------------------------
    const key = new kms.Key(this, 'EvidenceKey', {
      description: 'soc2-evidence runs (S3 SSE-KMS)',
      enableKeyRotation: true,
      alias: 'alias/soc2-evidence',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const bucket = new s3.Bucket(this, 'EvidenceBucket', {
      objectLockEnabled: true,
      versioned: true,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The L2 checks its retention at synth time, which a parameter cannot pass: set it on the resource.
    (bucket.node.defaultChild as s3.CfnBucket).addPropertyOverride('ObjectLockConfiguration', {
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: retentionDays.valueAsNumber } },
    });

    // The store policy's actions on this bucket, plus the key for SSE-KMS (reads decrypt, writes encrypt).
    const store = storeActions();
    const storeStatements = [
      new iam.PolicyStatement({ sid: 'Soc2EvidenceStoreBucket', actions: store.bucket, resources: [bucket.bucketArn] }),
      new iam.PolicyStatement({ sid: 'Soc2EvidenceStoreObjects', actions: store.objects, resources: [bucket.arnForObjects(`${RUNS_PREFIX}/*`)] }),
      new iam.PolicyStatement({
        sid: 'Soc2EvidenceStoreKey',
        actions: [...new Set(['kms:Decrypt', 'kms:GenerateDataKey', ...store.key])].sort(),
        resources: [key.keyArn],
      }),
    ];
    const runnerPolicies = () => ({
      'soc2-evidence-readonly': iam.PolicyDocument.fromJson(readOnlyPolicy()),
      'soc2-evidence-store': new iam.PolicyDocument({ statements: storeStatements }),
    });

    // --- Monthly ECS Fargate task -----------------------------------------------------------------
    const cluster = new ecs.CfnCluster(this, 'Cluster', { clusterName: 'soc2-evidence' });
    const logGroup = new logs.LogGroup(this, 'Logs', { logGroupName: '/soc2-evidence', retention: LOG_RETENTION, removalPolicy: RemovalPolicy.RETAIN });
    const taskRole = new iam.Role(this, 'TaskRole', {
      roleName: TASK_ROLE_NAME,
      description: 'soc2-evidence ECS task: reads the audited accounts, writes runs to the evidence bucket',
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': this.account } } }),
      inlinePolicies: runnerPolicies(),
    });
    const tokens = {
      GITHUB_TOKEN: new secretsmanager.Secret(this, 'GitHubToken', {
        secretName: 'soc2-evidence/github-token',
        description: 'GitHub organization read token for soc2-evidence (replace the generated value)',
      }),
      IDP: new secretsmanager.Secret(this, 'IdpToken', {
        secretName: 'soc2-evidence/idp-token',
        description: 'Identity-provider API token or client secret for soc2-evidence (replace the generated value)',
      }),
      SOC2_NOTIFY_URL: new secretsmanager.Secret(this, 'NotifyUrl', {
        secretName: 'soc2-evidence/notify-url',
        description: 'Webhook URL for the run summary, read by notify: in the config (replace the generated value)',
      }),
    };
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      family: 'soc2-evidence',
      cpu: 1024,
      memoryLimitMiB: 2048,
      taskRole,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    taskDefinition.addContainer('soc2-evidence', {
      image: ecs.ContainerImage.fromRegistry(image.valueAsString),
      command: ['collect', '--out', `s3://${bucket.bucketName}/${RUNS_PREFIX}`, '--fail-on', 'new'],
      environment: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      // Tokens reach the container only as ECS secrets, resolved by the agent at start: never in the task definition.
      secrets: {
        GITHUB_TOKEN: ecs.Secret.fromSecretsManager(tokens.GITHUB_TOKEN),
        SOC2_NOTIFY_URL: ecs.Secret.fromSecretsManager(tokens.SOC2_NOTIFY_URL),
      },
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'run' }),
      essential: true,
    });
    // The identity provider's variable name is a parameter; CDK keys ECS secrets by literal names, so add it raw.
    tokens.IDP.grantRead(taskDefinition.obtainExecutionRole());
    (taskDefinition.node.defaultChild as ecs.CfnTaskDefinition).addPropertyOverride('ContainerDefinitions.0.Secrets.2', {
      Name: idpTokenVariable.valueAsString,
      ValueFrom: tokens.IDP.secretArn,
    });

    const securityGroup = new ec2.CfnSecurityGroup(this, 'TaskSecurityGroup', {
      groupDescription: 'soc2-evidence task: outbound HTTPS only, nothing inbound',
      vpcId: vpcId.valueAsString,
      securityGroupEgress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '0.0.0.0/0', description: 'AWS, GitHub and identity-provider APIs' }],
    });
    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      description: 'EventBridge Scheduler: starts the soc2-evidence task',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': this.account } } }),
    });
    schedulerRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['ecs:RunTask'],
        resources: [Fn.join('', ['arn:', this.partition, ':ecs:', this.region, ':', this.account, ':task-definition/', taskDefinition.family, ':*'])],
        conditions: { ArnEquals: { 'ecs:cluster': cluster.attrArn } },
      }),
    );
    schedulerRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [taskRole.roleArn, taskDefinition.obtainExecutionRole().roleArn] }),
    );
    new scheduler.CfnSchedule(this, 'MonthlyRun', {
      name: 'soc2-evidence-monthly',
      description: 'Runs soc2-evidence collect once a month',
      scheduleExpression: schedule.valueAsString,
      scheduleExpressionTimezone: 'UTC',
      state: scheduleState.valueAsString,
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: cluster.attrArn,
        roleArn: schedulerRole.roleArn,
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
        ecsParameters: {
          taskDefinitionArn: taskDefinition.taskDefinitionArn,
          launchType: 'FARGATE',
          platformVersion: 'LATEST',
          taskCount: 1,
          networkConfiguration: {
            awsvpcConfiguration: { subnets: subnets.valueAsList, securityGroups: [securityGroup.attrGroupId], assignPublicIp: 'DISABLED' },
          },
        },
      },
    });

    // --- GitHub Actions by OIDC -------------------------------------------------------------------
    const createProvider = new CfnCondition(this, 'CreateProvider', { expression: Fn.conditionEquals(createOidcProvider.valueAsString, 'true') });
    const provider = new iam.CfnOIDCProvider(this, 'GitHubOidcProvider', {
      url: `https://${GITHUB_OIDC_HOST}`,
      clientIdList: ['sts.amazonaws.com'],
    });
    provider.cfnOptions.condition = createProvider;
    const providerArn = Fn.join('', ['arn:', this.partition, ':iam::', this.account, `:oidc-provider/${GITHUB_OIDC_HOST}`]);
    const githubRole = new iam.Role(this, 'GitHubRole', {
      roleName: GITHUB_ROLE_NAME,
      description: 'soc2-evidence GitHub Actions workflow (OIDC): reads the audited accounts, writes runs to the evidence bucket',
      maxSessionDuration: Duration.hours(4),
      assumedBy: new iam.FederatedPrincipal(
        providerArn,
        {
          StringEquals: {
            [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com',
            [`${GITHUB_OIDC_HOST}:sub`]: Fn.join('', ['repo:', githubRepository.valueAsString, ':ref:refs/heads/', githubBranch.valueAsString]),
          },
        },
        'sts:AssumeRoleWithWebIdentity',
      ),
      inlinePolicies: runnerPolicies(),
    });

    new CfnOutput(this, 'EvidenceBucketName', { value: bucket.bucketName, description: 'Runs are stored at s3://BUCKET/runs/RUN_ID/' });
    new CfnOutput(this, 'EvidenceKeyArn', { value: key.keyArn });
    new CfnOutput(this, 'GitHubRoleArn', { value: githubRole.roleArn, description: 'Repository variable SOC2_AWS_ROLE_ARN for deploy/github-actions' });
    new CfnOutput(this, 'TaskRoleArn', { value: taskRole.roleArn });
    new CfnOutput(this, 'ClusterName', { value: cluster.ref });
    new CfnOutput(this, 'GitHubTokenSecretArn', { value: tokens.GITHUB_TOKEN.secretArn });
    new CfnOutput(this, 'IdpTokenSecretArn', { value: tokens.IDP.secretArn });
    new CfnOutput(this, 'NotifyUrlSecretArn', { value: tokens.SOC2_NOTIFY_URL.secretArn });
  }
}
