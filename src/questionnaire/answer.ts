// One question's answer: place it on topics, answer each topic from the run (evidence) or answers.yaml
// (library), take the weakest, and say what it rests on. A topic nobody can answer leaves the question
// for a human: a blank is better than a guess.
import type { Topic, TopicCatalog } from './catalog.js';
import { answerFromEvidence, weakest, type AnswerValue, type RunEvidence } from './evidence.js';
import { isStale, type AnswerLibrary } from './library.js';
import { placeQuestion, type Placement } from './placement.js';

export interface AnswerContext {
  catalog: TopicCatalog;
  run: RunEvidence | null;
  library: AnswerLibrary | null;
  /** Day answers are judged against (staleness of library answers): the run's date, else today. */
  asOf: string;
}

export interface TopicResult {
  topic: Topic;
  answer?: AnswerValue;
  source: 'evidence' | 'library' | 'none';
  text: string;
  /** Why the topic could not be answered. */
  reason?: string;
  checks: string[];
  controls: string[];
  stale?: boolean;
  libraryRef?: string;
}

export interface QuestionResult {
  placement: Placement;
  /** Absent: left for a human. */
  answer?: AnswerValue;
  source: 'evidence' | 'library' | 'human';
  /** The answer's basis and citations (for the comment column or a note). */
  comment: string;
  /** Why it is left for a human. */
  reason?: string;
  topics: TopicResult[];
}

function libraryResult(topic: Topic, ctx: AnswerContext): Omit<TopicResult, 'checks' | 'controls'> | null {
  const entry = ctx.library?.byTopic.get(topic.id);
  if (!entry) return null;
  const stale = isStale(entry.reviewed, ctx.asOf);
  return {
    topic,
    answer: entry.answer,
    source: 'library',
    text:
      `${entry.text.trim()} (Owner: ${entry.owner}; reviewed ${entry.reviewed}` +
      `${stale ? ' — STALE: reviewed more than 12 months ago, confirm before sending' : ''}.)`,
    stale,
    libraryRef: `answers.yaml topic ${topic.id}`,
  };
}

export function answerTopic(topic: Topic, ctx: AnswerContext): TopicResult {
  const lib = libraryResult(topic, ctx);
  if (topic.manual) {
    return lib
      ? { ...lib, checks: [], controls: topic.controls }
      : {
          topic,
          source: 'none',
          text: '',
          reason: `no answer for topic "${topic.id}" in ${ctx.library ? ctx.library.file : 'answers.yaml (none given: --library)'}`,
          checks: [],
          controls: topic.controls,
        };
  }
  if (!ctx.run)
    return lib
      ? { ...lib, checks: [], controls: topic.controls }
      : { topic, source: 'none', text: '', reason: 'no run given (--run RUN_DIR or latest)', checks: [], controls: topic.controls };
  const ev = answerFromEvidence(topic, ctx.catalog, ctx.run);
  const evidence: TopicResult = {
    topic,
    source: 'evidence',
    text: ev.text,
    checks: ev.checks,
    controls: ev.controls,
    ...(ev.answer ? { answer: ev.answer } : {}),
    ...(ev.reason ? { reason: ev.reason } : {}),
  };
  if (!topic.library) return evidence;
  // The run can show a shortfall on its own; a Yes also needs the company's word on the process.
  if (ev.answer && ev.answer !== 'Yes') return evidence;
  if (!lib) {
    return {
      ...evidence,
      answer: undefined,
      source: 'none',
      reason: `${ev.reason ?? 'the run shows no shortfall'}, but the process itself (${topic.title.toLowerCase()}) needs the company's answer in answers.yaml`,
    } as TopicResult;
  }
  const combined = ev.answer ? weakest([ev.answer, lib.answer!]) : lib.answer!;
  return {
    ...lib,
    answer: combined,
    source: 'library',
    text: `${lib.text}${ev.text ? ` Evidence: ${ev.text}` : ''}`,
    checks: ev.checks,
    controls: [...new Set([...ev.controls, ...topic.controls])].sort(),
  };
}

function citation(results: TopicResult[], runId: string | undefined): string {
  const controls = [...new Set(results.flatMap((r) => r.controls))].sort();
  const checks = [...new Set(results.flatMap((r) => r.checks))].sort();
  const library = results.filter((r) => r.libraryRef).map((r) => r.libraryRef!);
  const parts = [
    controls.length ? `controls ${controls.join(', ')}` : '',
    checks.length ? `checks ${checks.join(', ')}` : '',
    checks.length && runId ? `run ${runId}` : '',
    ...library,
  ].filter(Boolean);
  return parts.length ? `[Basis: ${parts.join('; ')}]` : '';
}

export function answerQuestion(ctx: AnswerContext, question: string, id?: string): QuestionResult {
  const placement = placeQuestion(ctx.catalog, question, id);
  if (placement.topics.length === 0) {
    return { placement, source: 'human', comment: '', reason: 'no topic of the catalog matches this question', topics: [] };
  }
  const topics = placement.topics.map((t) => answerTopic(t, ctx));
  const open = topics.filter((t) => !t.answer);
  if (open.length) {
    return { placement, source: 'human', comment: '', reason: open.map((t) => `${t.topic.title}: ${t.reason}`).join('; '), topics };
  }
  const answer = weakest(topics.map((t) => t.answer!));
  const body =
    topics.length === 1
      ? topics[0]!.text
      : `${topics.map((t) => `${t.topic.title}: ${t.answer}. ${t.text}`).join(' ')} Overall: ${answer} (the weakest of ${topics.length} topics).`;
  return {
    placement,
    answer,
    source: topics.some((t) => t.source === 'library') ? 'library' : 'evidence',
    comment: `${body} ${citation(topics, ctx.run?.runId)}`.trim(),
    topics,
  };
}
