// Not implemented yet.
export interface SandboxIdp {
  readonly _?: never;
}
