// The shipped GitHub Actions workflows, parsed and validated by GitHub's own workflow parser
// (@actions/workflow-parser, the one behind the Actions language service), then checked for what makes
// them safe and useful: a monthly cron, OIDC instead of stored AWS keys, runs kept in the S3 store.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ … }}` here is GitHub Actions expression syntax, compared as literal text.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { describe, expect, it } from 'vitest';

const dir = path.resolve(import.meta.dirname, '../../deploy/github-actions');

type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

/** The parts of a parsed workflow these tests read. */
interface Step {
  id?: string;
  run?: string;
  uses?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Job {
  steps: Step[];
  needs?: string | string[];
  strategy?: { matrix: Record<string, Plain> };
}
interface Workflow {
  env: Record<string, string>;
  permissions: Plain;
  jobs: Record<string, Job>;
}

/** The parser's token tree (as its JSON form) as plain values; expressions become `${{ … }}`. */
function plain(token: unknown): Plain {
  if (token === null || typeof token !== 'object') return token as Plain;
  const t = token as { type?: number; map?: Array<{ Key: unknown; Value: unknown }>; seq?: unknown[]; expr?: string };
  if (t.map) return Object.fromEntries(t.map.map((kv) => [String(plain(kv.Key)), plain(kv.Value)]));
  if (t.seq) return t.seq.map(plain);
  if (t.expr !== undefined) return `\${{ ${t.expr} }}`;
  throw new Error(`unexpected token ${JSON.stringify(token)}`);
}

async function parse(name: string, content = readFileSync(path.join(dir, name), 'utf8')) {
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const errors = result.context.errors.getErrors().map((e) => e.message);
  if (!result.value || errors.length) return { errors, workflow: undefined, template: undefined };
  const template = await convertWorkflowTemplate(result.context, result.value);
  return { errors: (template.errors ?? []).map((e) => e.Message), workflow: plain(JSON.parse(JSON.stringify(result.value))) as unknown as Workflow, template };
}

const runs = (job: Job): string[] => job.steps.filter((s) => typeof s.run === 'string').map((s) => s.run as string);
const uses = (job: Job): string[] => job.steps.filter((s) => s.uses).map((s) => String(s.uses));

function expectOidcAndSchedule(workflow: Workflow, template: { events: { schedule?: Array<{ cron: string }>; workflow_dispatch?: unknown } }) {
  expect(template.events.schedule).toEqual([{ cron: '0 6 1 * *' }]);
  expect(template.events.workflow_dispatch).toBeDefined();
  expect(workflow.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
}

/** Steps that assume the AWS role use OIDC only: a role to assume, no key inputs. */
function expectRoleByOidc(job: Job) {
  const aws = job.steps.filter((s) => String(s.uses).startsWith('aws-actions/configure-aws-credentials@'));
  expect(aws).toHaveLength(1);
  expect(aws[0]!.with!['role-to-assume']).toBe('${{ vars.SOC2_AWS_ROLE_ARN }}');
  expect(aws[0]!.with!['role-duration-seconds']).toBe('7200'); // within the audit stack's GitHub role maxSessionDuration (4 h)
  expect(Object.keys(aws[0]!.with!)).not.toContain('aws-access-key-id');
  expect(Object.keys(aws[0]!.with!)).not.toContain('aws-secret-access-key');
}

describe.each(['soc2-evidence.yml', 'soc2-evidence-sharded.yml'])('%s', (name) => {
  it('is a valid workflow for GitHub’s parser, with no stored AWS keys anywhere', async () => {
    const { errors } = await parse(name);
    expect(errors).toEqual([]);
    const text = readFileSync(path.join(dir, name), 'utf8');
    expect(text).not.toMatch(/AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID|aws-secret-access-key|aws-access-key-id/i);
  });
});

describe('the monthly workflow', () => {
  it('runs monthly by OIDC, collects into the S3 store, fails on new gaps only, notifies, keeps the run as an artifact', async () => {
    const { workflow, template } = await parse('soc2-evidence.yml');
    expectOidcAndSchedule(workflow!, template!);
    const job = workflow!.jobs.collect!;
    expectRoleByOidc(job);
    const collect = job.steps.find((s) => s.id === 'collect')!;
    expect(collect.run).toMatch(
      /soc2-evidence collect --out "s3:\/\/\$EVIDENCE_BUCKET\/runs" --fail-on new \$\{SOC2_NOTIFY_URL:\+--notify "\$SOC2_NOTIFY_URL"\}/,
    );
    expect(collect.env).toEqual({
      GITHUB_TOKEN: '${{ secrets.SOC2_GITHUB_TOKEN }}',
      OKTA_API_TOKEN: '${{ secrets.OKTA_API_TOKEN }}',
      SOC2_NOTIFY_URL: '${{ secrets.SOC2_NOTIFY_URL }}',
      EVIDENCE_BUCKET: '${{ vars.SOC2_EVIDENCE_BUCKET }}',
    });
    expect(runs(job).some((r) => /soc2-evidence verify "\$RUN_LOCATION"/.test(r))).toBe(true);
    const upload = job.steps.find((s) => String(s.uses).startsWith('actions/upload-artifact@'))!;
    expect(upload.if).toBe('always()');
    expect(upload.with!.path).toBe('soc2-run/');
    // The job's result is the tool's exit code, after the artifact is kept.
    expect(runs(job).at(-1)).toMatch(/exit "\$STATUS"/);
    expect(uses(job)).toContain('actions/setup-node@v4');
    expect(workflow!.env.SOC2_EVIDENCE_PACKAGE).toMatch(/^github:[^/]+\/soc2-evidence#/);
    // Not `npm install -g`: npm breaks global installs from git that build in `prepare` (npm/cli#3692, #8440).
    expect(runs(job)[0]).toContain('npm install --prefix "$RUNNER_TEMP/soc2-evidence"');
    expect(runs(job)[0]).toContain('>> "$GITHUB_PATH"');
  });

  it('never puts an expression into a shell command (secrets and outputs reach `run` through env)', async () => {
    for (const name of ['soc2-evidence.yml', 'soc2-evidence-sharded.yml']) {
      const { workflow } = await parse(name);
      for (const job of Object.values(workflow!.jobs)) for (const r of runs(job)) expect(r, `${name}: ${r}`).not.toContain('${{');
    }
  });

  it('the parser rejects a broken copy (the validation is real)', async () => {
    const text = readFileSync(path.join(dir, 'soc2-evidence.yml'), 'utf8');
    const broken = await parse('broken.yml', text.replace('id-token: write', 'id-token: wrte'));
    expect(broken.errors.join('\n')).toMatch(/wrte|Unexpected value/);
    const badCron = await parse('bad-cron.yml', text.replace('"0 6 1 * *"', '"0 6 32 * *"'));
    expect(badCron.errors.join('\n')).toMatch(/cron/i);
  });
});

describe('the sharded workflow', () => {
  it('collects N shards in a matrix, then merges them into the S3 store in one job', async () => {
    const { workflow, template } = await parse('soc2-evidence-sharded.yml');
    expectOidcAndSchedule(workflow!, template!);
    const shard = workflow!.jobs.shard!;
    const merge = workflow!.jobs.merge!;
    const shards = shard.strategy!.matrix.shard as number[];
    expect(shards).toEqual(Array.from({ length: Number(workflow!.env.SHARDS) }, (_, i) => i + 1));
    expectRoleByOidc(shard);
    expectRoleByOidc(merge);
    expect(runs(shard).some((r) => r.includes('soc2-evidence collect --shard "$SHARD/$SHARDS" --out shard-runs'))).toBe(true);
    const shardStep = shard.steps.find((s) => String(s.run).includes('collect --shard'))!;
    expect(shardStep.env!.SHARD).toBe('${{ matrix.shard }}');
    expect(merge.needs).toBe('shard');
    expect(uses(merge)).toContain('actions/download-artifact@v4');
    expect(runs(merge).some((r) => /soc2-evidence merge shards\/\*\/\*\/ --out "s3:\/\/\$EVIDENCE_BUCKET\/runs" --fail-on new .*--notify/.test(r))).toBe(true);
    // Only the merge writes to the store; shards do not notify.
    expect(runs(shard).join('\n')).not.toMatch(/s3:\/\/|--notify/);
  });
});
