// CloudWatch Logs retention: every log group keeps its events at least `minDays` (never-expire passes).
import { z } from 'zod';
import type { Resource } from '../../core/types.js';
import { LOGS_NEEDS } from '../../evidence/aws/logs.js';
import { defineCheck, type AnyCheck } from '../types.js';
import { forEachRegion, regionResource, valueOr } from './common.js';

const retentionParams = z.object({ minDays: z.number().int().positive().default(365) }).strict();

const retention = defineCheck<z.infer<typeof retentionParams>>({
  id: 'aws.logs.retention',
  title: 'Log groups keep logs long enough',
  source: 'aws',
  severity: 'medium',
  judges: 'CloudWatch log groups',
  resourceType: 'aws.logs.log-group',
  needs: [LOGS_NEEDS.logGroups],
  params: retentionParams,
  remediation: {
    summary: "Set each log group's retention to at least 365 days (or export older logs to S3 with a retention policy of its own).",
    console: 'CloudWatch → Log groups → log group → Actions → Edit retention setting → 1 year (or longer)',
    cli: 'aws logs put-retention-policy --log-group-name LOG_GROUP --retention-in-days 365 --region REGION',
    terraform: 'resource "aws_cloudwatch_log_group" "app" {\n  name              = "/app/service"\n  retention_in_days = 365\n}',
  },
  evaluate: (evidence, ctx) =>
    forEachRegion(evidence, 'log group retention', (account, regional, out) => {
      const where = `${account.accountId}/${regional.region}`;
      const groups = valueOr(regional.logGroups, regionResource(account, regional.region), `the log groups in ${where}`, out);
      if (!groups) return;
      if (groups.value.length === 0) {
        out.push({
          status: 'not_applicable',
          resource: regionResource(account, regional.region),
          message: `No log groups in ${where}.`,
          evidence: groups.refs,
          details: { logGroups: 0 },
        });
        return;
      }
      for (const g of groups.value) {
        const resource: Resource = { type: 'aws.logs.log-group', id: g.arn, name: g.name, account: account.accountId, region: regional.region };
        const days = g.retentionInDays;
        const details = { retentionInDays: days ?? null, minDays: ctx.params.minDays };
        if (days === undefined)
          out.push({ status: 'pass', resource, message: `Log group ${g.name} never expires its events.`, evidence: groups.refs, details });
        else if (days >= ctx.params.minDays)
          out.push({
            status: 'pass',
            resource,
            message: `Log group ${g.name} keeps events ${days} days (minimum ${ctx.params.minDays}).`,
            evidence: groups.refs,
            details,
          });
        else
          out.push({
            status: 'fail',
            resource,
            message: `Log group ${g.name} keeps events only ${days} days; the minimum is ${ctx.params.minDays}.`,
            evidence: groups.refs,
            details,
          });
      }
    }),
});

export const awsLogsChecks: AnyCheck[] = [retention];
