// VPC flow logs: every VPC that has network interfaces has an active VPC-level flow log. A flow log
// whose delivery failed does not count; subnet- or interface-level flow logs do not cover the VPC.
import type { Resource } from '../../core/types.js';
import { VPC_NEEDS } from '../../evidence/aws/vpc.js';
import { defineCheck, type AnyCheck } from '../types.js';
import { errorFinding, forEachRegion, regionResource, valueOr } from './common.js';

const flowLogs = defineCheck({
  id: 'aws.vpc.flow-logs',
  title: 'VPC flow logs are on',
  source: 'aws',
  severity: 'medium',
  judges: 'VPCs that have network interfaces',
  resourceType: 'aws.ec2.vpc',
  needs: [VPC_NEEDS.flowLogs],
  remediation: {
    summary: 'Create a VPC-level flow log (traffic type ALL or REJECT) to CloudWatch Logs or S3 for every VPC in use, and fix failed deliveries.',
    console: 'VPC → Your VPCs → VPC → Flow logs → Create flow log (Filter: All, destination CloudWatch Logs or S3)',
    cli:
      'aws ec2 create-flow-logs --resource-type VPC --resource-ids VPC_ID --traffic-type ' +
      'ALL --log-destination-type s3 --log-destination arn:aws:s3:::BUCKET/vpc-flow-logs/',
    terraform:
      'resource "aws_flow_log" "vpc" {\n  vpc_id               = aws_vpc.main.id\n  traffic_type        ' +
      ' = "ALL"\n  log_destination_type = "s3"\n  log_destination      = aws_s3_bucket.flow_logs.arn\n}',
  },
  evaluate: (evidence) =>
    forEachRegion(evidence, 'VPC flow logs', (account, regional, out) => {
      const region = regional.region;
      const where = `${account.accountId}/${region}`;
      const vpcs = valueOr(regional.vpc?.vpcs, regionResource(account, region), `the VPCs in ${where}`, out);
      if (!vpcs) return;
      if (vpcs.value.length === 0) {
        out.push({
          status: 'not_applicable',
          resource: regionResource(account, region),
          message: `No VPCs in ${where}.`,
          evidence: vpcs.refs,
          details: { vpcs: 0 },
        });
        return;
      }
      const logs = regional.vpc?.flowLogs;
      const interfaces = regional.vpc?.interfacesByVpc;
      for (const vpc of vpcs.value) {
        const resource: Resource = {
          type: 'aws.ec2.vpc',
          id: `arn:aws:ec2:${region}:${account.accountId}:vpc/${vpc.vpcId}`,
          name: vpc.name ?? vpc.vpcId,
          account: account.accountId,
          region,
        };
        if (!logs?.ok) {
          out.push(errorFinding(resource, logs?.ok === false ? logs.error : undefined, `the flow logs of ${vpc.vpcId}`, [...vpcs.refs, ...(logs?.refs ?? [])]));
          continue;
        }
        const attached = logs.value.filter((f) => f.resourceId === vpc.vpcId);
        const active = attached.filter((f) => f.flowLogStatus === 'ACTIVE' && f.deliverLogsStatus !== 'FAILED');
        const refs = [...vpcs.refs, ...logs.refs, ...(interfaces?.refs ?? [])];
        const enis = interfaces?.ok ? (interfaces.value[vpc.vpcId] ?? 0) : undefined;
        const details = {
          vpcId: vpc.vpcId,
          isDefault: vpc.isDefault,
          networkInterfaces: enis ?? null,
          flowLogs: attached.map((f) => `${f.id}:${f.flowLogStatus}/${f.deliverLogsStatus ?? '-'}`),
        };
        if (enis === 0) {
          out.push({ status: 'not_applicable', resource, message: `VPC ${vpc.vpcId} has no network interfaces.`, evidence: refs, details });
        } else if (active.length) {
          out.push({
            status: 'pass',
            resource,
            message: `VPC ${vpc.vpcId} has an active flow log (${active.map((f) => `${f.id} to ${f.destinationType ?? 'destination'}`).join(', ')}).`,
            evidence: refs,
            details,
          });
        } else if (enis === undefined) {
          out.push(
            errorFinding(
              resource,
              interfaces?.ok === false ? interfaces.error : undefined,
              `whether VPC ${vpc.vpcId} is in use (its network interfaces)`,
              refs,
            ),
          );
        } else {
          const failedDelivery = attached.filter((f) => f.flowLogStatus === 'ACTIVE' && f.deliverLogsStatus === 'FAILED');
          const why = failedDelivery.length
            ? `its flow log ${failedDelivery.map((f) => f.id).join(', ')} fails to deliver` +
              `${failedDelivery[0]?.deliverLogsErrorMessage ? ` (${failedDelivery[0].deliverLogsErrorMessage})` : ''}`
            : attached.length
              ? `its flow logs are not active (${attached.map((f) => f.flowLogStatus).join(', ')})`
              : 'it has no VPC-level flow log';
          out.push({ status: 'fail', resource, message: `VPC ${vpc.vpcId} (${enis} network interfaces): ${why}.`, evidence: refs, details });
        }
      }
    }),
});

export const awsVpcChecks: AnyCheck[] = [flowLogs];
