// Typed raw evidence, per source. Collectors fill it; checks read it; nothing else judges it.
import type { AwsEvidence } from './aws/index.js';
import type { GithubEvidence } from './github.js';
import type { IdpEvidence } from './idp.js';
import type { PeopleEvidence } from './people.js';

export interface Evidence {
  aws?: AwsEvidence;
  github?: GithubEvidence;
  idp?: IdpEvidence;
  /** Config `people:` and the HR file: filled by the pipeline when a people check runs. */
  people?: PeopleEvidence;
}

export type { AwsEvidence, GithubEvidence, IdpEvidence, PeopleEvidence };
