// STS (awsQuery): GetCallerIdentity, AssumeRole into member accounts.
import type { AwsServiceHandler } from './protocol.js';
import { AwsFault } from './protocol.js';
import { assumedRoleKey } from './router.js';

/** Session tokens the sandbox issues: this prefix, then the expiry in epoch milliseconds. */
export const SESSION_TOKEN_PREFIX = 'sandbox-session-token.';

/** The expiry a sandbox session token carries, if it is one. */
export function sessionTokenExpiry(token: string | undefined): number | undefined {
  return token?.startsWith(SESSION_TOKEN_PREFIX) ? Number(token.slice(SESSION_TOKEN_PREFIX.length)) : undefined;
}

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
        const lifetimeMs = call.aws.sessionLifetimeMs ?? Number(call.params.DurationSeconds ?? 3600) * 1000;
        const expiresAt = Date.now() + lifetimeMs;
        return {
          Credentials: {
            AccessKeyId: assumedRoleKey(target.id, m[2]!),
            SecretAccessKey: 'sandbox-secret',
            // The token carries its expiry, so the router can refuse it afterwards as AWS does.
            SessionToken: `${SESSION_TOKEN_PREFIX}${expiresAt}`,
            Expiration: new Date(expiresAt),
          },
          AssumedRoleUser: {
            AssumedRoleId: `AROASANDBOX:${call.params.RoleSessionName ?? 'session'}`,
            Arn: `arn:aws:sts::${target.id}:assumed-role/${m[2]}/${call.params.RoleSessionName ?? 'session'}`,
          },
        };
      }
      default:
        throw new AwsFault('InvalidAction', `sandbox STS does not implement ${call.operation}`, 400);
    }
  },
};
