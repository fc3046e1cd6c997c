// AWS Organizations (awsJson1_1): ListAccounts from the management account.
import { AwsFault, epochSeconds, page, type AwsServiceHandler } from './protocol.js';

export const organizationsHandler: AwsServiceHandler = {
  protocol: 'json',
  actionPrefix: 'organizations',
  handle(call) {
    if (!call.aws.organization) throw new AwsFault('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.', 400);
    if (call.account.id !== call.aws.managementAccountId) {
      throw new AwsFault('AccessDeniedException', "You don't have permissions to access this resource.", 400);
    }
    switch (call.operation) {
      case 'ListAccounts': {
        const size = Math.min(Number(call.input.MaxResults ?? 20), call.pageSize(20));
        const { items, next } = page(call.aws.accounts, call.input.NextToken as string | undefined, size);
        return {
          Accounts: items.map((a) => ({
            Id: a.id,
            Arn: `arn:aws:organizations::${call.aws.managementAccountId}:account/o-sandbox0001/${a.id}`,
            Email: a.email,
            Name: a.name,
            Status: a.status,
            State: a.status === 'ACTIVE' ? 'ACTIVE' : 'SUSPENDED',
            JoinedMethod: a.id === call.aws.managementAccountId ? 'CREATED' : 'INVITED',
            JoinedTimestamp: epochSeconds('2021-03-01T00:00:00Z'),
          })),
          ...(next ? { NextToken: next } : {}),
        };
      }
      default:
        throw new AwsFault('InvalidInputException', `sandbox Organizations does not implement ${call.operation}`, 400);
    }
  },
};
