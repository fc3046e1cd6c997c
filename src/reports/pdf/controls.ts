// One section per control: statement, criteria, checks, the findings table and the evidence it rests on.
// Every fail, error and accepted finding is shown in full; passing and not-applicable resources are
// listed inline for small controls and in an appendix for large ones (they are all in findings.json).
import { findCheck } from '../../checks/registry.js';
import type { EvidenceRef, Finding, FindingStatus } from '../../core/types.js';
import { worstFirst } from '../../core/order.js';
import type { ControlResult, RunRecord } from '../../run/record.js';
import { EvidenceIndex } from './evidence.js';
import { controlColor, controlLabel, FINDING_LABEL, num } from './front.js';
import { COLORS, type Cell, type PackLayout } from './layout.js';

/** Above this many passing/n.a. findings, a control's passes move to the appendix. */
export const INLINE_PASSES = 25;
/** Above this many passing/n.a. findings in the whole run, the appendix would be hundreds of pages: they stay in findings.json. */
export const PASSES_IN_PACK = 2000;

export interface PassGroup {
  title: string;
  findings: Finding[];
}

const ORDER: Record<FindingStatus, number> = { fail: 0, error: 1, accepted: 2, pass: 3, not_applicable: 4 };

export function shortHash(sha: string): string {
  return sha.slice(0, 12);
}

export function findingRow(f: Finding): Cell[] {
  const detail = [
    f.message,
    f.missing ? `Missing: ${f.missing}` : '',
    f.details && Object.keys(f.details).length
      ? `Observed: ${Object.entries(f.details)
          .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
          .join(', ')}`
      : '',
    f.exception
      ? `Exception ${f.exception.expired ? 'EXPIRED' : 'accepted'}: “${f.exception.reason}” ` +
        `— approved by ${f.exception.approvedBy}, expires ${f.exception.expires}`
      : '',
    f.evidence.length ? `Evidence: ${f.evidence.map((e) => shortHash(e.sha256)).join(', ')}` : 'Evidence: none collected',
  ].filter(Boolean);
  return [
    { text: `${f.resource.id}${f.resource.name && f.resource.name !== f.resource.id ? `\n${f.resource.name}` : ''}` },
    { text: f.checkId },
    // A declared fact (idp.mfaEnforced) is accepted without an exception: say which kind of acceptance.
    {
      text: f.status === 'accepted' && !f.exception && f.details?.declaredInConfig ? 'Accepted (declared)' : FINDING_LABEL[f.status],
      color: COLORS[f.status],
      bold: true,
    },
    { text: detail.join('\n') },
  ];
}

export const FINDING_COLUMNS = (width: number) => [
  { header: 'Resource', width: 160, maxLines: 5 },
  { header: 'Check', width: 118, maxLines: 3 },
  { header: 'Status', width: 56, maxLines: 2 },
  { header: 'Detail', width: width - 334, maxLines: 9 },
];

function evidenceTable(layout: PackLayout, index: EvidenceIndex, refs: EvidenceRef[]): void {
  layout.table(
    [
      { header: 'Source call (service, operation, parameters)', width: 180, maxLines: 5 },
      { header: 'Collected', width: 72, maxLines: 2 },
      { header: 'SHA-256 (file evidence/<sha>.json)', width: layout.width - 252, maxLines: 2 },
    ],
    refs.map((ref) => {
      const call = index.call(ref);
      return [
        {
          text:
            `${call.service} · ${call.operation}${call.where ? `\n${call.where}` : ''}` +
            `${call.parameters && call.parameters !== '{}' ? `\nparameters ${call.parameters}` : ''}` +
            `${call.readable ? '' : '\nFILE MISSING OR UNREADABLE'}`,
        },
        { text: ref.collectedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z') },
        { text: ref.sha256 },
      ];
    }),
    { size: 6.5 },
  );
}

function section(
  layout: PackLayout,
  record: RunRecord,
  control: ControlResult,
  findings: Finding[],
  index: EvidenceIndex,
  parent: PDFKit.PDFOutline,
  passGroups: PassGroup[] | null,
): void {
  const outline = layout.heading(`${control.id} · ${control.title}`, 2, { parent });
  layout.write(controlLabel(control), { size: 10, bold: true, color: controlColor(control) });
  layout.y += 3;
  layout.paragraph(control.statement, { size: 9.5 });
  const checkLines = control.checks.map((id) => {
    const out = record.run.scope.checksOutOfScope.find((c) => c.checkId === id);
    return `${id} — ${findCheck(id)?.title ?? id}${out ? ` (out of scope: ${out.reason}; not counted as a pass)` : ''}`;
  });
  const counts = control.findings;
  layout.keyValues(
    [
      ['SOC 2 criteria', control.criteria.join(', ')],
      [
        'Checks',
        control.manual
          ? `Manual control: ${control.evidenceHint ?? 'documents placed in the manual evidence folder'} (see the manual-evidence index).`
          : checkLines.join('\n'),
      ],
      ...(control.manual
        ? []
        : [
            [
              'Findings',
              `${num(counts.fail)} fail · ${num(counts.error)} could not verify · ${num(counts.accepted)} ` +
                `accepted · ${num(counts.pass)} pass · ${num(counts.not_applicable)} not applicable`,
            ] as [string, string],
          ]),
    ],
    95,
    8.5,
  );
  if (control.manual) {
    manualDocuments(layout, control);
    return;
  }
  if (findings.length === 0) {
    layout.paragraph('No findings: none of this control’s checks ran in this run.', { size: 8.5, color: COLORS.muted });
    return;
  }
  const sorted = [...findings].sort((a, b) => ORDER[a.status] - ORDER[b.status] || worstFirst(a, b));
  const problems = sorted.filter((f) => ORDER[f.status] <= 2);
  const passes = sorted.filter((f) => ORDER[f.status] > 2);
  const inline = passes.length <= INLINE_PASSES;
  const shown = inline ? sorted : problems;
  if (shown.length) {
    layout.heading(inline ? 'Findings' : 'Findings: fail, could not verify, accepted', 3, { parent: outline! });
    layout.table(FINDING_COLUMNS(layout.width), shown.map(findingRow), { size: 7.5 });
  }
  if (!inline) {
    const perCheck = new Map<string, number>();
    for (const f of passes) perCheck.set(f.checkId, (perCheck.get(f.checkId) ?? 0) + 1);
    const where = passGroups
      ? `are listed in the appendix “Passing and not-applicable resources”, section ${control.id}, and in findings.json`
      : 'are listed in findings.json (this run has too many to print; its SHA-256 is in the manifest appendix)';
    layout.paragraph(`${num(passes.length)} passing or not-applicable resources (${[...perCheck].map(([c, n]) => `${c}: ${num(n)}`).join('; ')}) ${where}.`, {
      size: 8.5,
      color: COLORS.muted,
    });
    passGroups?.push({ title: `${control.id} · ${control.title}`, findings: passes });
  }
  const refs = new Map<string, EvidenceRef>();
  for (const f of sorted) for (const e of f.evidence) if (!refs.has(e.sha256)) refs.set(e.sha256, e);
  layout.heading(`Evidence (${num(refs.size)} API responses)`, 3, { parent: outline! });
  if (refs.size === 0)
    layout.paragraph('No evidence file: every check of this control failed to collect (see “could not verify”).', { size: 8.5, color: COLORS.muted });
  else
    evidenceTable(
      layout,
      index,
      [...refs.values()].sort((a, b) => a.operation.localeCompare(b.operation) || a.sha256.localeCompare(b.sha256)),
    );
}

/** Writes the control sections; returns the passing findings that belong in the appendix. */
export function controlSections(layout: PackLayout, record: RunRecord): PassGroup[] {
  const index = new EvidenceIndex(record.dir);
  const byControl = new Map<string, Finding[]>();
  const unmapped: Finding[] = [];
  for (const f of record.findings) {
    if (f.controlIds.length === 0) unmapped.push(f);
    for (const id of f.controlIds) byControl.set(id, [...(byControl.get(id) ?? []), f]);
  }
  layout.addPage();
  const parent = layout.heading('Controls', 1)!;
  layout.paragraph(
    'One section per control, in catalog order. Resource, status and detail of every failing, ' +
      'unverifiable and accepted finding; the API responses the verdicts rest on, each with its SHA-256.',
    { size: 8.5, color: COLORS.muted },
  );
  const passing = record.findings.filter((f) => f.status === 'pass' || f.status === 'not_applicable').length;
  const passGroups: PassGroup[] | null = passing > PASSES_IN_PACK ? null : [];
  for (const control of record.run.controls) {
    layout.ensure(160);
    section(layout, record, control, byControl.get(control.id) ?? [], index, parent, passGroups);
    layout.y += 8;
  }
  if (unmapped.length) {
    const pseudo: ControlResult = {
      id: 'Unmapped',
      title: 'Checks no control references',
      statement: 'These checks ran but no control of the catalog lists them; their findings are shown so that nothing is hidden.',
      criteria: [],
      status: unmapped.some((f) => f.status === 'fail') ? 'gap' : unmapped.some((f) => f.status === 'error') ? 'not_verified' : 'met',
      checks: [...new Set(unmapped.map((f) => f.checkId))],
      checksOutOfScope: [],
      manual: false,
      findings: { pass: 0, fail: 0, error: 0, not_applicable: 0, accepted: 0 },
    };
    for (const f of unmapped) pseudo.findings[f.status]++;
    section(layout, record, pseudo, unmapped, index, parent, passGroups);
  }
  return passGroups ?? [];
}

/** A manual control's documents: what an auditor asks for, and the files provided for it in this run. */
function manualDocuments(layout: PackLayout, control: ControlResult): void {
  const docs = control.documents;
  if (!docs) return;
  if (docs.expected.length) layout.paragraph(`Documents expected: ${docs.expected.map((d) => `• ${d}`).join('  ')}`, { size: 8.5 });
  if (docs.provided.length === 0) {
    layout.paragraph(`Evidence missing: no document was placed in the manual evidence folder under ${control.id}/ for this run.`, {
      size: 8.5,
      color: COLORS.fail,
    });
    return;
  }
  layout.table(
    [
      { header: 'Document (copied into the run)', width: 200, maxLines: 3 },
      { header: 'Bytes', width: 50 },
      { header: 'SHA-256', width: layout.width - 250, maxLines: 2 },
    ],
    docs.provided.map((f) => [{ text: f.copy ?? f.path }, { text: num(f.bytes) }, { text: f.sha256 }]),
    { size: 6.5 },
  );
}
