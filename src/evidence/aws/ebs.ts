// Not implemented yet.
export interface EbsRegionEvidence {
  readonly _?: never;
}
