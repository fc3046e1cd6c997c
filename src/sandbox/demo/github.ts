// Demo company: GitHub organization. Not implemented yet.
import type { GithubConfig } from '../../config/schema.js';
import type { SandboxGithub } from '../github/model.js';

export function demoGithub(): SandboxGithub | undefined {
  return undefined;
}

/** The `github:` config section pointing at the sandbox, or undefined while GitHub is not served. */
export function demoGithubConfig(_sandboxUrl: string): GithubConfig | undefined {
  return undefined;
}

/** Environment the demo run needs for GitHub (a token the sandbox accepts). */
export const demoGithubEnv: Record<string, string> = {};
