// Kestrel Data, Inc.: the built-in sandbox company `soc2-evidence demo` audits. It has deliberate
// gaps in every check, so a newcomer sees a real gap list without any credentials.
import type { SandboxAwsAccount, SandboxAwsRegion } from '../aws/model.js';
import type { SandboxCompany } from '../company.js';
import { encryptionState } from './aws-encryption.js';
import { identityState } from './aws-identity.js';
import { stackState } from './aws-stack.js';
import { demoGithub } from './github.js';
import { demoIdp } from './idp.js';
import { addDemoPeople } from './people.js';

export const DEMO_MANAGEMENT_ACCOUNT = '111122223333';
export const DEMO_PROD_ACCOUNT = '444455556666';
export const DEMO_STAGING_ACCOUNT = '777788889999';
export const DEMO_SUSPENDED_ACCOUNT = '121212121212';
export const DEMO_REGIONS = ['eu-west-1', 'us-east-1'] as const;
export const DEMO_ROLE = 'soc2-evidence-readonly';

export function demoAccount(id: string, name: string, roles: string[], status: 'ACTIVE' | 'SUSPENDED' = 'ACTIVE', now: number = Date.now()): SandboxAwsAccount {
  const identity = identityState(id, DEMO_REGIONS, now);
  const encryption = encryptionState(id, DEMO_REGIONS);
  const stack = stackState(id, DEMO_MANAGEMENT_ACCOUNT, DEMO_PROD_ACCOUNT, DEMO_STAGING_ACCOUNT);
  const regions: Record<string, SandboxAwsRegion> = {};
  for (const region of DEMO_REGIONS) {
    const identityRegion = identity.regional[region];
    const encryptionRegion = encryption.regional[region];
    if (!identityRegion || !encryptionRegion) throw new Error(`the demo estate has no state for ${region} in ${id}`);
    regions[region] = { ...identityRegion, ...encryptionRegion, ...stack.regional[region] };
  }
  return {
    id,
    name,
    email: `aws+${name}@kestrel.example`,
    status,
    roles,
    regions,
    iam: identity.iam,
    cloudtrail: identity.cloudtrail,
    s3: encryption.s3,
    ...(stack.cloudfront ? { cloudfront: stack.cloudfront } : {}),
  };
}

/** `now`: the company's "today" (relative dates in IAM and the IdP); `demo --history` builds past months. */
export function demoCompany(now: Date = new Date()): SandboxCompany {
  const github = demoGithub();
  const idp = demoIdp(now);
  const at = now.getTime();
  return addDemoPeople(
    {
      name: 'Kestrel Data, Inc.',
      aws: {
        managementAccountId: DEMO_MANAGEMENT_ACCOUNT,
        callerUserName: 'soc2-evidence',
        organization: true,
        accounts: [
          demoAccount(DEMO_MANAGEMENT_ACCOUNT, 'kestrel-management', [], 'ACTIVE', at),
          demoAccount(DEMO_PROD_ACCOUNT, 'kestrel-prod', [DEMO_ROLE], 'ACTIVE', at),
          demoAccount(DEMO_STAGING_ACCOUNT, 'kestrel-staging', [DEMO_ROLE], 'ACTIVE', at),
          demoAccount(DEMO_SUSPENDED_ACCOUNT, 'kestrel-legacy', [DEMO_ROLE], 'SUSPENDED', at),
        ],
      },
      ...(github ? { github } : {}),
      ...(idp ? { idp } : {}),
    },
    now,
  );
}
