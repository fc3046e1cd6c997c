// The CDK app, synthesised offline once: the audit stack's bucket, task, schedule and OIDC role, the
// member role's policy (equal to policy/iam-policy.json), the committed CloudFormation templates in sync,
// and the evidence bucket judged by our own aws.s3.* and aws.kms.* checks as AWS would report it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { awsKmsChecks } from '../../src/checks/aws/kms.js';
import { awsS3Checks } from '../../src/checks/aws/s3.js';
import type { S3BucketEvidence } from '../../src/evidence/aws/s3.js';
import { buildApp } from '../../deploy/cdk/app.js';
import { readOnlyPolicy, storeActions, type PolicyDocumentJson } from '../../deploy/cdk/policies.js';
import { synthTemplates, TEMPLATE_DIR } from '../../deploy/cdk/synth.js';
import { ACCT, account, evaluate, evidenceOf, ok, regional } from '../checks/aws/encryption-evidence.js';

// biome-ignore lint/suspicious/noExplicitAny: synthesised CloudFormation templates are untyped JSON, walked deep into by these assertions.
type Json = any;
let app: ReturnType<typeof buildApp>['app'];
let audit: Template;
let member: Template;
let auditJson: Json;

beforeAll(() => {
  const built = buildApp();
  app = built.app;
  audit = Template.fromStack(built.audit);
  member = Template.fromStack(built.member);
  auditJson = audit.toJSON();
}, 120_000);

const only = (t: Template, type: string): [string, Json] => {
  const found = Object.entries(t.findResources(type));
  expect(found, type).toHaveLength(1);
  return found[0] as [string, Json];
};

/** IAM policy documents compared as sets: CDK may write a one-element list as a string. */
const normalise = (doc: PolicyDocumentJson | Json) => ({
  Version: doc.Version,
  Statement: (doc.Statement as Json[]).map((s) => ({ ...s, Action: [s.Action].flat().sort(), Resource: [s.Resource].flat().sort() })),
});

/** Resolve the intrinsic functions this template uses, as CloudFormation would in one account. */
function resolve(value: Json, refs: Record<string, string>, arns: Record<string, string>): Json {
  if (Array.isArray(value)) return value.map((v) => resolve(v, refs, arns));
  if (value && typeof value === 'object') {
    if ('Ref' in value) return refs[value.Ref] ?? `unresolved:${value.Ref}`;
    if ('Fn::GetAtt' in value) return arns[value['Fn::GetAtt'][0]] ?? `unresolved:${value['Fn::GetAtt'][0]}`;
    if ('Fn::Join' in value) return (resolve(value['Fn::Join'][1], refs, arns) as string[]).join(value['Fn::Join'][0]);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, refs, arns)]));
  }
  return value;
}

describe('audit account: evidence bucket', () => {
  it('is Object Lock COMPLIANCE with the configurable default retention, versioned, SSE-KMS with a rotating key, all public access blocked', () => {
    const [, bucket] = only(audit, 'AWS::S3::Bucket');
    const [keyId, key] = only(audit, 'AWS::KMS::Key');
    expect(bucket.Properties.ObjectLockEnabled).toBe(true);
    expect(bucket.Properties.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: { Ref: 'RetentionDays' } } },
    });
    expect(auditJson.Parameters.RetentionDays).toMatchObject({ Type: 'Number', Default: 400, MinValue: 1 });
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
      { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } } },
    ]);
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(key.DeletionPolicy).toBe('Retain');
  });

  describe('judged by our own checks, as the deployed bucket would be read', () => {
    const NAME = 'soc2-evidence-audit-evidencebucket-abc123';
    const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

    /** What GetBucketEncryption, GetBucketPolicy and GetPublicAccessBlock return for the synthesised bucket. */
    function bucketEvidence(template: Json): S3BucketEvidence {
      const entries = Object.entries(template.Resources as Record<string, Json>);
      const [bucketId, bucket] = entries.find(([, r]) => r.Type === 'AWS::S3::Bucket')!;
      const [keyId] = entries.find(([, r]) => r.Type === 'AWS::KMS::Key')!;
      const refs = { [bucketId]: NAME, 'AWS::Partition': 'aws', 'AWS::AccountId': ACCT, 'AWS::Region': 'eu-west-1' };
      const arns = { [bucketId]: `arn:aws:s3:::${NAME}`, [keyId]: KEY_ARN };
      const props = resolve(bucket.Properties, refs, arns);
      const policy = entries.find(([, r]) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket.Ref === bucketId)?.[1];
      const sse = props.BucketEncryption?.ServerSideEncryptionConfiguration as Json[] | undefined;
      return {
        name: NAME,
        region: ok('eu-west-1'),
        encryption: ok(
          sse
            ? sse.map((r) => ({
                algorithm: r.ServerSideEncryptionByDefault.SSEAlgorithm,
                kmsKeyId: r.ServerSideEncryptionByDefault.KMSMasterKeyID,
                bucketKeyEnabled: r.BucketKeyEnabled,
              }))
            : null,
        ),
        policy: ok(policy ? JSON.stringify(resolve(policy.Properties.PolicyDocument, refs, arns)) : null),
        publicAccessBlock: ok(props.PublicAccessBlockConfiguration ?? null),
      };
    }

    const judge = (template: Json) => {
      const evidence = evidenceOf(account({ s3: { buckets: ok([bucketEvidence(template)]), accountPublicAccessBlock: ok(null) } }));
      return Object.fromEntries(
        awsS3Checks.map((c) => [c.id, evaluate(c, evidence, c.id === 'aws.s3.encryption' ? { requireKms: true } : {}).map((f) => f.status)]),
      );
    };

    it('every aws.s3.* check passes on the bucket (SSE-KMS required), and aws.kms.key-rotation on its key', () => {
      expect(judge(auditJson)).toEqual({ 'aws.s3.encryption': ['pass'], 'aws.s3.tls-only': ['pass'], 'aws.s3.public-access-block': ['pass'] });
      const [, key] = only(audit, 'AWS::KMS::Key');
      const keys = [
        {
          keyId: 'k',
          arn: KEY_ARN,
          metadata: ok({
            keyManager: 'CUSTOMER',
            keySpec: key.Properties.KeySpec ?? 'SYMMETRIC_DEFAULT',
            keyUsage: 'ENCRYPT_DECRYPT',
            keyState: 'Enabled',
            origin: 'AWS_KMS',
          }),
          rotation: ok({ enabled: key.Properties.EnableKeyRotation === true }),
        },
      ];
      const findings = evaluate(awsKmsChecks[0]!, evidenceOf(account({ regional: [regional('eu-west-1', { kms: { keys: ok(keys) } })] })));
      expect(findings.map((f) => f.status)).toEqual(['pass']);
    });

    it('the same harness fails a bucket without the TLS policy, the public-access blocks or KMS (so the pass above means something)', () => {
      const copy = () => JSON.parse(JSON.stringify(auditJson)) as Json;
      const bucketOf = (t: Json) => Object.values(t.Resources as Record<string, Json>).find((r) => r.Type === 'AWS::S3::Bucket');
      const noPolicy = copy();
      for (const [id, r] of Object.entries(noPolicy.Resources as Record<string, Json>)) if (r.Type === 'AWS::S3::BucketPolicy') delete noPolicy.Resources[id];
      expect(judge(noPolicy)['aws.s3.tls-only']).toEqual(['fail']);
      const noBlock = copy();
      delete bucketOf(noBlock).Properties.PublicAccessBlockConfiguration;
      expect(judge(noBlock)['aws.s3.public-access-block']).toEqual(['fail']);
      const sseS3 = copy();
      bucketOf(sseS3).Properties.BucketEncryption.ServerSideEncryptionConfiguration = [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }];
      expect(judge(sseS3)['aws.s3.encryption']).toEqual(['fail']);
    });
  });
});

describe('audit account: monthly ECS Fargate task', () => {
  it('gets its tokens only as ECS secrets from Secrets Manager; nothing secret in environment or the template', () => {
    const [, taskDef] = only(audit, 'AWS::ECS::TaskDefinition');
    const [container] = taskDef.Properties.ContainerDefinitions as Json[];
    const secretIds = Object.keys(audit.findResources('AWS::SecretsManager::Secret'));
    expect(container.Secrets).toEqual([
      { Name: 'GITHUB_TOKEN', ValueFrom: { Ref: expect.stringMatching(/^GitHubToken/) } },
      { Name: 'SOC2_NOTIFY_URL', ValueFrom: { Ref: expect.stringMatching(/^NotifyUrl/) } },
      { Name: { Ref: 'IdpTokenVariable' }, ValueFrom: { Ref: expect.stringMatching(/^IdpToken/) } },
    ]);
    for (const s of container.Secrets as Json[]) expect(secretIds).toContain(s.ValueFrom.Ref);
    for (const e of container.Environment as Json[]) expect(e.Name).not.toMatch(/TOKEN|SECRET|PASSWORD|KEY|WEBHOOK|NOTIFY/i);
    // Secrets are created with a generated placeholder, never with a value written in the template.
    for (const secret of Object.values(audit.findResources('AWS::SecretsManager::Secret')) as Json[]) expect(secret.Properties.SecretString).toBeUndefined();
    // Only the execution role (which starts the container) can read them.
    const [, execPolicy] = Object.entries(audit.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith('TaskExecutionRole'))!;
    const reads = (execPolicy as Json).Properties.PolicyDocument.Statement.filter((s: Json) => [s.Action].flat().includes('secretsmanager:GetSecretValue'));
    expect(reads.flatMap((s: Json) => [s.Resource].flat().map((r: Json) => r.Ref)).sort()).toEqual([...secretIds].sort());
  });

  it('runs the image with collect --out s3://BUCKET/runs --fail-on new, logs kept 400 days, as a task role holding the read-only and store policies', () => {
    const [bucketId] = only(audit, 'AWS::S3::Bucket');
    const [, taskDef] = only(audit, 'AWS::ECS::TaskDefinition');
    const [container] = taskDef.Properties.ContainerDefinitions as Json[];
    expect(container.Image).toEqual({ Ref: 'ContainerImage' });
    expect(container.Command).toEqual(['collect', '--out', { 'Fn::Join': ['', ['s3://', { Ref: bucketId }, '/runs']] }, '--fail-on', 'new']);
    expect(taskDef.Properties.RequiresCompatibilities).toEqual(['FARGATE']);
    expect(taskDef.Properties.NetworkMode).toBe('awsvpc');
    expect(container.LogConfiguration.LogDriver).toBe('awslogs');
    const [logId, logGroup] = only(audit, 'AWS::Logs::LogGroup');
    expect(container.LogConfiguration.Options['awslogs-group']).toEqual({ Ref: logId });
    expect(logGroup.Properties.RetentionInDays).toBe(400);

    const [taskRoleId, taskRole] = Object.entries(audit.findResources('AWS::IAM::Role')).find(
      ([, r]) => (r as Json).Properties.RoleName === 'soc2-evidence-task',
    )! as [string, Json];
    expect(taskDef.Properties.TaskRoleArn).toEqual({ 'Fn::GetAtt': [taskRoleId, 'Arn'] });
    const policies = Object.fromEntries((taskRole.Properties.Policies as Json[]).map((p) => [p.PolicyName, p.PolicyDocument]));
    expect(normalise(policies['soc2-evidence-readonly'])).toEqual(normalise(readOnlyPolicy()));
    const store = storeActions();
    const statements = policies['soc2-evidence-store'].Statement as Json[];
    const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
    expect([bySid.Soc2EvidenceStoreBucket.Action].flat()).toEqual(store.bucket);
    expect(bySid.Soc2EvidenceStoreBucket.Resource).toEqual({ 'Fn::GetAtt': [bucketId, 'Arn'] });
    expect([bySid.Soc2EvidenceStoreObjects.Action].flat()).toEqual(store.objects);
    expect(bySid.Soc2EvidenceStoreObjects.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/runs/*']] });
    expect(bySid.Soc2EvidenceStoreKey.Action).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey']));
    // Every action the store policy file names reaches the role.
    const granted = statements.flatMap((s) => [s.Action].flat());
    for (const s of JSON.parse(readFileSync('policy/store-policy.json', 'utf8')).Statement as Json[])
      for (const a of [s.Action].flat()) expect(granted).toContain(a);
  });

  it('is started monthly by EventBridge Scheduler on Fargate in private subnets, without a public IP', () => {
    const [, schedule] = only(audit, 'AWS::Scheduler::Schedule');
    const [clusterId] = only(audit, 'AWS::ECS::Cluster');
    const [taskDefId] = only(audit, 'AWS::ECS::TaskDefinition');
    expect(schedule.Properties.ScheduleExpression).toEqual({ Ref: 'ScheduleExpression' });
    expect(auditJson.Parameters.ScheduleExpression.Default).toBe('cron(0 6 1 * ? *)');
    expect(schedule.Properties.ScheduleExpressionTimezone).toBe('UTC');
    expect(schedule.Properties.State).toEqual({ Ref: 'ScheduleState' });
    expect(schedule.Properties.Target.Arn).toEqual({ 'Fn::GetAtt': [clusterId, 'Arn'] });
    expect(schedule.Properties.Target.EcsParameters).toMatchObject({
      TaskDefinitionArn: { Ref: taskDefId },
      LaunchType: 'FARGATE',
      TaskCount: 1,
      NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED', Subnets: { Ref: 'SubnetIds' } } },
    });
    const [, sg] = only(audit, 'AWS::EC2::SecurityGroup');
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    expect(sg.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 })]);
  });
});

describe('audit account: GitHub Actions OIDC role', () => {
  it('trusts token.actions.githubusercontent.com for aud sts.amazonaws.com and a sub pinned to one repository and branch', () => {
    const [, provider] = only(audit, 'AWS::IAM::OIDCProvider');
    expect(provider.Properties).toMatchObject({ Url: 'https://token.actions.githubusercontent.com', ClientIdList: ['sts.amazonaws.com'] });
    expect(provider.Condition).toBe('CreateProvider');
    const [, role] = Object.entries(audit.findResources('AWS::IAM::Role')).find(([, r]) => (r as Json).Properties.RoleName === 'soc2-evidence-github')! as [
      string,
      Json,
    ];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRoleWithWebIdentity',
        Principal: {
          Federated: {
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':oidc-provider/token.actions.githubusercontent.com']],
          },
        },
        Condition: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'token.actions.githubusercontent.com:sub': {
              'Fn::Join': ['', ['repo:', { Ref: 'GitHubRepository' }, ':ref:refs/heads/', { Ref: 'GitHubBranch' }]],
            },
          },
        },
      },
    ]);
    expect(auditJson.Parameters.GitHubRepository.Default).toBeUndefined();
    const policies = Object.fromEntries((role.Properties.Policies as Json[]).map((p) => [p.PolicyName, p.PolicyDocument]));
    expect(normalise(policies['soc2-evidence-readonly'])).toEqual(normalise(readOnlyPolicy()));
    expect(Object.keys(policies)).toEqual(['soc2-evidence-readonly', 'soc2-evidence-store']);
  });
});

describe('member accounts', () => {
  it('soc2-evidence-readonly: exactly policy/iam-policy.json, assumable only by the audit account’s two runner roles', () => {
    const [, role] = only(member, 'AWS::IAM::Role');
    expect(role.Properties.RoleName).toBe('soc2-evidence-readonly');
    expect(role.Properties.Policies).toHaveLength(1);
    expect(normalise(role.Properties.Policies[0].PolicyDocument)).toEqual(normalise(readOnlyPolicy()));
    const [trust] = role.Properties.AssumeRolePolicyDocument.Statement as Json[];
    expect(trust.Action).toBe('sts:AssumeRole');
    const arn = (tail: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AuditAccountId' }, tail]] });
    expect(trust.Principal).toEqual({ AWS: arn(':root') });
    expect(trust.Condition).toEqual({ ArnEquals: { 'aws:PrincipalArn': [arn(':role/soc2-evidence-task'), arn(':role/soc2-evidence-github')] } });
  });

  it('is a template a StackSet can deploy: one parameter, no assets, no bootstrap, no custom resources', () => {
    const json = member.toJSON();
    expect(Object.keys(json.Parameters)).toEqual(['AuditAccountId']);
    expect(json.Rules).toBeUndefined();
    expect(Object.values(json.Resources as Record<string, Json>).map((r) => r.Type)).toEqual(['AWS::IAM::Role']);
  });
});

describe('deploy/cloudformation', () => {
  it('the audit template needs no CDK bootstrap, assets or Lambda-backed custom resources', () => {
    expect(auditJson.Parameters.BootstrapVersion).toBeUndefined();
    expect(auditJson.Rules).toBeUndefined();
    const types = Object.values(auditJson.Resources as Record<string, Json>).map((r) => r.Type as string);
    expect(types.filter((t) => t.startsWith('Custom::') || t.startsWith('AWS::Lambda::') || t === 'AWS::CDK::Metadata')).toEqual([]);
  });

  it('the committed templates equal a fresh synth (run `npm run synth` after changing deploy/cdk or policy/*.json)', () => {
    for (const { file, text } of synthTemplates(app)) {
      const committed = readFileSync(path.join(TEMPLATE_DIR, file), 'utf8');
      expect(committed === text, `deploy/cloudformation/${file} is out of date: run npm run synth`).toBe(true);
    }
  });
});
