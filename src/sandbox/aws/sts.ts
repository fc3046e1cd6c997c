// STS (awsQuery): GetCallerIdentity, AssumeRole into member accounts.
import type { AwsServiceHandler } from './protocol.js';
import { AwsFault } from './protocol.js';
import { assumedRoleKey } from './router.js';

export const stsHandler: AwsServiceHandler = {
  protocol: 'query',
  actionPrefix: 'sts',
  xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
  handle(call) {
    switch (call.operation) {
      case 'GetCallerIdentity':
        return { Arn: call.principalArn, UserId: 'AIDASANDBOX0000000001', Account: call.account.id };
      case 'AssumeRole': {
        const roleArn = call.params.RoleArn ?? '';
        const m = roleArn.match(/^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/);
        const target = m ? call.aws.accounts.find((a) => a.id === m[1]) : undefined;
        if (!m || !target || target.status !== 'ACTIVE' || !target.roles.includes(m[2]!)) {
          throw new AwsFault('AccessDenied', `User: ${call.principalArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
        }
        return {
          Credentials: {
            AccessKeyId: assumedRoleKey(target.id, m[2]!),
            SecretAccessKey: 'sandbox-secret',
            SessionToken: 'sandbox-session-token',
            Expiration: new Date(Date.now() + 3_600_000),
          },
          AssumedRoleUser: { AssumedRoleId: `AROASANDBOX:${call.params.RoleSessionName ?? 'session'}`, Arn: `arn:aws:sts::${target.id}:assumed-role/${m[2]}/${call.params.RoleSessionName ?? 'session'}` },
        };
      }
      default:
        throw new AwsFault('InvalidAction', `sandbox STS does not implement ${call.operation}`, 400);
    }
  },
};
