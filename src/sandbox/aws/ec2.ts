// EC2 (ec2Query): DescribeRegions. EBS operations join here.
import { AwsFault, type AwsServiceHandler } from './protocol.js';

/** Per-region EC2 state. */
export interface SandboxEc2 {
  readonly _?: never;
}

export const ec2Handler: AwsServiceHandler = {
  protocol: 'ec2',
  actionPrefix: 'ec2',
  handle(call) {
    switch (call.operation) {
      case 'DescribeRegions':
        return {
          regionInfo: Object.keys(call.account.regions)
            .sort()
            .map((name) => ({ regionName: name, regionEndpoint: `ec2.${name}.amazonaws.com`, optInStatus: 'opt-in-not-required' })),
        };
      default:
        throw new AwsFault('InvalidAction', `The action ${call.operation} is not valid for this web service.`, 400);
    }
  },
};
