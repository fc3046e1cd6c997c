// Not implemented yet.
export interface SandboxGithub {
  org: string;
}
