// Not implemented yet.
import { AwsFault, type AwsServiceHandler } from './protocol.js';

export interface SandboxS3 {
  readonly _?: never;
}

export const s3Handler: AwsServiceHandler = {
  protocol: 'rest-xml',
  actionPrefix: 's3',
  handle(call) {
    throw new AwsFault('InvalidAction', `sandbox does not implement ${call.operation}`, 400);
  },
};
