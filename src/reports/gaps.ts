// The gap list engineers work from: every fail and error, worst first, with how to fix or accept it.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { findCheck } from '../checks/registry.js';
import type { Finding } from '../core/types.js';
import { toCsv } from '../pipeline/populations.js';
import { worstFirst } from '../pipeline/status.js';
import type { RunRecord } from '../run/record.js';

export interface Gap {
  rank: number;
  status: 'fail' | 'error';
  severity: Finding['severity'];
  checkId: string;
  title: string;
  controls: string[];
  criteria: string[];
  resource: Finding['resource'];
  message: string;
  /** For errors: the permission or input that was missing. */
  missing?: string;
  remediation: { summary: string; console?: string; cli?: string; terraform?: string };
  /** The config entry that would accept this finding as an exception. */
  exception: { check: string; resource: string; reason: string; approvedBy: string; expires: string };
}

export function buildGaps(record: RunRecord): Gap[] {
  const criteriaOf = new Map(record.run.controls.map((c) => [c.id, c.criteria]));
  return record.findings
    .filter((f) => f.status === 'fail' || f.status === 'error')
    .sort(worstFirst)
    .map((f, i) => {
      const check = findCheck(f.checkId);
      const remediation =
        f.status === 'error'
          ? { summary: f.missing ? `Grant ${f.missing} to the role soc2-evidence runs as, then run again.` : 'Fix the cause named in the message, then run again.' }
          : (check?.remediation ?? { summary: 'See the check documentation.' });
      return {
        rank: i + 1,
        status: f.status as 'fail' | 'error',
        severity: f.severity,
        checkId: f.checkId,
        title: check?.title ?? f.checkId,
        controls: f.controlIds,
        criteria: [...new Set(f.controlIds.flatMap((id) => criteriaOf.get(id) ?? []))].sort(),
        resource: f.resource,
        message: f.message,
        ...(f.missing ? { missing: f.missing } : {}),
        remediation,
        exception: { check: f.checkId, resource: f.resource.id, reason: '…', approvedBy: '…', expires: 'YYYY-MM-DD' },
      };
    });
}

export function writeGaps(record: RunRecord, gaps: Gap[] = buildGaps(record)): void {
  const { run } = record;
  writeFileSync(
    path.join(record.dir, 'gaps.json'),
    `${JSON.stringify({ runId: run.runId, organization: run.organization, period: run.period, counts: { fail: run.counts.findings.fail, error: run.counts.findings.error }, gaps }, null, 2)}\n`,
  );
  writeFileSync(
    path.join(record.dir, 'gaps.csv'),
    toCsv(
      ['rank', 'status', 'severity', 'check', 'controls', 'criteria', 'resource_type', 'resource_id', 'account', 'region', 'message', 'missing', 'remediation'],
      gaps.map((g) => [g.rank, g.status, g.severity, g.checkId, g.controls.join(' '), g.criteria.join(' '), g.resource.type, g.resource.id, g.resource.account ?? '', g.resource.region ?? '', g.message, g.missing ?? '', g.remediation.summary]),
    ),
  );
  writeFileSync(path.join(record.dir, 'gaps.md'), gapsMarkdown(record, gaps));
}

function gapsMarkdown(record: RunRecord, gaps: Gap[]): string {
  const { run } = record;
  const c = run.counts;
  const lines = [
    `# SOC 2 gap list — ${run.organization}`,
    '',
    `Run ${run.runId} · audit period ${run.period.start} to ${run.period.end} · ${c.findings.fail} failing, ${c.findings.error} could not be verified, ${c.findings.accepted} accepted by exception, ${c.findings.pass} passing.`,
    `Controls: ${c.controls.met} met · ${c.controls.gap} gap · ${c.controls.not_verified} not verified · ${c.controls.manual} manual · ${c.controls.out_of_scope} out of scope.`,
    '',
  ];
  if (gaps.length === 0) lines.push('No gaps: every judged resource passed or is accepted by a current exception.', '');
  for (const g of gaps) {
    const where = [g.resource.account && `account ${g.resource.account}`, g.resource.region].filter(Boolean).join(', ');
    lines.push(
      `## ${g.rank}. ${g.status === 'fail' ? 'FAIL' : 'ERROR (could not verify)'} · ${g.severity} · ${g.title}`,
      '',
      `- **Resource:** \`${g.resource.id}\`${g.resource.name && g.resource.name !== g.resource.id ? ` (${g.resource.name})` : ''}${where ? ` — ${where}` : ''}`,
      `- **Check:** \`${g.checkId}\` · **Controls:** ${g.controls.join(', ') || '—'} · **Criteria:** ${g.criteria.join(', ') || '—'}`,
      `- **What is wrong:** ${g.message}`,
      ...(g.missing ? [`- **Missing:** \`${g.missing}\``] : []),
      `- **How to fix:** ${g.remediation.summary}`,
      ...(g.remediation.console ? [`  - Console: ${g.remediation.console}`] : []),
      ...(g.remediation.cli ? ['  - CLI:', '', '    ```sh', ...g.remediation.cli.split('\n').map((l) => `    ${l}`), '    ```'] : []),
      ...(g.remediation.terraform ? ['  - Terraform:', '', '    ```hcl', ...g.remediation.terraform.split('\n').map((l) => `    ${l}`), '    ```'] : []),
      ...(g.status === 'fail'
        ? [`- **To accept instead:** add to \`exceptions:\` — \`{ check: ${g.checkId}, resource: "${g.resource.id}", reason: "…", approvedBy: "…", expires: YYYY-MM-DD }\``]
        : []),
      '',
    );
  }
  return lines.join('\n');
}
