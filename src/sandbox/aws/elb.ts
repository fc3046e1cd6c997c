// Not implemented yet.
import { AwsFault, type AwsServiceHandler } from './protocol.js';

export interface SandboxElb {
  readonly _?: never;
}

export const elbHandler: AwsServiceHandler = {
  protocol: 'query',
  actionPrefix: 'elasticloadbalancing',
  handle(call) {
    throw new AwsFault('InvalidAction', `sandbox does not implement ${call.operation}`, 400);
  },
};
