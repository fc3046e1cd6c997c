// One collector per source, chosen by which sources the config names.
import type { SourceName } from '../core/types.js';
import type { Evidence } from '../evidence/index.js';
import type { SourceCollector } from './types.js';
import { collectAws } from './aws/index.js';
import { collectGithub } from './github/index.js';
import { collectIdp } from './idp/index.js';

export const SOURCE_COLLECTORS: { [S in SourceName]: SourceCollector<NonNullable<Evidence[S]>> } = {
  aws: collectAws,
  github: collectGithub,
  idp: collectIdp,
};
