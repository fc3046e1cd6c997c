// Not implemented yet.
export interface S3Evidence {
  readonly _?: never;
}
