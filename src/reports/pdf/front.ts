// The front of the pack: cover, what changed since the last run, and the summary (chart and the
// SOC 2 criteria › controls › status matrix).
import { CONTROL_STATUSES, FINDING_STATUSES, type ControlStatus, type FindingStatus } from '../../core/types.js';
import { runWarnings, type ControlResult, type RunRecord } from '../../run/record.js';
import { compareCriteria, criteriaInScope, criterionOf, type Category } from '../../catalog/criteria.js';
import type { SignerIdentity } from '../../run/signing.js';
import type { RebuildRecord } from '../../run/rebuild.js';
import type { ChangeItem, RunChanges } from '../diff.js';
import { COLORS, type Cell, type PackLayout } from './layout.js';

export const CONTROL_LABEL: Record<ControlStatus, string> = {
  met: 'Met',
  gap: 'Gap',
  not_verified: 'Not verified',
  manual: 'Manual',
  out_of_scope: 'Out of scope',
};

const evidenceMissing = (c: Pick<ControlResult, 'manual' | 'documents'>): boolean => c.manual && !!c.documents && c.documents.provided.length === 0;

/** A manual control with no document of its own is "evidence missing", not merely "manual". */
export function controlLabel(control: Pick<ControlResult, 'status' | 'manual' | 'documents'>): string {
  return evidenceMissing(control) ? 'Manual — evidence missing' : CONTROL_LABEL[control.status];
}

export function controlColor(control: Pick<ControlResult, 'status' | 'manual' | 'documents'>): string {
  return evidenceMissing(control) ? COLORS.error : COLORS[control.status];
}

export const FINDING_LABEL: Record<FindingStatus, string> = {
  pass: 'Pass',
  fail: 'Fail',
  error: 'Could not verify',
  not_applicable: 'Not applicable',
  accepted: 'Accepted (exception)',
};
export const num = (n: number): string => n.toLocaleString('en-US');

export function scopeLines(record: RunRecord): Array<[string, string]> {
  const { scope, sources } = record.run;
  const outcome = (s: 'aws' | 'github' | 'idp') => {
    const o = sources[s];
    if (!o) return '';
    if (o.status === 'out_of_scope') return `Out of scope: ${o.reason ?? 'not configured'} (its checks are not counted as passes)`;
    return `${o.status}${o.reason ? ` — ${o.reason}` : ''}${o.missingPermissions.length ? `; missing: ${o.missingPermissions.join(', ')}` : ''}`;
  };
  return [
    ['AWS accounts', scope.aws ? scope.aws.accounts.map((a) => (a.name ? `${a.id} (${a.name})` : a.id)).join(', ') || 'none reached' : outcome('aws')],
    ['AWS regions', scope.aws ? scope.aws.regions.join(', ') || 'none' : '—'],
    ['AWS organization', scope.aws ? (scope.aws.organization ? 'accounts discovered with AWS Organizations' : 'accounts listed in the configuration') : '—'],
    ['GitHub organization', scope.github ? `${scope.github.org} (${scope.github.apiUrl})` : outcome('github')],
    ['Identity provider', scope.idp ? `${scope.idp.provider}: ${scope.idp.host}` : outcome('idp')],
    [
      'Collection',
      (['aws', 'github', 'idp'] as const)
        .filter((s) => sources[s] && sources[s]!.status !== 'out_of_scope')
        .map((s) => `${s}: ${outcome(s)}`)
        .join('; ') || '—',
    ],
  ];
}

/** The cover's signature line: signed (by which key fingerprint) or not, and how to check it. */
export function signatureLine(signing: SignerIdentity | undefined): string {
  if (!signing) return 'Not signed: manifest.json hashes every file, but whoever can edit the folder can recompute them. Sign runs with collect --sign.';
  return (
    `manifest.json is signed (manifest.sig) with ${signing.algorithm} key ${signing.keyId}, ` +
    `public-key SHA-256 fingerprint ${signing.publicKeyFingerprint}. Check: soc2-evidence ` +
    'verify <run> --key <public key or kms:ARN>.'
  );
}

/** Forced rebuilds, each with when and why (report-rebuild.json has the files). */
export function rebuildLines(rebuilds: RebuildRecord[]): Array<[string, string]> {
  return rebuilds.map((r, i): [string, string] => [
    i === 0 ? 'FORCED REBUILD' : '',
    `${r.at} by ${r.tool}: ${r.reason}. The reports and manifest were rebuilt anyway (report --force); ` +
      `report-rebuild.json lists the differing files and the replaced manifest's SHA-256.`,
  ]);
}

export function cover(layout: PackLayout, record: RunRecord, signing?: SignerIdentity, rebuilds: RebuildRecord[] = []): void {
  const { run } = record;
  const doc = layout.doc;
  layout.markBare();
  layout.outline('Cover');
  doc.rect(0, 0, 595.28, 8).fill(COLORS.accent);
  layout.y = 130;
  layout.write('SOC 2 evidence pack', { size: 28, bold: true, color: COLORS.accent });
  layout.y += 6;
  layout.write(run.organization, { size: 18, bold: true });
  layout.y += 4;
  layout.write(`Audit period ${run.period.start} to ${run.period.end} (UTC, both days included)`, { size: 12, color: COLORS.muted });
  layout.y += 36;
  layout.keyValues(
    [
      ['Run', run.runId],
      ['Collected', `${run.startedAt} to ${run.finishedAt}`],
      ['Generated', `${run.finishedAt} (from the stored run; rebuilding the pack gives the same file)`],
      ['Tool', `${run.tool.name} ${run.tool.version}`],
      ['Configuration', `${run.config.file ?? 'built-in'} · SHA-256 ${run.config.sha256}`],
      ['Signature', signatureLine(signing)],
      ...rebuildLines(rebuilds),
      ...scopeLines(record),
    ],
    125,
    9.5,
  );
  layout.y += 24;
  const c = run.counts.controls;
  layout.write(
    `${num(run.controls.length)} controls: ${c.met} met · ${c.gap} gap · ${c.not_verified} not verified · ${c.manual} manual · ${c.out_of_scope} out of scope`,
    { size: 11, bold: true },
  );
  layout.y += 4;
  const f = run.counts.findings;
  layout.write(
    `${num(Object.values(f).reduce((a, b) => a + b, 0))} findings: ${num(f.pass)} ` +
      `pass · ${num(f.fail)} fail · ${num(f.error)} could not verify · ${num(f.accepted)} ` +
      `accepted by exception · ${num(f.not_applicable)} not applicable`,
    { size: 10 },
  );
  layout.y += 14;
  layout.write(
    'What the evidence covers: configuration evidence (MFA settings, encryption, branch protection, ' +
      `logging…) is a snapshot taken when the run collected it (${run.startedAt.slice(0, 10)}); ` +
      `populations (merged pull requests, direct pushes) cover the audit period ${run.period.start} to ${run.period.end}. ` +
      'Monthly runs over the period, exported together, show that controls operated throughout it.',
    { size: 9, color: COLORS.muted },
  );
  // At most three on the cover: the exceptions register lists every exception that matches nothing.
  const warnings = runWarnings(run);
  for (const warning of warnings.slice(0, 3)) {
    layout.y += 4;
    layout.write(`Warning: ${warning}`, { size: 8.5, color: COLORS.error });
  }
  if (warnings.length > 3) layout.write(`… and ${warnings.length - 3} more warnings: see the exceptions register.`, { size: 8.5, color: COLORS.error });
  layout.y = Math.max(layout.y + 10, 700);
  layout.write('How to check this pack', { size: 9.5, bold: true, color: COLORS.muted });
  layout.write(
    `This pack was generated from the run folder ${run.runId}/ (findings.json, run.json and the raw API responses in evidence/). ` +
      'Every file of that folder is listed with its SHA-256 in manifest.json and in ' +
      'the last appendix. To confirm nothing was added, removed or changed, run: ' +
      `soc2-evidence verify <folder>/${run.runId}   (exit 0 = intact, 1 = something changed). A check ` +
      'that could not collect its evidence is reported as "could not verify", never as a pass.',
    { size: 8.5, color: COLORS.muted },
  );
}

type ChangeKind = 'new' | 'resolved' | 'still' | 'unread';

const sinceText = (c: ChangeItem): string => (c.openSince ? `${c.openSince.date}\n(run ${c.openSince.runId})` : '—');

function changeRows(items: ChangeItem[], kind: ChangeKind): Cell[][] {
  return items.map((c) => [
    { text: `${c.resource.id}${c.resource.name ? `\n${c.resource.name}` : ''}` },
    { text: c.checkId },
    {
      text:
        kind === 'unread'
          ? 'not re-checked'
          : kind === 'new'
            ? c.status === 'error'
              ? 'could not verify'
              : 'fail'
            : kind === 'resolved'
              ? `now ${c.status === 'gone' ? 'no longer present' : c.status}`
              : `${c.status === 'error' ? 'could not verify' : 'fail'}`,
      color: kind === 'unread' ? COLORS.error : kind === 'resolved' ? COLORS.pass : c.status === 'error' ? COLORS.error : COLORS.fail,
    },
    {
      text: kind === 'new' ? c.message : kind === 'unread' ? `open since ${sinceText(c).replace('\n', ' ')}\n${c.reason ?? 'check did not run'}` : sinceText(c),
    },
  ]);
}

export function whatChanged(layout: PackLayout, changes: RunChanges): void {
  const item = layout.heading('What changed since the last run', 1);
  if (!changes.previous) {
    layout.paragraph(
      `No earlier run in the same output folder: this is the first run, so all ${num(changes.new.length)} ` +
        'gaps are new. The next run will open with what changed since this one.',
    );
    return;
  }
  layout.paragraph(
    `Compared with run ${changes.previous.runId} of ${changes.previous.date}, keyed ` +
      `by check and resource: ${num(changes.new.length)} new gaps, ${num(changes.resolved.length)} ` +
      `resolved, ${num(changes.stillOpen.length)} still open.` +
      (changes.notRechecked.length
        ? ` ${num(changes.notRechecked.length)} earlier gaps were not re-checked (their check ` +
          'did not run, or its evidence could not be read this time): they are not resolved, ' +
          'and the next run compares against them with their original open-since date.'
        : ''),
  );
  const columns = (last: string) => [
    { header: 'Resource', width: 190, maxLines: 4 },
    { header: 'Check', width: 120, maxLines: 2 },
    { header: 'Now', width: 60 },
    { header: last, width: layout.width - 370, maxLines: 4 },
  ];
  const parts: Array<[string, ChangeItem[], ChangeKind, string]> = [
    ['New gaps', changes.new, 'new', 'What is wrong'],
    ['Resolved since the last run', changes.resolved, 'resolved', 'Had been open since'],
    ['Still open', changes.stillOpen, 'still', 'Open since'],
    ...(changes.notRechecked.length
      ? [['Not re-checked this run (not resolved)', changes.notRechecked, 'unread', 'Why not re-checked'] as [string, ChangeItem[], ChangeKind, string]]
      : []),
  ];
  for (const [title, items, kind, last] of parts) {
    layout.heading(`${title} (${num(items.length)})`, 3, { parent: item! });
    if (items.length === 0) layout.paragraph('None.', { color: COLORS.muted });
    else if (kind === 'still' && items.length > STILL_OPEN_LISTED) stillOpenByCheck(layout, items);
    else layout.table(columns(last), changeRows(items, kind), { size: 7.5 });
  }
}

/** Above this many, still-open gaps are counted per check and open-since date (each is in its control's section). */
export const STILL_OPEN_LISTED = 150;

function stillOpenByCheck(layout: PackLayout, items: ChangeItem[]): void {
  layout.paragraph('Counted per check and the run each streak started in; every one of them is listed in its control’s section and in gaps.json.', {
    size: 8,
    color: COLORS.muted,
  });
  const groups = new Map<string, Map<string, number>>();
  for (const c of items) {
    const since = c.openSince ? `${c.openSince.date} (run ${c.openSince.runId})` : 'unknown';
    const bySince = groups.get(c.checkId) ?? new Map<string, number>();
    bySince.set(since, (bySince.get(since) ?? 0) + 1);
    groups.set(c.checkId, bySince);
  }
  layout.table(
    [
      { header: 'Check', width: 170, maxLines: 2 },
      { header: 'Still open', width: 60 },
      { header: 'Open since', width: layout.width - 230, maxLines: 6 },
    ],
    [...groups].map(([checkId, bySince]) => [
      { text: checkId },
      { text: num([...bySince.values()].reduce((a, b) => a + b, 0)) },
      {
        text: [...bySince]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([since, n]) => `${num(n)} since ${since}`)
          .join('\n'),
      },
    ]),
    { size: 7.5 },
  );
}

function bar(layout: PackLayout, label: string, value: number, max: number, color: string, y: number): void {
  const doc = layout.doc;
  const x = layout.left + 95;
  const full = layout.width - 95 - 50;
  layout.write(label, { x: layout.left, y: y + 1, width: 90, size: 9 });
  doc.rect(x, y + 2, full, 11).fill(COLORS.stripe);
  if (value > 0) doc.rect(x, y + 2, Math.max(2, (full * value) / Math.max(1, max)), 11).fill(color);
  layout.write(num(value), { x: x + full + 6, y: y + 1, width: 44, size: 9, bold: true });
}

export function summary(layout: PackLayout, record: RunRecord): void {
  const { run } = record;
  const top = layout.heading('Summary', 1);
  layout.heading('Controls by status', 2, { parent: top! });
  const max = Math.max(...CONTROL_STATUSES.map((s) => run.counts.controls[s]));
  layout.ensure(CONTROL_STATUSES.length * 17 + 10);
  let y = layout.y;
  for (const s of CONTROL_STATUSES) {
    bar(layout, CONTROL_LABEL[s], run.counts.controls[s], max, COLORS[s], y);
    y += 17;
  }
  layout.y = y + 4;
  layout.paragraph(
    'Met: at least one finding passed, every other was not applicable or accepted, and every check of the control ran. Gap: at least one failing resource. ' +
      'Not verified: evidence could not be collected for at least one check ' +
      '(or some checks were out of scope, or no finding passed), none failing. ' +
      'Manual: evidenced by documents, see the manual-evidence index. ' +
      'Out of scope: none of the control’s checks ran. Accepted findings and out-of-scope checks are never counted as passes.',
    { size: 8, color: COLORS.muted },
  );

  // Findings as one stacked bar with a legend.
  layout.heading('Findings by status', 2, { parent: top! });
  const f = run.counts.findings;
  const total = FINDING_STATUSES.reduce((n, s) => n + f[s], 0);
  layout.ensure(50);
  y = layout.y;
  let x = layout.left;
  for (const s of FINDING_STATUSES) {
    const w = total ? (layout.width * f[s]) / total : 0;
    if (w > 0) layout.doc.rect(x, y, w, 14).fill(COLORS[s]);
    x += w;
  }
  if (total === 0) layout.doc.rect(layout.left, y, layout.width, 14).fill(COLORS.stripe);
  y += 20;
  x = layout.left;
  for (const s of FINDING_STATUSES) {
    layout.doc.rect(x, y + 2, 8, 8).fill(COLORS[s]);
    layout.write(`${FINDING_LABEL[s]} ${num(f[s])}`, { x: x + 11, y, width: 88, size: 7.5 });
    x += 99;
  }
  layout.y = y + 18;

  layout.heading('Sources', 2, { parent: top! });
  layout.table(
    [
      { header: 'Source', width: 60 },
      { header: 'Outcome', width: 80 },
      { header: 'Detail', width: layout.width - 140, maxLines: 6 },
    ],
    (['aws', 'github', 'idp'] as const).map((s) => {
      const o = run.sources[s];
      return [
        { text: s === 'aws' ? 'AWS' : s === 'github' ? 'GitHub' : 'IdP', bold: true },
        {
          text: o ? (o.status === 'out_of_scope' ? 'out of scope' : o.status) : 'not run',
          color: !o || o.status === 'out_of_scope' ? COLORS.out_of_scope : o.status === 'ok' ? COLORS.pass : COLORS.error,
        },
        {
          text: o
            ? [o.reason, o.missingPermissions.length ? `Missing permissions: ${o.missingPermissions.join(', ')}` : ''].filter(Boolean).join('. ') ||
              'Collected.'
            : '',
        },
      ];
    }),
    { size: 8 },
  );
  if (run.scope.checksOutOfScope.length) {
    layout.paragraph(`Checks that did not run (${run.scope.checksOutOfScope.length}) — shown in their controls as out of scope, never as passes:`, {
      size: 8.5,
    });
    const byReason = new Map<string, string[]>();
    for (const c of run.scope.checksOutOfScope) byReason.set(c.reason, [...(byReason.get(c.reason) ?? []), c.checkId]);
    for (const [reason, checks] of byReason) layout.paragraph(`${reason}: ${checks.join(', ')}`, { size: 8, color: COLORS.muted, gap: 2 });
  }

  // The matrix: every criterion in scope, with the controls that reach it; a criterion no control
  // reaches is listed as such (an auditor reads a silent absence as an unnoticed gap).
  layout.heading('SOC 2 criteria › controls › status', 2, { parent: top! });
  const rows: Array<[string, (typeof run.controls)[number] | null]> = [];
  for (const control of run.controls) for (const criterion of control.criteria) rows.push([criterion, control]);
  const reached = new Set(rows.map(([criterion]) => criterion));
  const categories = run.scope.categories;
  if (categories) for (const c of criteriaInScope(categories as Category[])) if (!reached.has(c.id)) rows.push([c.id, null]);
  rows.sort((a, b) => compareCriteria(a[0], b[0]) || (a[1]?.id ?? '').localeCompare(b[1]?.id ?? ''));
  if (categories) {
    layout.paragraph(`Categories in scope: ${categories.join(', ')}. Every criterion of these categories is listed below with the controls that reach it.`, {
      size: 8,
      color: COLORS.muted,
    });
  }
  let previous = '';
  layout.table(
    [
      { header: 'Criterion', width: 62 },
      { header: 'Control', width: 52 },
      { header: 'Title', width: layout.width - 62 - 52 - 80 - 120, maxLines: 3 },
      { header: 'Status', width: 80 },
      { header: 'Fail / error / acc. / pass', width: 120 },
    ],
    rows.map(([criterion, c]) => {
      const first = criterion !== previous;
      previous = criterion;
      if (!c) {
        return [
          { text: criterion, bold: true },
          { text: '—' },
          { text: `${criterionOf(criterion)?.title ?? criterion}: no control of the catalog reaches this criterion` },
          { text: 'Not covered', color: COLORS.fail, bold: true },
          { text: '' },
        ];
      }
      return [
        { text: first ? criterion : '', bold: true },
        { text: c.id },
        { text: c.title },
        { text: controlLabel(c), color: controlColor(c), bold: true },
        {
          text: c.manual
            ? `${num(c.documents?.provided.length ?? 0)} document(s)`
            : `${num(c.findings.fail)} / ${num(c.findings.error)} / ${num(c.findings.accepted)} / ${num(c.findings.pass)}`,
        },
      ];
    }),
    { size: 8, stripes: false },
  );
}
