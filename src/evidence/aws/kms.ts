// Not implemented yet.
export interface KmsRegionEvidence {
  readonly _?: never;
}
