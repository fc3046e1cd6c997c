// ECS task definitions keep secrets out of plain `environment`: the latest ACTIVE revision of each
// family is judged. The evidence holds variable names only (values are dropped at collection).
import type { Resource } from '../../core/types.js';
import { ECS_NEEDS } from '../../evidence/aws/ecs.js';
import { defineCheck, type AnyCheck } from '../types.js';
import { errorFinding, forEachRegion, regionResource, valueOr } from './common.js';

const SECRET_WORDS =
  /PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|ACCESS_?KEY|SIGNING_?KEY|ENCRYPTION_?KEY|(^|_)PWD$|CONNECTION_?STRING/;
/** Names that point at a secret rather than hold one (`DB_PASSWORD_SECRET_ARN`, `TOKEN_URL`, `AWS_ACCESS_KEY_ID`). */
const REFERENCE = /_(ARN|NAME|ID|PATH|FILE|URL|URI|ENDPOINT|TTL|EXPIRY|EXPIRES|LENGTH|TYPE|HEADER|REGION|PARAMETER|PARAM)$/;

/** Whether an environment variable's name says it holds a secret (`DB_PASSWORD`, `stripeApiKey`, `GITHUB_TOKEN`). */
export function looksSecret(name: string): boolean {
  const normal = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-. ]/g, '_')
    .toUpperCase();
  return SECRET_WORDS.test(normal) && !REFERENCE.test(normal);
}

const taskSecrets = defineCheck({
  id: 'aws.ecs.task-secrets',
  title: 'ECS task definitions keep secrets out of plain environment variables',
  source: 'aws',
  severity: 'high',
  judges: 'the latest ACTIVE revision of each ECS task definition family',
  resourceType: 'aws.ecs.task-definition',
  needs: [ECS_NEEDS.taskDefinitions],
  remediation: {
    summary:
      'Move secret values from `environment` to `secrets` with `valueFrom` (Secrets Manager ' +
      'or SSM SecureString), register a new revision, and rotate the exposed value.',
    console: 'ECS → Task definitions → family → Create new revision → Container → Environment variables: type ValueFrom with the secret ARN',
    cli:
      'aws ecs register-task-definition --cli-input-json file://taskdef.json  # ' +
      'containerDefinitions[].secrets: [{"name":"DB_PASSWORD",' +
      '"valueFrom":"arn:aws:secretsmanager:REGION:ACCT:secret:db"}]',
    terraform:
      'resource "aws_ecs_task_definition" "app" {\n  family = "app"\n  container_definitions ' +
      '= jsonencode([{\n    name    = "app"\n    image   = "app:latest"\n    secrets = [{ ' +
      'name = "DB_PASSWORD", valueFrom = aws_secretsmanager_secret.db.arn }]\n  }])\n}',
  },
  evaluate: (evidence) =>
    forEachRegion(evidence, 'ECS task definitions', (account, regional, out) => {
      const where = `${account.accountId}/${regional.region}`;
      const families = valueOr(regional.ecsTaskFamilies, regionResource(account, regional.region), `the ECS task definitions in ${where}`, out);
      if (!families) return;
      if (families.value.length === 0) {
        out.push({
          status: 'not_applicable',
          resource: regionResource(account, regional.region),
          message: `No ACTIVE ECS task definitions in ${where}.`,
          evidence: families.refs,
          details: { families: 0 },
        });
        return;
      }
      for (const family of families.value) {
        const resource: Resource = {
          type: 'aws.ecs.task-definition',
          id: family.latestArn,
          name: family.family,
          account: account.accountId,
          region: regional.region,
        };
        if (!family.definition.ok) {
          out.push(errorFinding(resource, family.definition.error, `task definition ${family.family}`, [...families.refs, ...family.definition.refs]));
          continue;
        }
        const td = family.definition.value;
        const refs = [...families.refs, ...family.definition.refs];
        const plain = td.containers.flatMap((c) => c.environment.filter((e) => e.valuePresent && looksSecret(e.name)).map((e) => `${c.name}/${e.name}`));
        const fromSecrets = td.containers.flatMap((c) => c.secrets.map((s) => `${c.name}/${s.name}`));
        const details = { revision: td.revision, plainSecretVariables: plain, secretsFromValueFrom: fromSecrets };
        if (plain.length)
          out.push({
            status: 'fail',
            resource,
            message:
              `Task definition ${td.family}:${td.revision} holds secret-looking values in ` +
              `plain environment variables: ${plain.join(', ')} (values not recorded).`,
            evidence: refs,
            details,
          });
        else
          out.push({
            status: 'pass',
            resource,
            message:
              `Task definition ${td.family}:${td.revision} has no secret-looking plain environment variable` +
              `${fromSecrets.length ? ` (${fromSecrets.length} from secrets/valueFrom)` : ''}.`,
            evidence: refs,
            details,
          });
      }
    }),
});

export const awsEcsChecks: AnyCheck[] = [taskSecrets];
