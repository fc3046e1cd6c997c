// A sandbox company that is only a place to store runs: one AWS account with the given buckets
// (Object Lock on or off), for the run store's tests, the benchmark, and `demo --out s3://…` checks.
import type { SandboxCompany } from './company.js';
import type { SandboxBucket } from './aws/s3.js';

export const STORE_ACCOUNT = '999900001111';

export function storeCompany(buckets: Array<Pick<SandboxBucket, 'name'> & Partial<SandboxBucket>>): SandboxCompany {
  return {
    name: 'Run store',
    aws: {
      managementAccountId: STORE_ACCOUNT,
      callerUserName: 'soc2-evidence-writer',
      organization: false,
      accounts: [
        {
          id: STORE_ACCOUNT,
          name: 'evidence-store',
          email: 'aws+store@example.invalid',
          status: 'ACTIVE',
          roles: [],
          regions: {},
          iam: { root: { mfa: true, accessKeys: [], passwordLastUsed: 'no_information', createdAt: '2024-01-01T00:00:00Z' }, users: [] },
          cloudtrail: { trails: [] },
          s3: { buckets: buckets.map((b) => ({ region: 'us-east-1', encryption: { algorithm: 'AES256' }, ...b })) },
        },
      ],
    },
  };
}

/** The credentials and endpoint override a store test or benchmark gives the CLI or the store. */
export function storeEnv(sandboxUrl: string): NodeJS.ProcessEnv {
  return {
    AWS_ENDPOINT_URL: sandboxUrl,
    AWS_ACCESS_KEY_ID: 'AKIASANDBOXSTORE0001',
    AWS_SECRET_ACCESS_KEY: 'sandbox-secret-not-a-real-key',
    AWS_REGION: 'us-east-1',
  };
}
