import { describe, expect, it } from 'vitest';
import { awsEcsChecks, looksSecret } from '../../../src/checks/aws/ecs.js';
import { collected, failed } from '../../../src/core/types.js';
import type { EcsFamiliesRead, EcsFamilyEvidence } from '../../../src/evidence/aws/ecs.js';
import { account, denied, evidenceOf, find, run } from './fixtures.js';

const check = find(awsEcsChecks, 'aws.ecs.task-secrets');
const ACCT = '111111111111';
const ARN = `arn:aws:ecs:eu-west-1:${ACCT}:task-definition/app:3`;

const family = (environment: Array<{ name: string; valuePresent: boolean }>, secrets: Array<{ name: string; valueFrom: string }> = []): EcsFamilyEvidence => ({
  family: 'app',
  latestArn: ARN,
  definition: collected({ arn: ARN, family: 'app', revision: 3, status: 'ACTIVE', containers: [{ name: 'web', environment, secrets }] }),
});

function judge(families: EcsFamilyEvidence[] | EcsFamiliesRead | undefined) {
  const read: EcsFamiliesRead | undefined = Array.isArray(families) ? collected(families) : families;
  const evidence = evidenceOf(
    account(ACCT, { regions: collected(['eu-west-1']), regional: [{ region: 'eu-west-1', ...(read ? { ecsTaskFamilies: read } : {}) }] }),
  );
  return run(check, evidence).map((f) => [f.resource.id, f.status, f.missing, f.details?.plainSecretVariables]);
}

describe('looksSecret', () => {
  it.each([
    ['DB_PASSWORD', true],
    ['dbPassword', true],
    ['STRIPE_API_KEY', true],
    ['GITHUB_TOKEN', true],
    ['JWT_SECRET', true],
    ['PRIVATE_KEY', true],
    ['GOOGLE_APPLICATION_CREDENTIALS', true],
    ['AWS_SECRET_ACCESS_KEY', true],
    ['MYSQL_PWD', true],
    ['DB_PASSWORD_SECRET_ARN', false],
    ['TOKEN_URL', false],
    ['SESSION_TOKEN_TTL', false],
    ['AWS_ACCESS_KEY_ID', false],
    ['LOG_LEVEL', false],
    ['DATABASE_HOST', false],
  ] as const)('%s → %s', (name, expected) => expect(looksSecret(name)).toBe(expected));
});

describe('aws.ecs.task-secrets', () => {
  it.each([
    ['DB_PASSWORD with a plain value', [{ name: 'DB_PASSWORD', valuePresent: true }], [], 'fail', ['web/DB_PASSWORD']],
    [
      'DB_PASSWORD from secrets (valueFrom)',
      [{ name: 'LOG_LEVEL', valuePresent: true }],
      [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:x' }],
      'pass',
      [],
    ],
    ['a secret-looking name with an empty value', [{ name: 'API_KEY', valuePresent: false }], [], 'pass', []],
    ['no environment at all', [], [], 'pass', []],
  ] as const)('%s → %s', (_name, env, secrets, expected, plain) => {
    expect(judge([family([...env], [...secrets])])).toEqual([[ARN, expected, undefined, plain]]);
  });

  it('no task definitions → not_applicable; denied list → region error; denied describe → that family error', () => {
    expect(judge([])).toEqual([[`${ACCT}/eu-west-1`, 'not_applicable', undefined, undefined]]);
    expect(judge(failed(denied('ecs:ListTaskDefinitions')))).toEqual([[`${ACCT}/eu-west-1`, 'error', 'ecs:ListTaskDefinitions', undefined]]);
    expect(judge([{ family: 'app', latestArn: ARN, definition: failed(denied('ecs:DescribeTaskDefinition')) }])).toEqual([
      [ARN, 'error', 'ecs:DescribeTaskDefinition', undefined],
    ]);
    expect(judge(undefined)).toEqual([[`${ACCT}/eu-west-1`, 'error', undefined, undefined]]);
  });
});
