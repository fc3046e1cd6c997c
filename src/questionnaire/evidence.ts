// A topic's answer from one stored run: Yes only when every related check ran and nothing failed or
// went unverified; otherwise No / Partial / Not verified with the numbers. Pure: run record in, answer out.
import type { Finding } from '../core/types.js';
import type { RunRecord } from '../run/record.js';
import type { CheckWording, Topic, TopicCatalog } from './catalog.js';

export const ANSWERS = ['Yes', 'No', 'Partial', 'Not verified', 'Not applicable'] as const;
export type AnswerValue = (typeof ANSWERS)[number];

/** Lower is weaker; a question on several topics takes the weakest. Not applicable yields to anything. */
const WEAKNESS: Record<AnswerValue, number> = { No: 0, 'Not verified': 1, Partial: 2, Yes: 3, 'Not applicable': 4 };

export function weakest(answers: readonly AnswerValue[]): AnswerValue {
  return [...answers].sort((a, b) => WEAKNESS[a] - WEAKNESS[b])[0]!;
}

interface CheckStats {
  pass: number;
  fail: number;
  error: number;
  notApplicable: number;
  accepted: number;
  exceptions: Array<{ reason: string; approvedBy: string; expires: string }>;
  missing: string[];
}

/** What the answers need of a run, indexed once. */
export interface RunEvidence {
  runId: string;
  /** Day the run collected its evidence (UTC). */
  asOf: string;
  period: { start: string; end: string };
  /** Checks the run judged, with their counts. */
  stats: Map<string, CheckStats>;
  /** Checks the run did not judge, with why (source not configured, not selected, …). */
  notRun: Map<string, string>;
  controlsOf: Map<string, string[]>;
}

export function indexRun(record: RunRecord): RunEvidence {
  const stats = new Map<string, CheckStats>();
  for (const id of record.run.scope.checks) stats.set(id, { pass: 0, fail: 0, error: 0, notApplicable: 0, accepted: 0, exceptions: [], missing: [] });
  const add = (f: Finding) => {
    const s = stats.get(f.checkId);
    if (!s) return;
    if (f.status === 'pass') s.pass++;
    else if (f.status === 'fail') s.fail++;
    else if (f.status === 'error') {
      s.error++;
      if (f.missing && !s.missing.includes(f.missing)) s.missing.push(f.missing);
    } else if (f.status === 'not_applicable') s.notApplicable++;
    else {
      s.accepted++;
      const e = f.exception;
      if (e && !s.exceptions.some((x) => x.reason === e.reason && x.approvedBy === e.approvedBy && x.expires === e.expires))
        s.exceptions.push({ reason: e.reason, approvedBy: e.approvedBy, expires: e.expires });
    }
  };
  record.findings.forEach(add);
  const controlsOf = new Map<string, string[]>();
  for (const control of record.run.controls) for (const check of control.checks) controlsOf.set(check, [...(controlsOf.get(check) ?? []), control.id]);
  return {
    runId: record.run.runId,
    asOf: record.run.startedAt.slice(0, 10),
    period: record.run.period,
    stats,
    notRun: new Map(record.run.scope.checksOutOfScope.map((c) => [c.checkId, c.reason])),
    controlsOf,
  };
}

/** "have MFA" → "has MFA" (one) / "have MFA" (many); "be encrypted" → "is" / "are encrypted". */
export function conjugate(base: string, one: boolean): string {
  const [verb = '', ...rest] = base.split(' ');
  const tail = rest.length ? ` ${rest.join(' ')}` : '';
  if (verb === 'be') return `${one ? 'is' : 'are'}${tail}`;
  if (!one) return base;
  if (verb === 'have') return `has${tail}`;
  if (verb === 'do') return `does${tail}`;
  return `${verb}${/(s|sh|ch|x|z|o)$/.test(verb) ? 'es' : 's'}${tail}`;
}

const num = (n: number) => n.toLocaleString('en-US');

/** One check's findings in a sentence, e.g. "10 of 12 active identity-provider users have an active MFA factor; 2 do not". */
export function describeCheck(wording: CheckWording, s: CheckStats): string {
  const [one, many] = wording.unit;
  const judged = s.pass + s.fail + s.error + s.accepted;
  const meeting = s.pass + s.accepted;
  const parts: string[] = [];
  if (judged === 0) return `there were no ${many} to judge`;
  if (judged === 1) {
    if (s.error) parts.push(`the ${one} could not be verified${s.missing.length ? ` (missing ${s.missing.join(', ')})` : ''}`);
    else if (s.fail) parts.push(`the ${one} does not ${wording.meets.replace(/^be /, 'be ')}`.replace('does not be ', 'is not '));
    else parts.push(`the ${one} ${conjugate(wording.meets, true)}`);
  } else if (meeting === judged) {
    parts.push(`all ${num(judged)} ${many} ${conjugate(wording.meets, false)}`);
  } else {
    let sentence = `${num(meeting)} of ${num(judged)} ${many} ${conjugate(wording.meets, meeting === 1)}`;
    if (s.fail) sentence += `; ${num(s.fail)} ${s.fail === 1 ? 'does' : 'do'} not`;
    if (s.error) sentence += `; ${num(s.error)} could not be verified${s.missing.length ? ` (missing ${s.missing.join(', ')})` : ''}`;
    parts.push(sentence);
  }
  if (s.accepted) {
    const which = s.exceptions.map((e) => `"${e.reason}", approved by ${e.approvedBy} until ${e.expires}`).join('; ');
    parts.push(`${num(s.accepted)} ${s.accepted === 1 ? 'counts' : 'count'} as meeting it under a current exception (${which || 'see the run'})`);
  }
  return parts.join(', ');
}

export interface EvidenceAnswer {
  /** Absent: the run cannot answer (nothing covered, or nothing to judge); `reason` says why. */
  answer?: AnswerValue;
  text: string;
  reason?: string;
  checks: string[];
  controls: string[];
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function answerFromEvidence(topic: Topic, catalog: TopicCatalog, run: RunEvidence): EvidenceAnswer {
  const covered = topic.checks.filter((c) => run.stats.has(c));
  const notCovered = topic.checks.filter((c) => !run.stats.has(c));
  const controls = [...new Set([...covered.flatMap((c) => run.controlsOf.get(c) ?? []), ...topic.controls])].sort();
  const notCoveredText = notCovered.length
    ? `Not covered by this run: ${notCovered.map((c) => `${c}${run.notRun.has(c) ? ` (${run.notRun.get(c)})` : ''}`).join(', ')}.`
    : '';
  if (covered.length === 0) {
    return { text: notCoveredText, reason: `none of this topic's checks ran in run ${run.runId}`, checks: [], controls };
  }
  const total = { pass: 0, fail: 0, error: 0, accepted: 0 };
  const sentences: string[] = [];
  let periodBound = false;
  for (const id of covered) {
    const s = run.stats.get(id)!;
    total.pass += s.pass;
    total.fail += s.fail;
    total.error += s.error;
    total.accepted += s.accepted;
    const wording = catalog.wording.get(id)!;
    periodBound ||= wording.period;
    sentences.push(describeCheck(wording, s));
  }
  const when = `as of ${run.asOf}${periodBound ? ` (changes: audit period ${run.period.start} to ${run.period.end})` : ''}`;
  const text = `${capitalize(sentences.join('; '))}, ${when}.${notCoveredText ? ` ${notCoveredText}` : ''}`;
  const base = { text, checks: covered, controls };
  if (total.fail > 0) return { ...base, answer: total.pass + total.accepted > 0 ? 'Partial' : 'No' };
  if (total.error > 0) return { ...base, answer: 'Not verified' };
  if (total.pass + total.accepted === 0) return { ...base, reason: `the run found nothing of this kind to judge` };
  // Every check that ran is met, but a related check did not run: that part is not shown, so not a Yes.
  if (notCovered.length) return { ...base, answer: 'Partial' };
  return { ...base, answer: 'Yes' };
}
