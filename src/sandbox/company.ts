// A fictional company, as data: what each vendor's sandbox API serves.
import type { SandboxAws } from './aws/model.js';
import type { SandboxGithub } from './github/model.js';
import type { SandboxIdp } from './idp/model.js';

export interface SandboxCompany {
  name: string;
  aws?: SandboxAws;
  github?: SandboxGithub;
  idp?: SandboxIdp;
}
