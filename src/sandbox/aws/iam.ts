// Not implemented yet.
import { AwsFault, type AwsServiceHandler } from './protocol.js';

export interface SandboxIam {
  readonly _?: never;
}

export const iamHandler: AwsServiceHandler = {
  protocol: 'query',
  actionPrefix: 'iam',
  handle(call) {
    throw new AwsFault('InvalidAction', `sandbox does not implement ${call.operation}`, 400);
  },
};
