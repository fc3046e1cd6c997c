// People: joiners and leavers — counts, the accounts nobody owns, and who left in the period with what
// became of their access. Read from the access.* findings and the people / leavers populations.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { RunRecord } from '../../run/record.js';
import { FINDING_LABEL, num } from './front.js';
import { COLORS, type PackLayout } from './layout.js';

const UNLINKED = ['access.github.unlinked-members', 'access.aws.unlinked-users'];
const DEPROVISIONED = ['access.github.deprovisioned', 'access.aws.deprovisioned'];

function readPopulation(record: RunRecord, name: string): string[][] | undefined {
  const entry = record.run.populations.find((p) => p.name === name);
  const file = entry ? path.join(record.dir, entry.file) : undefined;
  if (!file || !existsSync(file)) return undefined;
  return parse(readFileSync(file), { relax_column_count: true }) as string[][];
}

export function peopleSection(layout: PackLayout, record: RunRecord): void {
  const findings = record.findings.filter((f) => f.checkId.startsWith('access.'));
  if (findings.length === 0) return;
  layout.addPage();
  const top = layout.heading('People: joiners and leavers', 1);
  const people = readPopulation(record, 'people');
  const leavers = readPopulation(record, 'leavers');
  const [peopleHeader = [], ...peopleRows] = people ?? [];
  const [leaverHeader = [], ...leaverRows] = leavers ?? [];
  const statusCol = peopleHeader.indexOf('status');
  const count = (ids: string[], status: string) => findings.filter((f) => ids.includes(f.checkId) && f.status === status).length;
  const judged = (prefix: string) =>
    new Set(
      findings
        .filter(
          (f) => f.checkId.startsWith(prefix) && f.resource.type !== 'github.organization' && f.resource.type !== 'aws.account' && f.resource.type !== 'aws',
        )
        .map((f) => f.resource.id),
    ).size;
  layout.keyValues(
    [
      [
        'People',
        people
          ? `${num(peopleRows.length)} (${num(peopleRows.filter((r) => r[statusCol] === 'active').length)} ` +
            `active, ${num(peopleRows.filter((r) => r[statusCol] === 'left').length)} left)`
          : "no people list in this run (the IdP's people could not be read)",
      ],
      ['Accounts judged', `${num(judged('access.github.unlinked'))} GitHub, ${num(judged('access.aws.unlinked'))} AWS`],
      ['Unlinked accounts', `${num(count(UNLINKED, 'fail'))} failing, ${num(count(UNLINKED, 'error'))} could not be linked`],
      ['Leavers in the period', leavers ? num(leaverRows.length) : '—'],
      ['Leavers with access', `${num(count(DEPROVISIONED, 'fail'))} accounts still active after their person left`],
    ],
    150,
  );
  layout.paragraph(
    'Accounts are linked to people through GitHub SAML identities, IAM email tags, ' +
      "Identity Center emails or the config's people.links; declared service accounts " +
      'are listed with their owner. A similar name is a hint, never a link.',
    { size: 8, color: COLORS.muted },
  );

  const problems = findings
    .filter((f) => f.status === 'fail' || f.status === 'error')
    .sort((a, b) => a.checkId.localeCompare(b.checkId) || a.resource.id.localeCompare(b.resource.id));
  layout.heading(`Accounts that fail or could not be verified (${num(problems.length)})`, 2, { parent: top! });
  if (problems.length === 0) layout.paragraph('None: every account belongs to a current person or a declared service account.', { color: COLORS.muted });
  else
    layout.table(
      [
        { header: 'Account', width: 170, maxLines: 3 },
        { header: 'Check', width: 110, maxLines: 2 },
        { header: 'Status', width: 45, maxLines: 1 },
        { header: 'Why', width: layout.width - 325, maxLines: 6 },
      ],
      problems.map((f) => [
        { text: f.resource.name && f.resource.name !== f.resource.id ? `${f.resource.name} (${f.resource.id})` : f.resource.id },
        { text: f.checkId },
        { text: FINDING_LABEL[f.status], color: COLORS[f.status] },
        { text: f.message },
      ]),
      { size: 6.5 },
    );

  layout.heading(`Leavers in the period (${leavers ? num(leaverRows.length) : '—'})`, 2, { parent: top! });
  if (!leavers) {
    layout.paragraph("No leavers list: the IdP's people could not be read.", { color: COLORS.fail });
    return;
  }
  if (leaverRows.length === 0) {
    layout.paragraph('Nobody left during the period.', { color: COLORS.muted });
    return;
  }
  const systems = leaverHeader.filter((h) => h === 'github' || h === 'aws');
  layout.table(
    [
      { header: 'Person', width: 140, maxLines: 2 },
      { header: 'Left on', width: 55, maxLines: 1 },
      { header: 'Source', width: 70, maxLines: 2 },
      ...systems.map((s) => ({ header: s === 'github' ? 'GitHub' : 'AWS', width: (layout.width - 265) / systems.length, maxLines: 5 })),
    ],
    leaverRows.map((r) => [
      { text: r[1] ? `${r[1]} <${r[0]}>` : (r[0] ?? '') },
      { text: r[2] ?? '' },
      { text: r[3] ?? '' },
      ...systems.map((s) => {
        const state = r[leaverHeader.indexOf(s)] ?? '';
        const accounts = r[leaverHeader.indexOf(`${s}_accounts`)] ?? '';
        return { text: accounts ? `${state}: ${accounts}` : state, ...(state === 'still active' ? { color: COLORS.fail } : {}) };
      }),
    ]),
    { size: 7 },
  );
}
