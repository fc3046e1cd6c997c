// Not implemented yet.
import { AwsFault, type AwsServiceHandler } from './protocol.js';

export interface SandboxGuardDuty {
  readonly _?: never;
}

export const guardDutyHandler: AwsServiceHandler = {
  protocol: 'rest-json',
  actionPrefix: 'guardduty',
  handle(call) {
    throw new AwsFault('InvalidAction', `sandbox does not implement ${call.operation}`, 400);
  },
};
