// GitHub evidence (filled by src/collectors/github). Not implemented yet.
export interface GithubEvidence {
  org: string;
}
