// Cross-source checks: accounts in GitHub and AWS reconciled with the people of the IdP.
import type { AnyCheck } from '../types.js';
import { accessAwsChecks } from './aws.js';
import { accessGithubChecks } from './github.js';

export const accessChecks: AnyCheck[] = [...accessGithubChecks, ...accessAwsChecks];
