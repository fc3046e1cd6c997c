// Every audited (member) account: the read-only role soc2-evidence-readonly, trusting only the audit
// account's two runner roles, with exactly policy/iam-policy.json. Deploy it to every account with a
// CloudFormation StackSet (service-managed, auto-deployment on) from the synthesised template.
import { CfnOutput, CfnParameter, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { GITHUB_ROLE_NAME, TASK_ROLE_NAME } from './audit-stack.js';
import { readOnlyPolicy } from './policies.js';

export const READONLY_ROLE_NAME = 'soc2-evidence-readonly';

export class MemberReadOnlyStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.templateOptions.description = 'soc2-evidence member account: read-only role assumed from the audit account (deploy with a StackSet)';

    const auditAccount = new CfnParameter(this, 'AuditAccountId', {
      type: 'String',
      allowedPattern: '\\d{12}',
      constraintDescription: 'a 12-digit AWS account id',
      description: 'Account id where soc2-evidence runs (the audit stack)',
    });
    const runner = (name: string) => Fn.join('', ['arn:', this.partition, ':iam::', auditAccount.valueAsString, ':role/', name]);

    const role = new iam.Role(this, 'ReadOnlyRole', {
      roleName: READONLY_ROLE_NAME,
      description: 'soc2-evidence: read-only evidence collection (policy/iam-policy.json)',
      assumedBy: new iam.AccountPrincipal(auditAccount.valueAsString).withConditions({
        ArnEquals: { 'aws:PrincipalArn': [runner(TASK_ROLE_NAME), runner(GITHUB_ROLE_NAME)] },
      }),
      inlinePolicies: { [READONLY_ROLE_NAME]: iam.PolicyDocument.fromJson(readOnlyPolicy()) },
    });
    new CfnOutput(this, 'ReadOnlyRoleArn', { value: role.roleArn });
  }
}
