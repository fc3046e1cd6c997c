// trust-report: a short security overview for prospects, built from one stored run. It speaks in
// counts and control statuses only: no account id, ARN, host name, user name, login or email is
// ever read into it (only run.json's counts, control titles and statuses, and resource *types*).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ControlStatus } from '../core/types.js';
import type { RunRecord } from '../run/record.js';
import { writeFileAtomically } from '../run/write-file.js';
import { num } from './pdf/front.js';
import { COLORS, PackLayout } from './pdf/layout.js';

const AREAS: Record<string, string> = {
  AC: 'Access control',
  AV: 'Availability and resilience',
  CM: 'Change management',
  EN: 'Encryption',
  LM: 'Logging and monitoring',
  NW: 'Network protection',
  GV: 'Governance and people',
};

export const PROSPECT_STATUS: Record<ControlStatus, string> = {
  met: 'In place (verified)',
  gap: 'Gap, remediation open',
  not_verified: 'Not verified in this run',
  manual: 'Manual process control',
  out_of_scope: 'Not in scope',
};

/** What each resource type is called in counts; types not listed are not counted (never their ids). */
const RESOURCE_KINDS: Array<{ label: string; types: string[] }> = [
  { label: 'S3 buckets', types: ['aws.s3.bucket'] },
  { label: 'databases', types: ['aws.rds.instance', 'aws.rds.cluster', 'aws.rds.db'] },
  { label: 'EBS volumes', types: ['aws.ec2.volume'] },
  { label: 'KMS keys', types: ['aws.kms.key'] },
  { label: 'load balancers', types: ['aws.elb.load-balancer', 'aws.elb.classic-load-balancer'] },
  { label: 'CloudTrail trails', types: ['aws.cloudtrail.trail'] },
  { label: 'IAM users', types: ['aws.iam.user'] },
];

const IDP_NAMES: Record<string, string> = { okta: 'Okta', google: 'Google Workspace', entra: 'Microsoft Entra ID', csv: 'identity-provider export' };

export interface TrustOverview {
  organization: string;
  asOf: string;
  period: { start: string; end: string };
  runId: string;
  tool: string;
  monitored: Array<[string, string]>;
  areas: Array<{ area: string; controls: Array<{ title: string; criteria: string; status: ControlStatus }> }>;
  controlCounts: Record<ControlStatus, number>;
  findings: { judged: number; checks: number; pass: number; fail: number; error: number; accepted: number };
  evidence: string[];
}

function distinct(record: RunRecord, types: string[]): number {
  const set = new Set(types);
  return new Set(record.findings.filter((f) => set.has(f.resource.type)).map((f) => f.resource.id)).size;
}

function populationRows(record: RunRecord, name: string): number | undefined {
  return record.run.populations.find((p) => p.name === name)?.rows;
}

const plural = (n: number, one: string, many: string) => `${num(n)} ${n === 1 ? one : many}`;

export function trustOverview(record: RunRecord): TrustOverview {
  const { run } = record;
  const monitored: Array<[string, string]> = [];
  const sourceNote = (s: 'aws' | 'github' | 'idp') => {
    const status = run.sources[s]?.status;
    return status === 'partial' ? ' (partly collected in this run)' : status === 'failed' ? ' (could not be collected in this run)' : '';
  };
  if (run.scope.aws) {
    const kinds = RESOURCE_KINDS.map((k) => [k.label, distinct(record, k.types)] as const)
      .filter(([, n]) => n > 0)
      .map(([label, n]) => `${num(n)} ${label}`);
    monitored.push([
      'Cloud (AWS)',
      `${plural(run.scope.aws.accounts.length, 'account', 'accounts')} in ` +
        `${plural(run.scope.aws.regions.length, 'region', 'regions')}` +
        `${kinds.length ? `; ${kinds.join(', ')}` : ''}${sourceNote('aws')}`,
    ]);
  }
  if (run.scope.github) {
    const repos = populationRows(record, 'repositories') ?? distinct(record, ['github.repository', 'github.repo']);
    const members = distinct(record, ['github.user']);
    const prs = populationRows(record, 'pull-requests') ?? distinct(record, ['github.pull_request', 'github.pull-request']);
    monitored.push([
      'Source control (GitHub)',
      `1 organization, ${plural(repos, 'repository', 'repositories')}` +
        `${members ? `, ${plural(members, 'member', 'members')}` : ''}; ` +
        `${plural(prs, 'pull request', 'pull requests')} merged in the audit period reviewed${sourceNote('github')}`,
    ]);
  }
  if (run.scope.idp) {
    const people = populationRows(record, 'idp-users') ?? distinct(record, ['idp.user']);
    monitored.push([
      'People (identity provider)',
      `${plural(people, 'workforce account', 'workforce accounts')} in ${IDP_NAMES[run.scope.idp.provider] ?? 'the identity provider'}${sourceNote('idp')}`,
    ]);
  }
  const out = (['aws', 'github', 'idp'] as const).filter((s) => !run.scope[s]);
  if (out.length)
    monitored.push(['Not connected', out.map((s) => ({ aws: 'cloud (AWS)', github: 'source control (GitHub)', idp: 'identity provider' })[s]).join(', ')]);
  const f = run.counts.findings;
  const judged = f.pass + f.fail + f.error + f.accepted + f.not_applicable;
  monitored.push([
    'Automated checks',
    `${plural(run.scope.checks.length, 'check', 'checks')} made ${num(judged)} judgements of individual resources and settings`,
  ]);

  const byArea = new Map<string, TrustOverview['areas'][number]>();
  for (const c of run.controls) {
    const prefix = c.id.replace(/-.*$/, '');
    const area = AREAS[prefix] ?? 'Other controls';
    const entry = byArea.get(area) ?? { area, controls: [] };
    entry.controls.push({ title: c.title, criteria: c.criteria.join(', '), status: c.status });
    byArea.set(area, entry);
  }
  const order = [...Object.values(AREAS), 'Other controls'];
  const areas = [...byArea.values()].sort((a, b) => order.indexOf(a.area) - order.indexOf(b.area));

  const signed = existsSync(path.join(record.dir, 'manifest.sig'));
  const manifestFiles = (() => {
    try {
      return Object.keys((JSON.parse(readFileSync(path.join(record.dir, 'manifest.json'), 'utf8')) as { files: object }).files).length;
    } catch {
      return 0;
    }
  })();
  const evidence = [
    `Evidence is collected with read-only access: the tool can list and read settings, never change them.`,
    `Each run is stored as a folder with the raw API responses (` +
      `${num(run.counts.evidenceFiles)} in this run), the findings and an evidence pack for the auditor. A manifest lists ` +
      `all ${num(manifestFiles)} files with their SHA-256 hashes, so any change, addition ` +
      'or removal is detected ("soc2-evidence verify"); this run verified intact when this ' +
      `overview was made.${signed ? ' The manifest is also signed.' : ''}`,
    'A check that could not read its evidence is reported as "not verified", never as ' +
      'passing. Exceptions are recorded with a reason, an approver and an expiry date.',
  ];
  return {
    organization: run.organization,
    asOf: run.startedAt.slice(0, 10),
    period: run.period,
    runId: run.runId,
    tool: `${run.tool.name} ${run.tool.version}`,
    monitored,
    areas,
    controlCounts: run.counts.controls,
    findings: { judged, checks: run.scope.checks.length, pass: f.pass, fail: f.fail, error: f.error, accepted: f.accepted },
    evidence,
  };
}

function statusLine(o: TrustOverview): string {
  const c = o.controlCounts;
  const total = Object.values(c).reduce((a, b) => a + b, 0);
  return (
    `${num(total)} controls: ${c.met} in place (verified), ${c.gap} with a gap being remediated, ` +
    `${c.not_verified} not verified in this run, ${c.manual} manual process controls (policies, training ` +
    `and the like; not checked automatically)${c.out_of_scope ? `, ${c.out_of_scope} not in scope` : ''}.`
  );
}

export function trustReportMarkdown(o: TrustOverview): string {
  const lines = [
    `# Security overview: ${o.organization}`,
    '',
    `As of **${o.asOf}**. Audit period covered: **${o.period.start} to ${o.period.end}**.`,
    '',
    '## What is monitored',
    '',
    ...o.monitored.map(([k, v]) => `- **${k}:** ${v}`),
    '',
    '## Control status by area',
    '',
    statusLine(o),
    '',
    '| Area | Control | SOC 2 criteria | Status |',
    '|---|---|---|---|',
    ...o.areas.flatMap((a) => a.controls.map((c) => `| ${a.area} | ${c.title} | ${c.criteria} | ${PROSPECT_STATUS[c.status]} |`)),
    '',
    '## How evidence is kept',
    '',
    ...o.evidence.map((e) => `- ${e}`),
    '',
    `_Generated by ${o.tool} from the run of ${o.asOf} (${o.runId})._`,
    '',
  ];
  return lines.join('\n');
}

export async function trustReportPdf(o: TrustOverview): Promise<Buffer> {
  const layout = new PackLayout({
    title: `Security overview — ${o.organization}`,
    author: o.organization,
    subject: `Security overview as of ${o.asOf}`,
    date: new Date(`${o.asOf}T00:00:00Z`),
  });
  layout.doc.rect(0, 0, 595.28, 8).fill(COLORS.accent);
  layout.y = 56;
  layout.write('Security overview', { size: 22, bold: true, color: COLORS.accent });
  layout.y += 2;
  layout.write(o.organization, { size: 14, bold: true });
  layout.y += 2;
  layout.write(`As of ${o.asOf} · audit period ${o.period.start} to ${o.period.end}`, { size: 10.5, color: COLORS.muted });
  layout.y += 10;
  layout.heading('What is monitored', 2, false);
  layout.keyValues(o.monitored, 150, 9.5);
  layout.heading('Control status by area', 2, false);
  layout.paragraph(statusLine(o), { size: 9.5 });
  const rows = o.areas.flatMap((a) =>
    a.controls.map((c, i) => [
      { text: i === 0 ? a.area : '', bold: true },
      { text: c.title },
      { text: c.criteria, color: COLORS.muted },
      { text: PROSPECT_STATUS[c.status], color: COLORS[c.status], bold: c.status === 'met' },
    ]),
  );
  layout.table(
    [
      { header: 'Area', width: 118, maxLines: 2 },
      { header: 'Control', width: 205, maxLines: 2 },
      { header: 'SOC 2 criteria', width: 66 },
      { header: 'Status', width: layout.width - 389, maxLines: 2 },
    ],
    rows,
    { size: 8 },
  );
  layout.heading('How evidence is kept', 2, false);
  for (const line of o.evidence) layout.paragraph(`•  ${line}`, { size: 9 });
  layout.finishPages(`Security overview · ${o.organization} · as of ${o.asOf}`, `Generated by ${o.tool} from the run of ${o.asOf} (${o.runId})`);
  return layout.end();
}

/** Writes FILE.pdf or FILE.md (by extension), atomically. */
export async function writeTrustReport(record: RunRecord, out: string): Promise<void> {
  const overview = trustOverview(record);
  const data = path.extname(out).toLowerCase() === '.md' ? trustReportMarkdown(overview) : await trustReportPdf(overview);
  writeFileAtomically(out, data);
}
