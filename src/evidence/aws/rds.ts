// Not implemented yet.
export interface RdsRegionEvidence {
  readonly _?: never;
}
