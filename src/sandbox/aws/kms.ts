// Not implemented yet.
import { AwsFault, type AwsServiceHandler } from './protocol.js';

export interface SandboxKms {
  readonly _?: never;
}

export const kmsHandler: AwsServiceHandler = {
  protocol: 'json',
  actionPrefix: 'kms',
  handle(call) {
    throw new AwsFault('InvalidAction', `sandbox does not implement ${call.operation}`, 400);
  },
};
