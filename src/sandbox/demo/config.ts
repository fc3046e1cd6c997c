// The config and environment `demo` uses: the SPEC's shape, pointed at the sandbox.
import type { LoadedConfig } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { createHash } from 'node:crypto';
import { DEMO_ROLE } from './company.js';
import { demoGithubConfig, demoGithubEnv } from './github.js';
import { demoIdpConfig, demoIdpEnv } from './idp.js';
import { demoPeopleConfig } from './people.js';

export function demoConfig(sandboxUrl: string, baseDir: string): LoadedConfig {
  const github = demoGithubConfig(sandboxUrl);
  const idp = demoIdpConfig(sandboxUrl);
  const config: Config = {
    organization: 'Kestrel Data, Inc.',
    period: { start: '2026-07-01', end: '2026-09-30' },
    aws: { organization: true, roleName: DEMO_ROLE },
    ...(github ? { github } : {}),
    ...(idp ? { idp } : {}),
    checks: {},
    people: demoPeopleConfig(),
    exceptions: [
      {
        check: 'aws.iam.user-console-mfa',
        resource: 'arn:aws:iam::444455556666:user/break-glass',
        reason: 'Break-glass user; password in the office safe, used only when SSO is down.',
        approvedBy: 'CTO',
        expires: '2027-03-31',
      },
    ],
  };
  return { config, file: null, baseDir, digest: createHash('sha256').update(JSON.stringify(config)).digest('hex') };
}

/** Credentials the sandbox accepts and the endpoint override that sends every SDK call to it. */
export function demoEnv(sandboxUrl: string): NodeJS.ProcessEnv {
  return {
    AWS_ENDPOINT_URL: sandboxUrl,
    AWS_ACCESS_KEY_ID: 'AKIASANDBOXDEMO00001',
    AWS_SECRET_ACCESS_KEY: 'sandbox-secret-not-a-real-key',
    AWS_REGION: 'us-east-1',
    ...demoGithubEnv,
    ...demoIdpEnv,
  };
}
