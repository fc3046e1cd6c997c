// The questionnaire's topic catalog (questionnaire/topics.yaml): data, validated with zod, compiled
// into keyword matchers once. Which topic a question lands on is decided by this file, not by code.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { UserInputError } from '../core/errors.js';
import { lineOf, parseYamlFile, validateYaml } from '../config/yaml-errors.js';

export const BUILTIN_TOPICS_FILE = fileURLToPath(new URL('../../questionnaire/topics.yaml', import.meta.url));

const phrases = z.array(z.string().min(1)).min(1);

const ruleSchema = z.object({ any: phrases, with: phrases.optional() }).strict();

/** CAIQ v4 ids: a question "IAM-14.1", its control "IAM-14", or a whole domain "DCS". */
export const caiqId = z.string().regex(/^[A-Z&]{2,4}(-\d{2}(\.\d{1,2})?)?$/, 'expected a CAIQ v4 id such as IAM-14.1, IAM-14 or DCS');

const topicSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a topic id such as mfa-workforce'),
    title: z.string().min(1),
    caiq: z.array(caiqId).default([]),
    match: z.array(ruleSchema).min(1),
    unless: z.array(z.string().min(1)).default([]),
    narrows: z.array(z.string()).default([]),
    /** Checks whose findings answer the topic; none = a manual topic (answers.yaml or a human). */
    checks: z.array(z.string()).default([]),
    /** Controls cited besides those the run gives the checks (the manual control of a process). */
    controls: z.array(z.string()).default([]),
    /** A Yes also needs the company's own answer: the run cannot show the process. */
    library: z.boolean().default(false),
  })
  .strict();

const wordingSchema = z
  .object({
    unit: z.tuple([z.string().min(1), z.string().min(1)]),
    meets: z.string().min(1),
    period: z.boolean().default(false),
  })
  .strict();

const topicFileSchema = z
  .object({
    topics: z.array(topicSchema).min(1),
    checks: z.record(z.string(), wordingSchema),
  })
  // Top-level anchors (lists reused with *alias) are allowed beside the two keys.
  .catchall(z.unknown());

export type CheckWording = z.infer<typeof wordingSchema>;

export interface Topic extends z.infer<typeof topicSchema> {
  /** Manual topics have no checks: only answers.yaml answers them. */
  manual: boolean;
  matchers: Array<{ any: RegExp; with?: RegExp }>;
  unlessMatcher: RegExp | null;
}

export interface TopicCatalog {
  file: string;
  topics: Topic[];
  byId: Map<string, Topic>;
  /** CAIQ id (question, control or domain) → topic ids. */
  caiq: Map<string, string[]>;
  wording: Map<string, CheckWording>;
}

/** Lower case, every run of characters other than letters and digits a single space. */
export function normalizeText(text: string): string {
  return ` ${text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;
}

/** One regex for a list of phrases: whole words, a trailing * matching any word ending. */
export function phraseMatcher(list: readonly string[]): RegExp {
  const alternatives = list.map((phrase) => {
    const prefix = phrase.trim().endsWith('*');
    const words = normalizeText(phrase.replace(/\*$/, '')).trim().split(' ').filter(Boolean);
    if (words.length === 0) throw new Error(`empty phrase "${phrase}"`);
    return words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join(' ') + (prefix ? '[a-z0-9]*' : '');
  });
  return new RegExp(` (?:${alternatives.join('|')}) `);
}

export function loadTopicCatalog(file: string = BUILTIN_TOPICS_FILE): TopicCatalog {
  const display = path.relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UserInputError('topic catalog not found', display);
  }
  // The plain parser is several times faster than the line-tracking one; that one is only needed to
  // say where a mistake is, so it runs when the fast path finds one.
  let fast: unknown;
  try {
    fast = parse(text);
  } catch {
    fast = undefined;
  }
  const quick = topicFileSchema.safeParse(fast);
  const parsed = quick.success ? null : parseYamlFile(text, display);
  const data = quick.success ? quick.data : validateYaml(topicFileSchema, parsed!, display);
  const at = (keys: PropertyKey[]) => (parsed ? lineOf(parsed, keys) : lineOf(parseYamlFile(text, display), keys));
  const byId = new Map<string, Topic>();
  const caiq = new Map<string, string[]>();
  data.topics.forEach((raw, i) => {
    if (byId.has(raw.id)) throw new UserInputError(`duplicate topic id "${raw.id}"`, display, at(['topics', i, 'id']));
    for (const checkId of raw.checks) {
      if (!data.checks[checkId])
        throw new UserInputError(`topic ${raw.id}: check "${checkId}" has no wording under "checks:"`, display, at(['topics', i, 'checks']));
    }
    const topic: Topic = {
      ...raw,
      manual: raw.checks.length === 0,
      matchers: raw.match.map((rule) => ({ any: phraseMatcher(rule.any), ...(rule.with ? { with: phraseMatcher(rule.with) } : {}) })),
      unlessMatcher: raw.unless.length ? phraseMatcher(raw.unless) : null,
    };
    byId.set(topic.id, topic);
    for (const id of topic.caiq) caiq.set(id, [...(caiq.get(id) ?? []), topic.id]);
  });
  data.topics.forEach((t, i) => {
    for (const other of t.narrows) {
      if (!byId.has(other)) throw new UserInputError(`topic ${t.id} narrows unknown topic "${other}"`, display, at(['topics', i, 'narrows']));
    }
  });
  return { file: display, topics: [...byId.values()], byId, caiq, wording: new Map(Object.entries(data.checks)) };
}

/** Every check id the catalog names (in topics or in wording). */
export function catalogCheckIds(catalog: TopicCatalog): string[] {
  return [...new Set([...catalog.topics.flatMap((t) => t.checks), ...catalog.wording.keys()])].sort();
}
