// The gap list engineers work from: every fail and error, worst first, with how to fix or accept it,
// and what changed since the previous run.
import path from 'node:path';
import { findCheck } from '../checks/registry.js';
import type { Finding } from '../core/types.js';
import { toCsv } from '../core/csv.js';
import { writeJsonFile, writeTextFile } from '../core/text-file.js';
import { worstFirst } from '../core/order.js';
import { runWarnings, type RunJson, type RunRecord } from '../run/record.js';
import { compareRuns, describeChanges, exitCodeForFailOn, gapKey, type FailOnPolicy, type RunChanges, type RunRef } from './diff.js';

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
  details?: Finding['details'];
  /** For errors: the permission or input that was missing. */
  missing?: string;
  remediation: { summary: string; console?: string; cli?: string; terraform?: string };
  /** For fails: the `exceptions:` entry that would accept this finding (fill in reason, approver, expiry). */
  exception?: { check: string; resource: string; reason: string; approvedBy: string; expires: string };
  /** An exception that matched but has expired (the finding is a fail again). */
  expiredException?: { reason: string; approvedBy: string; expires: string };
  /** `new` since the previous run, `still_open`, or `not_rechecked` (a fail whose read failed this run: its streak goes on). */
  change: 'new' | 'still_open' | 'not_rechecked';
  openSince: RunRef;
  /** Evidence files (SHA-256) the verdict rests on. */
  evidence: string[];
}

export function buildGaps(record: RunRecord, changes: RunChanges = compareRuns(record, null)): Gap[] {
  const criteriaOf = new Map(record.run.controls.map((c) => [c.id, c.criteria]));
  const still = new Map(changes.stillOpen.map((c) => [gapKey(c.checkId, c.resource.id), c]));
  const unread = new Map(changes.notRechecked.map((c) => [gapKey(c.checkId, c.resource.id), c]));
  const here: RunRef = { runId: record.run.runId, date: record.run.startedAt.slice(0, 10) };
  return record.findings
    .filter((f) => f.status === 'fail' || f.status === 'error')
    .sort(worstFirst)
    .map((f, i): Gap => {
      const check = findCheck(f.checkId);
      const open = still.get(gapKey(f.checkId, f.resource.id));
      const carried = unread.get(gapKey(f.checkId, f.resource.id));
      const remediation =
        f.status === 'error'
          ? {
              summary: f.missing
                ? `Grant ${f.missing} to the identity soc2-evidence runs as, then run again.`
                : 'Fix the cause named in the message, then run again.',
            }
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
        ...(f.details ? { details: f.details } : {}),
        ...(f.missing ? { missing: f.missing } : {}),
        remediation,
        ...(f.status === 'fail' ? { exception: { check: f.checkId, resource: f.resource.id, reason: '…', approvedBy: '…', expires: 'YYYY-MM-DD' } } : {}),
        ...(f.exception?.expired ? { expiredException: { reason: f.exception.reason, approvedBy: f.exception.approvedBy, expires: f.exception.expires } } : {}),
        change: open ? 'still_open' : carried ? 'not_rechecked' : 'new',
        openSince: open?.openSince ?? carried?.openSince ?? here,
        evidence: f.evidence.map((e) => e.sha256),
      };
    });
}

/** The exit code the process returns under `policy`, from the same changes the gap list shows. */
export function failOnBlock(record: RunRecord, changes: RunChanges, policy: FailOnPolicy): FailOnPolicy & { exitCode: number } {
  return { ...policy, exitCode: exitCodeForFailOn(policy.mode, record.run.exitCode, changes) };
}

/** gaps.json's content (written member by member: a large organisation's list is tens of MB). */
export function gapsJson(record: RunRecord, gaps: Gap[], changes: RunChanges, policy: FailOnPolicy = { mode: 'any' }) {
  const { run } = record;
  const body = {
    runId: run.runId,
    organization: run.organization,
    period: run.period,
    startedAt: run.startedAt,
    exitCode: run.exitCode,
    failOn: failOnBlock(record, changes, policy),
    counts: {
      fail: run.counts.findings.fail,
      error: run.counts.findings.error,
      accepted: run.counts.findings.accepted,
      new: changes.new.length,
      newFail: changes.new.filter((c) => c.status === 'fail').length,
      resolved: changes.resolved.length,
      stillOpen: changes.stillOpen.length,
      notRechecked: changes.notRechecked.length,
    },
    warnings: runWarnings(run),
    changes,
    gaps,
  };
  return body;
}

export function writeGaps(
  record: RunRecord,
  changes: RunChanges = compareRuns(record, null),
  gaps: Gap[] = buildGaps(record, changes),
  policy: FailOnPolicy = { mode: 'any' },
): Gap[] {
  writeJsonFile(path.join(record.dir, 'gaps.json'), gapsJson(record, gaps, changes, policy));
  const csv = toCsv(
    [
      'rank',
      'status',
      'severity',
      'check',
      'controls',
      'criteria',
      'resource_type',
      'resource_id',
      'resource_name',
      'account',
      'region',
      'message',
      'missing',
      'remediation',
      'console',
      'cli',
      'terraform',
      'change',
      'open_since',
      'exception_entry',
    ],
    gaps.map((g) => [
      g.rank,
      g.status,
      g.severity,
      g.checkId,
      g.controls.join(' '),
      g.criteria.join(' '),
      g.resource.type,
      g.resource.id,
      g.resource.name ?? '',
      g.resource.account ?? '',
      g.resource.region ?? '',
      g.message,
      g.missing ?? '',
      g.remediation.summary,
      g.remediation.console ?? '',
      g.remediation.cli ?? '',
      g.remediation.terraform ?? '',
      g.change,
      g.openSince.date,
      g.exception ? exceptionEntry(g) : '',
    ]),
  );
  // A UTF-8 byte-order mark: Excel on Windows otherwise reads the file as ANSI and garbles names such as Łukasz.
  writeTextFile(path.join(record.dir, 'gaps.csv'), (out) => {
    out.write('\uFEFF');
    out.write(csv);
  });
  writeTextFile(path.join(record.dir, 'gaps.md'), (out) => gapsMarkdown(record, gaps, changes, (line) => out.write(line)));
  return gaps;
}

function warningLines(run: RunJson): string[] {
  const warnings = runWarnings(run);
  return warnings.length ? ['## Warnings', '', ...warnings.map((w) => `- ${w}`), ''] : [];
}

export function exceptionEntry(g: Pick<Gap, 'checkId' | 'resource'>): string {
  return `{ check: ${g.checkId}, resource: ${JSON.stringify(g.resource.id)}, reason: "…", approvedBy: "…", expires: YYYY-MM-DD }`;
}

/** gaps.md, handed to `write` a line at a time (lines joined by newlines, none after the last). */
function gapsMarkdown(record: RunRecord, gaps: Gap[], changes: RunChanges, write: (text: string) => void): void {
  let first = true;
  const put = (...lines: string[]) => {
    for (const line of lines) {
      write(first ? line : `\n${line}`);
      first = false;
    }
  };
  const { run } = record;
  const c = run.counts;
  const here: RunRef = { runId: run.runId, date: run.startedAt.slice(0, 10) };
  put(
    `# SOC 2 gap list — ${run.organization}`,
    '',
    `Run ${run.runId} · audit period ${run.period.start} to ${run.period.end} ` +
      `· ${c.findings.fail} failing, ${c.findings.error} could not be verified, ` +
      `${c.findings.accepted} accepted by exception, ${c.findings.pass} passing.`,
    `Controls: ${c.controls.met} met · ${c.controls.gap} gap · ` +
      `${c.controls.not_verified} not verified · ${c.controls.manual} manual · ${c.controls.out_of_scope} out of scope.`,
    '',
    ...warningLines(run),
    '## What changed since the last run',
    '',
    ...describeChanges(changes, here, true),
    '',
    '## Gaps, worst first',
    '',
  );
  if (gaps.length === 0) put('No gaps: every judged resource passed or is accepted by a current exception.', '');
  for (const g of gaps) {
    const where = [g.resource.account && `account ${g.resource.account}`, g.resource.region].filter(Boolean).join(', ');
    put(
      `### ${g.rank}. ${g.status === 'fail' ? 'FAIL' : 'ERROR (could not verify)'} · ${g.severity} ` +
        `· ${g.title}${g.change === 'new' && changes.previous ? ' · NEW' : ''}`,
      '',
      `- **Resource:** \`${g.resource.id}\`${g.resource.name && g.resource.name !== g.resource.id ? ` (${g.resource.name})` : ''}${where ? ` — ${where}` : ''}`,
      `- **Check:** \`${g.checkId}\` · **Controls:** ${g.controls.join(', ') || '—'} · **Criteria:** ${g.criteria.join(', ') || '—'}`,
      `- **What is wrong:** ${g.message}`,
      ...(g.missing ? [`- **Missing permission or input:** \`${g.missing}\``] : []),
      ...(g.details
        ? [
            `- **Observed:** ${Object.entries(g.details)
              .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
              .join(', ')}`,
          ]
        : []),
      ...(g.change === 'still_open' ? [`- **Open since:** ${g.openSince.date} (run ${g.openSince.runId})`] : []),
      ...(g.change === 'not_rechecked'
        ? [`- **Not re-checked:** failing since ${g.openSince.date} (run ${g.openSince.runId}); this run could not read it, so it is neither resolved nor open`]
        : []),
      `- **How to fix:** ${g.remediation.summary}`,
      ...(g.remediation.console ? [`  - Console: ${g.remediation.console}`] : []),
      ...(g.remediation.cli ? ['  - CLI:', '', '    ```sh', ...g.remediation.cli.split('\n').map((l) => `    ${l}`), '    ```', ''] : []),
      ...(g.remediation.terraform ? ['  - Terraform:', '', '    ```hcl', ...g.remediation.terraform.split('\n').map((l) => `    ${l}`), '    ```', ''] : []),
      ...(g.expiredException
        ? [`- **Expired exception:** approved by ${g.expiredException.approvedBy}, expired ${g.expiredException.expires} (“${g.expiredException.reason}”)`]
        : []),
      ...(g.exception ? [`- **To accept instead:** add to \`exceptions:\` in soc2-evidence.yaml — \`${exceptionEntry(g)}\``] : []),
      '',
    );
  }
}
