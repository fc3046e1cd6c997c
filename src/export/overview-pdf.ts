// period/overview.pdf: the period at a glance, in the evidence pack's look (same layout and fonts):
// cover with scope and period, control × month matrix, months without a run, each gap's timeline,
// exceptions in force, and the index of runs with their manifest hashes.
import type { ControlStatus } from '../core/types.js';
import { scopeLines, CONTROL_LABEL, num } from '../reports/pdf/front.js';
import { textWidth } from '../reports/pdf/fonts.js';
import { COLORS, PackLayout, type Cell } from '../reports/pdf/layout.js';
import type { GapEpisode, PeriodHistory } from './history.js';

/** Gap rows drawn in the PDF; the full timeline is period/gap-timeline.csv. */
export const PDF_GAP_ROWS = 2500;

const SHORT: Record<ControlStatus | 'no_run', string> = {
  met: 'Met',
  gap: 'Gap',
  not_verified: 'N/V',
  manual: 'Manual',
  out_of_scope: 'Out',
  no_run: 'No run',
};
/** Labels for narrow cells (a year of months): the legend spells them out. */
const NARROW: Partial<Record<ControlStatus | 'no_run', string>> = { manual: 'Man.', no_run: 'None' };
const CELL_COLOR: Record<ControlStatus | 'no_run', string> = { ...COLORS, no_run: '#ffffff' } as Record<ControlStatus | 'no_run', string>;

export interface OverviewExtras {
  overrides: Array<{ runId: string; summary: string }>;
  populations: Array<{ name: string; rows: number }>;
  sample: { seed: number } | null;
}

export function sortedEpisodes(history: PeriodHistory): GapEpisode[] {
  return [...history.episodes].sort(
    (a, b) =>
      Number(b.stillOpen) - Number(a.stillOpen) || b.daysOpen - a.daysOpen || a.checkId.localeCompare(b.checkId) || a.resourceId.localeCompare(b.resourceId),
  );
}

export async function buildOverviewPdf(history: PeriodHistory, extras: OverviewExtras): Promise<{ pdf: Buffer; pages: number }> {
  const { period } = history;
  const last = history.runs[history.runs.length - 1]!;
  const layout = new PackLayout({
    title: `SOC 2 period overview — ${history.organization} — ${period.start} to ${period.end}`,
    author: history.organization,
    subject: `soc2-evidence export of ${history.runs.length} runs`,
    date: new Date(last.startedAt),
  });
  const months = history.months();
  const missing = months.filter((m) => !m.runId);

  // Cover
  layout.markBare();
  layout.outline('Cover');
  layout.doc.rect(0, 0, 595.28, 8).fill(COLORS.accent);
  layout.y = 130;
  layout.write('SOC 2 period overview', { size: 28, bold: true, color: COLORS.accent });
  layout.y += 6;
  layout.write(history.organization, { size: 18, bold: true });
  layout.y += 4;
  layout.write(`Period ${period.start} to ${period.end} (UTC, both days included)`, { size: 12, color: COLORS.muted });
  layout.y += 30;
  const record = { dir: '', run: history.lastRun!, findings: [] };
  layout.keyValues(
    [
      ['Runs', `${history.runs.length} runs, ${history.runs[0]!.startedAt} to ${last.startedAt}`],
      ['Months', `${months.length} months; ${missing.length ? `no evidence (no run) for ${missing.map((m) => m.month).join(', ')}` : 'every month has a run'}`],
      [
        'Gaps in the period',
        `${num(history.episodes.length)} gap episodes: ` +
          `${num(history.episodes.filter((e) => e.stillOpen).length)} still open ` +
          `at the last run, ${num(history.episodes.filter((e) => !e.stillOpen).length)} resolved`,
      ],
      ['Populations', extras.populations.map((p) => `${p.name.replace(/\.csv$/, '')} ${num(p.rows)}`).join(' · ')],
      ['Samples', extras.sample ? `drawn with seed ${extras.sample.seed} (period/samples/, algorithm in bundle-manifest.json)` : 'not drawn (export --sample)'],
      ...(extras.overrides.length
        ? [
            [
              'Overrides',
              `--force included ${extras.overrides.length} run(s) whose manifest does not verify: ${extras.overrides.map((o) => o.runId).join(', ')}`,
            ] as [string, string],
          ]
        : []),
    ],
    125,
    9.5,
  );
  layout.y += 10;
  layout.write(`Scope of the last run (${last.runId})`, { size: 10, bold: true, color: COLORS.muted });
  layout.y += 3;
  layout.keyValues(scopeLines(record), 125, 9.5);
  layout.y = 690;
  layout.write('How to check this bundle', { size: 9.5, bold: true, color: COLORS.muted });
  layout.write(
    'This overview was generated from the runs in the bundle (runs/RUN_ID/, each unchanged with its ' +
      'own manifest.json). bundle-manifest.json lists every entry of the bundle with its SHA-256. ' +
      'To confirm nothing was added, removed or changed, run: soc2-evidence verify <bundle>.zip ' +
      '  (exit 0 = the bundle and every run in it are intact, 1 = something changed).',
    { size: 8.5, color: COLORS.muted },
  );

  // Control × month matrix
  layout.addPage();
  const matrixItem = layout.heading('Controls by month', 1);
  layout.paragraph('Each control\'s status in the last run of each month. "No run" means there is no evidence for that month.', {
    color: COLORS.muted,
    size: 8.5,
  });
  matrix(layout, history, months);
  if (missing.length) {
    layout.heading('Months without evidence', 2, { ...(matrixItem ? { parent: matrixItem } : {}) });
    layout.paragraph(
      `No run was stored in ${missing.map((m) => m.month).join(', ')}: no evidence that the automated ` +
        `controls operated in ${missing.length === 1 ? 'that month' : 'those months'}.`,
      { bold: true, color: COLORS.gap },
    );
  }

  // Gap timelines
  layout.addPage();
  layout.heading('Gap timelines', 1);
  const episodes = sortedEpisodes(history);
  layout.paragraph(
    'Every failing finding (check × resource) from the run that first saw it to the run where it no ' +
      `longer failed. Days open count to the resolving run, or to the last run (${last.runId}) when still open. ` +
      (episodes.length > PDF_GAP_ROWS
        ? `The ${num(PDF_GAP_ROWS)} longest-open of ${num(episodes.length)} are listed here; all are in period/gap-timeline.csv.`
        : 'The same list is in period/gap-timeline.csv.'),
    { color: COLORS.muted, size: 8.5 },
  );
  if (episodes.length === 0) layout.paragraph('No finding failed in any run of the period.');
  else
    layout.table(
      [
        { header: 'Resource', width: 150, maxLines: 3 },
        { header: 'Check', width: 108, maxLines: 2 },
        { header: 'Controls', width: 42 },
        { header: 'First seen', width: 54 },
        { header: 'Resolved', width: 54 },
        { header: 'Days', width: 28 },
        { header: 'State', width: layout.width - 436 },
      ],
      episodes
        .slice(0, PDF_GAP_ROWS)
        .map((e): Cell[] => [
          { text: e.resourceId },
          { text: e.checkId },
          { text: e.controlIds.join(' ') },
          { text: e.firstSeen.slice(0, 10) },
          { text: e.resolved ? e.resolved.slice(0, 10) : '—' },
          { text: String(e.daysOpen) },
          { text: e.stillOpen ? 'still open' : 'resolved', color: e.stillOpen ? COLORS.gap : COLORS.met, bold: e.stillOpen },
        ]),
      { size: 7.5 },
    );

  // Exceptions
  layout.addPage();
  layout.heading('Exceptions in force during the period', 1);
  const exceptions = [...history.exceptions.values()].sort((a, b) => a.expires.localeCompare(b.expires) || a.check.localeCompare(b.check));
  if (exceptions.length === 0) layout.paragraph('No exception was configured in any run of the period.');
  else
    layout.table(
      [
        { header: 'Check · resource', width: 160, maxLines: 4 },
        { header: 'Reason', width: 115, maxLines: 5 },
        { header: 'Approved by', width: 60 },
        { header: 'Expires', width: 50 },
        { header: 'In force', width: layout.width - 385, maxLines: 6 },
      ],
      exceptions.map((e): Cell[] => {
        const first = e.acceptedIn[0]?.slice(0, 10);
        const last = e.acceptedIn[e.acceptedIn.length - 1]?.slice(0, 10);
        const accepted = e.acceptedIn.length ? `accepted in ${e.acceptedIn.length} run(s), ${first} to ${last}` : 'accepted in no run';
        const expired = e.expiredIn.length ? `; expired from ${e.expiredIn[0]!.slice(0, 10)} (${e.expiredIn.length} run(s))` : '';
        return [
          { text: `${e.check}\n${e.resource}` },
          { text: e.reason },
          { text: e.approvedBy },
          { text: e.expires },
          {
            text: `${accepted}${expired}`,
            ...(e.expiredIn.length ? { color: COLORS.gap } : {}),
          },
        ];
      }),
      { size: 7.5 },
    );

  // Runs index
  layout.heading('Runs in this bundle', 1);
  layout.paragraph(
    'Each run is in the bundle unchanged under runs/RUN_ID/. The SHA-256 is that of ' +
      "the run's manifest.json, which lists every file of the run with its own hash.",
    { color: COLORS.muted, size: 8.5 },
  );
  layout.table(
    [
      { header: 'Run', width: 100 },
      { header: 'Collected', width: 95 },
      { header: 'Manifest SHA-256', width: 175, maxLines: 2 },
      { header: 'Findings (fail / error / pass)', width: layout.width - 370, maxLines: 2 },
    ],
    history.runs.map((r): Cell[] => [
      { text: r.runId },
      { text: r.startedAt.replace('.000Z', 'Z') },
      { text: r.manifestSha256 },
      {
        text:
          `${num(r.counts.findings.fail)} / ${num(r.counts.findings.error)} / ${num(r.counts.findings.pass)}` +
          `${r.intact ? '' : '\nmanifest does NOT verify (included with --force)'}`,
        ...(r.intact ? {} : { color: COLORS.gap, bold: true }),
      },
    ]),
    { size: 7.5 },
  );
  if (extras.overrides.length) {
    layout.heading('Overrides', 2);
    for (const o of extras.overrides) layout.paragraph(`${o.runId}: ${o.summary}`, { color: COLORS.gap, size: 8.5 });
  }

  layout.finishPages(
    `SOC 2 period overview · ${history.organization} · ${period.start} to ${period.end}`,
    `${history.runs.length} runs · check: soc2-evidence verify <bundle>.zip`,
  );
  const pages = layout.pageCount();
  return { pdf: await layout.end(), pages };
}

function matrix(layout: PackLayout, history: PeriodHistory, months: ReturnType<PeriodHistory['months']>): void {
  const doc = layout.doc;
  const label = 150;
  const cellW = Math.min(48, (layout.width - label) / Math.max(1, months.length));
  const rowH = 15;
  const header = () => {
    const y = layout.y;
    layout.drawLine('Control', layout.left, y, 7.5, true, COLORS.muted);
    months.forEach((m, i) => {
      layout.drawLine(cellW >= 34 ? m.month : m.month.slice(2), layout.left + label + i * cellW + 2, y, 7, true, m.runId ? COLORS.muted : COLORS.gap);
    });
    layout.y = y + 12;
  };
  header();
  const ids = [...history.controls.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  for (const id of ids) {
    if (layout.y + rowH > layout.bottom) {
      layout.addPage();
      header();
    }
    const control = history.controls.get(id)!;
    const y = layout.y;
    const title = `${id} ${control.title}`;
    let shown = title;
    while (shown.length > 8 && textWidth(shown, 7.5, false) > label - 6) shown = `${shown.slice(0, -2)}…`;
    layout.drawLine(shown, layout.left, y + 3, 7.5);
    months.forEach((m, i) => {
      const status = history.statusIn(id, m);
      const x = layout.left + label + i * cellW;
      doc.rect(x + 1, y + 1, cellW - 2, rowH - 2).fill(CELL_COLOR[status]);
      if (status === 'no_run')
        doc
          .rect(x + 1, y + 1, cellW - 2, rowH - 2)
          .lineWidth(0.6)
          .strokeColor(COLORS.gap)
          .stroke();
      const word = textWidth(SHORT[status], 6.5, true) > cellW - 5 ? (NARROW[status] ?? SHORT[status]) : SHORT[status];
      layout.drawLine(word, x + 3, y + 3.5, 6.5, true, status === 'no_run' ? COLORS.gap : '#ffffff');
    });
    layout.y = y + rowH;
  }
  layout.y += 8;
  let x = layout.left;
  for (const s of ['met', 'gap', 'not_verified', 'manual', 'out_of_scope', 'no_run'] as const) {
    doc.rect(x, layout.y + 1, 9, 9).fill(CELL_COLOR[s]);
    if (s === 'no_run')
      doc
        .rect(x, layout.y + 1, 9, 9)
        .lineWidth(0.6)
        .strokeColor(COLORS.gap)
        .stroke();
    const text = s === 'no_run' ? 'No run (no evidence)' : s === 'not_verified' ? 'N/V: not verified' : CONTROL_LABEL[s];
    layout.drawLine(text, x + 12, layout.y + 1.5, 7.5);
    x += 22 + textWidth(text, 7.5, false);
  }
  layout.y += 18;
}
