// What the user declares about people (config `people:`) and the HR file of leaving dates. Checks read
// these next to the vendors' evidence; nothing here is a verdict.
import type { Collected } from '../core/types.js';

/** One row of `people.hrFile` (CSV: email,name,start,end). Dates are YYYY-MM-DD; `end` empty = still employed. */
export interface HrRecord {
  email: string;
  name: string;
  start: string | null;
  end: string | null;
  /** Line in the file, for messages. */
  line: number;
}

export interface ServiceAccountDeclaration {
  /** GitHub login, IAM user name or Identity Center user name, as written in the config. */
  account: string;
  /** Email of the person answerable for it. */
  owner: string;
  reason: string;
}

export interface PeopleEvidence {
  /** Account (GitHub login, IAM user name, Identity Center user name), lower case → IdP email, lower case. */
  links: Record<string, string>;
  serviceAccounts: ServiceAccountDeclaration[];
  /** The HR file, when `people.hrFile` is set: the source of leaving dates. */
  hr?: Collected<{ file: string; records: HrRecord[] }>;
}
