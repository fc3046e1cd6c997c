// WAFv2 associations of internet-facing entry points: ALBs (per web ACL, `ListResourcesForWebACL`),
// API Gateway REST stages (`webAclArn` on the stage) and CloudFront distributions (`WebACLId`).
import type { Collected } from '../../core/types.js';

export interface WafLoadBalancerEvidence {
  arn: string;
  name: string;
  /** `application`, `network`, `gateway`: only ALBs can carry a web ACL. */
  type: string;
  /** `internet-facing` or `internal`. */
  scheme: string;
}

export interface WafWebAclEvidence {
  name: string;
  arn: string;
  /** `ListResourcesForWebACL` (APPLICATION_LOAD_BALANCER) for this web ACL. */
  loadBalancerArns: Collected<string[]>;
}

export interface ApiStageEvidence {
  restApiId: string;
  apiName: string;
  stageName: string;
  /** `EDGE`, `REGIONAL` or `PRIVATE` (from the REST API's endpointConfiguration). */
  endpointTypes: string[];
  webAclArn?: string;
}

export interface RestApiEvidence {
  id: string;
  name: string;
  endpointTypes: string[];
  /** `GetStages` for this API. */
  stages: Collected<ApiStageEvidence[]>;
}

export interface WafRegionEvidence {
  /** ELBv2 `DescribeLoadBalancers` (read here so the WAF check does not need every listener). */
  loadBalancers?: Collected<WafLoadBalancerEvidence[]>;
  /** WAFv2 `ListWebACLs` (scope REGIONAL), each with the ALBs it protects. */
  webAcls?: Collected<WafWebAclEvidence[]>;
  /** API Gateway `GetRestApis`, each with its stages. */
  restApis?: Collected<RestApiEvidence[]>;
}

export interface CloudFrontDistributionEvidence {
  id: string;
  arn: string;
  domainName: string;
  enabled: boolean;
  /** WAFv2 web ACL ARN (or a WAF Classic id); empty when none. */
  webAclId: string;
}

/** Evidence keys: checks name them in `needs`; the collector reads only what is needed. */
export const WAF_NEEDS = { regional: 'aws.waf.regional', cloudfront: 'aws.cloudfront.distributions' } as const;
