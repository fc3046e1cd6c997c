// Not implemented yet.
export interface ElbRegionEvidence {
  readonly _?: never;
}
