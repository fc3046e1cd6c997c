// Identity-provider evidence (filled by src/collectors/idp). Not implemented yet.
export interface IdpEvidence {
  provider: 'okta' | 'google' | 'entra' | 'csv';
}
