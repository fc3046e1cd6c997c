// IAM Identity Center: the instances visible from an account (sso:ListInstances, in every judged region,
// since an instance lives in one region) and the users of each instance's identity store
// (identitystore:ListUsers). Usually only the management or delegated-admin account has an instance.
import { ListInstancesCommand, type ListInstancesCommandOutput } from '@aws-sdk/client-sso-admin';
import { ListUsersCommand, type ListUsersCommandOutput } from '@aws-sdk/client-identitystore';
import { collected, type EvidenceRef } from '../../core/types.js';
import { IDENTITY_CENTER_NEEDS, type IdentityCenterEvidence, type IdentityCenterUser } from '../../evidence/aws/identity-center.js';
import { allPages, attempt, type AwsAccountCollector, type AwsServiceCollectors } from './collector.js';

const identityCenterCollector: AwsAccountCollector = {
  provides: Object.values(IDENTITY_CENTER_NEEDS),
  async collect(scope, into) {
    const { session } = scope;
    const refs: EvidenceRef[] = [];
    into.identityCenter = await attempt(async () => {
      const evidence: IdentityCenterEvidence = { instances: [], users: [] };
      for (const region of scope.regions) {
        const pages = await allPages(async (token) => {
          const { output, ref } = await session.send<ListInstancesCommandOutput>(
            'ssoadmin',
            region,
            new ListInstancesCommand({ ...(token ? { NextToken: token } : {}) }),
          );
          refs.push(ref);
          return { page: output.Instances ?? [], next: output.NextToken };
        });
        for (const i of pages.flat())
          if (i.InstanceArn && i.IdentityStoreId) evidence.instances.push({ instanceArn: i.InstanceArn, identityStoreId: i.IdentityStoreId, region });
      }
      for (const instance of evidence.instances) {
        const pages = await allPages(async (token) => {
          const { output, ref } = await session.send<ListUsersCommandOutput>(
            'identitystore',
            instance.region,
            new ListUsersCommand({ IdentityStoreId: instance.identityStoreId, MaxResults: 100, ...(token ? { NextToken: token } : {}) }),
          );
          refs.push(ref);
          return { page: output.Users ?? [], next: output.NextToken };
        });
        for (const u of pages.flat()) {
          const emails = [...(u.Emails ?? [])]
            .sort((a, b) => Number(Boolean(b.Primary)) - Number(Boolean(a.Primary)))
            .map((e) => e.Value ?? '')
            .filter(Boolean);
          const user: IdentityCenterUser = {
            userId: u.UserId ?? '',
            userName: u.UserName ?? u.UserId ?? '',
            emails,
            identityStoreId: instance.identityStoreId,
            ...(u.DisplayName ? { displayName: u.DisplayName } : {}),
          };
          evidence.users.push(user);
        }
      }
      return collected(evidence, refs);
    }).then((c) => (c.ok ? c : { ...c, refs }));
  },
};

export const identityCenterCollectors: AwsServiceCollectors = { account: [identityCenterCollector], region: [] };
