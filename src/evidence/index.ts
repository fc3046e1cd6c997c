// Typed raw evidence, per source. Collectors fill it; checks read it; nothing else judges it.
import type { AwsEvidence } from './aws/index.js';
import type { GithubEvidence } from './github.js';
import type { IdpEvidence } from './idp.js';

export interface Evidence {
  aws?: AwsEvidence;
  github?: GithubEvidence;
  idp?: IdpEvidence;
}

export type { AwsEvidence, GithubEvidence, IdpEvidence };
