// The scale company the store and shard benchmarks share: the demo estate with 12 AWS accounts,
// a GitHub organization of 2,000 repositories (5,000 merged pull requests), an Okta org of 5,000 users.
import type { LoadedConfig } from '../src/config/load.js';
import { createHash } from 'node:crypto';
import { demoAccount, demoCompany, DEMO_ROLE } from '../src/sandbox/demo/company.js';
import { demoConfig, demoEnv } from '../src/sandbox/demo/config.js';
import { GENERATED_TOKEN, generatedGithub } from '../src/sandbox/github/generate.js';
import type { SandboxCompany } from '../src/sandbox/company.js';

export const SCALE_NOW = new Date('2026-11-26T12:00:00Z');
const period = { start: '2026-07-01', end: '2026-09-30' };

export interface ScaleSize {
  extraAccounts: number;
  repositories: number;
  pullRequests: number;
  /** Okta users (0 keeps the demo's dozen). */
  users: number;
}

export const FULL_SCALE: ScaleSize = { extraAccounts: 9, repositories: 2000, pullRequests: 5000, users: 5000 };

export function scaleCompany(size: ScaleSize = FULL_SCALE): SandboxCompany {
  const company = demoCompany();
  for (let i = 0; i < size.extraAccounts; i++) company.aws!.accounts.push(demoAccount(`5000000000${String(i).padStart(2, '0')}`, `scale-${i}`, [DEMO_ROLE]));
  company.github = generatedGithub({ repositories: size.repositories, pullRequests: size.pullRequests, members: 400, period });
  const okta = company.idp!.okta!;
  const template = okta.users;
  if (size.users)
    okta.users = Array.from({ length: size.users }, (_, i) => ({
      ...template[i % template.length]!,
      id: `00u${String(i).padStart(17, '0')}`,
      login: `user${i}@scale.example`,
      lastName: String(i),
    }));
  return company;
}

export function scaleConfig(sandboxUrl: string): LoadedConfig {
  const loaded = demoConfig(sandboxUrl, process.cwd());
  const config = { ...loaded.config, github: { org: 'scale-co', apiUrl: `${sandboxUrl}/github` } };
  return { ...loaded, config, digest: createHash('sha256').update(JSON.stringify(config)).digest('hex') };
}

export function scaleEnv(sandboxUrl: string): NodeJS.ProcessEnv {
  return { ...demoEnv(sandboxUrl), GITHUB_TOKEN: GENERATED_TOKEN };
}
