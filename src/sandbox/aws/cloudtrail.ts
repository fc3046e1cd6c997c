// Not implemented yet.
import { AwsFault, type AwsServiceHandler } from './protocol.js';

export interface SandboxCloudTrail {
  readonly _?: never;
}

export const cloudTrailHandler: AwsServiceHandler = {
  protocol: 'json',
  actionPrefix: 'cloudtrail',
  handle(call) {
    throw new AwsFault('InvalidAction', `sandbox does not implement ${call.operation}`, 400);
  },
};
