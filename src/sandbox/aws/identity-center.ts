// IAM Identity Center (awsJson1_1): sso-admin ListInstances (signing name `sso`) and identitystore ListUsers.
import { AwsFault, page, type AwsServiceHandler } from './protocol.js';

export interface SandboxIdentityCenter {
  /** The region the instance lives in. */
  region: string;
  instanceId: string;
  identityStoreId: string;
  users: Array<{ userId: string; userName: string; displayName?: string; emails: Array<{ value: string; primary?: boolean }> }>;
}

export const ssoAdminHandler: AwsServiceHandler = {
  protocol: 'json',
  actionPrefix: 'sso',
  handle(call) {
    if (call.operation !== 'ListInstances') throw new AwsFault('UnknownOperationException', `sandbox sso-admin does not implement ${call.operation}`, 400);
    const ic = call.account.identityCenter;
    const instances =
      ic && ic.region === call.region
        ? [
            {
              InstanceArn: `arn:aws:sso:::instance/${ic.instanceId}`,
              IdentityStoreId: ic.identityStoreId,
              OwnerAccountId: call.account.id,
              Status: 'ACTIVE',
              Name: 'default',
            },
          ]
        : [];
    const { items, next } = page(instances, call.input.NextToken as string | undefined, call.pageSize(100));
    return { Instances: items, ...(next ? { NextToken: next } : {}) };
  },
};

export const identityStoreHandler: AwsServiceHandler = {
  protocol: 'json',
  actionPrefix: 'identitystore',
  handle(call) {
    if (call.operation !== 'ListUsers') throw new AwsFault('UnknownOperationException', `sandbox identitystore does not implement ${call.operation}`, 400);
    const ic = call.account.identityCenter;
    if (!ic || ic.region !== call.region || call.input.IdentityStoreId !== ic.identityStoreId)
      throw new AwsFault('ResourceNotFoundException', `Identity store ${String(call.input.IdentityStoreId)} not found`, 400);
    const limit = Number(call.input.MaxResults ?? 100);
    const { items, next } = page(ic.users, call.input.NextToken as string | undefined, Math.min(limit, call.pageSize(100)));
    return {
      Users: items.map((u) => ({
        UserId: u.userId,
        IdentityStoreId: ic.identityStoreId,
        UserName: u.userName,
        ...(u.displayName ? { DisplayName: u.displayName } : {}),
        Emails: u.emails.map((e) => ({ Value: e.value, Type: 'work', Primary: e.primary ?? false })),
      })),
      ...(next ? { NextToken: next } : {}),
    };
  },
};
