// What a notification says: the run's counts, control statuses and what changed since the previous
// run, and where the run is stored. Only what gaps.md already shows (check, resource, severity,
// message): no evidence content, no secrets.
import type { ChangeItem, RunChanges } from '../reports/diff.js';
import type { RunJson } from '../run/record.js';

export interface NotifySummary {
  runId: string;
  organization: string;
  counts: RunJson['counts'];
  controls: Array<{ id: string; title: string; status: string }>;
  changes: { previousRunId: string | null; new: ChangeItem[]; resolved: ChangeItem[] };
  runLocation: string;
}

export function summaryOf(run: RunJson, changes: RunChanges, runLocation: string): NotifySummary {
  return {
    runId: run.runId,
    organization: run.organization,
    counts: run.counts,
    controls: run.controls.map((c) => ({ id: c.id, title: c.title, status: c.status })),
    changes: { previousRunId: changes.previous?.runId ?? null, new: changes.new, resolved: changes.resolved },
    runLocation,
  };
}

/** Slack's incoming-webhook body: blocks plus a plain-text fallback. At most 10 gaps are listed. */
export function slackMessage(s: NotifySummary): { text: string; blocks: unknown[] } {
  const LISTED = 10;
  const c = s.counts.controls;
  const f = s.counts.findings;
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const line = (i: ChangeItem) => `• *${i.severity}* \`${esc(i.checkId)}\` ${esc(i.resource.name ?? i.resource.id)} — ${esc(i.message).slice(0, 200)}`;
  const list = (items: ChangeItem[]) => {
    const shown = items.slice(0, LISTED).map(line);
    if (items.length > LISTED) shown.push(`…and ${items.length - LISTED} more in gaps.md`);
    return shown.join('\n').slice(0, 2900) || '_none_';
  };
  const since = s.changes.previousRunId ? ` since run ${s.changes.previousRunId}` : ' (first run: every gap is new)';
  const text = `SOC 2 evidence run ${s.runId} for ${s.organization}: ${s.changes.new.length} new gaps, ${s.changes.resolved.length} resolved${since}.`;
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: `SOC 2 evidence: ${s.organization}`.slice(0, 150) } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text:
          `*Run ${esc(s.runId)}*: ${s.changes.new.length} new, ${s.changes.resolved.length} resolved` +
          `${esc(since)}\n*Controls*: ${c.met} met · ${c.gap} gap · ${c.not_verified} not verified · ` +
          `${c.manual} manual\n*Findings*: ${f.fail} fail · ${f.error} could not verify · ${f.accepted} ` +
          `accepted · ${f.pass} pass`,
      },
    },
    { type: 'section', text: { type: 'mrkdwn', text: `*New gaps (${s.changes.new.length})*\n${list(s.changes.new)}` } },
  ];
  if (s.changes.previousRunId)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Resolved (${s.changes.resolved.length})*\n${list(s.changes.resolved)}` } });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Stored at ${esc(s.runLocation)}` }] });
  return { text, blocks };
}
