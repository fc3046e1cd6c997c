// Not implemented yet.
import { AwsFault, type AwsServiceHandler } from './protocol.js';

export interface SandboxRds {
  readonly _?: never;
}

export const rdsHandler: AwsServiceHandler = {
  protocol: 'query',
  actionPrefix: 'rds',
  handle(call) {
    throw new AwsFault('InvalidAction', `sandbox does not implement ${call.operation}`, 400);
  },
};
