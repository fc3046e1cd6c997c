// Not implemented yet.
import { AwsFault, type AwsServiceHandler } from './protocol.js';

export interface SandboxConfigService {
  readonly _?: never;
}

export const configHandler: AwsServiceHandler = {
  protocol: 'json',
  actionPrefix: 'config',
  handle(call) {
    throw new AwsFault('InvalidAction', `sandbox does not implement ${call.operation}`, 400);
  },
};
