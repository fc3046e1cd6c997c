// answers.yaml: the company's own answers to what no API shows (policies, training, pen tests), each
// with an owner and the day it was last reviewed. Validated with zod; errors name the file and line.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { dateField } from '../config/schema.js';
import { UserInputError } from '../core/errors.js';
import { lineOf, parseYamlFile, suggestion, validateYaml } from '../config/yaml-errors.js';
import type { TopicCatalog } from './catalog.js';

const entrySchema = z
  .object({
    topic: z.string().min(1),
    answer: z.enum(['Yes', 'No', 'Partial', 'Not applicable']),
    text: z.string().min(1),
    owner: z.string().min(1),
    reviewed: dateField,
  })
  .strict();

const librarySchema = z.object({ answers: z.array(entrySchema) }).strict();

export type LibraryEntry = z.infer<typeof entrySchema>;

export interface AnswerLibrary {
  file: string;
  byTopic: Map<string, LibraryEntry>;
}

export function loadLibrary(file: string, catalog: TopicCatalog): AnswerLibrary {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserInputError(`cannot read the answer library (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`, file);
  }
  const parsed = parseYamlFile(text, file);
  const data = validateYaml(librarySchema, parsed, file, {
    '': ['answers'],
    ...Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`answers.${i}`, Object.keys(entrySchema.shape)])),
  });
  const byTopic = new Map<string, LibraryEntry>();
  const answerable = catalog.topics.filter((t) => t.manual || t.library).map((t) => t.id);
  data.answers.forEach((entry, i) => {
    const where = lineOf(parsed, ['answers', i, 'topic']);
    const topic = catalog.byId.get(entry.topic);
    if (!topic) {
      const hint = suggestion(entry.topic, [...catalog.byId.keys()]) ?? answerable.find((id) => id.startsWith(entry.topic.split('-')[0]!));
      throw new UserInputError(
        `unknown topic "${entry.topic}"${hint ? ` (did you mean "${hint}"?)` : ''}; topics answered from this file: ${answerable.join(', ')}`,
        file,
        where,
      );
    }
    if (!topic.manual && !topic.library) {
      throw new UserInputError(
        `topic "${entry.topic}" is answered from the run's evidence, not from answers.yaml; topics answered from this file: ${answerable.join(', ')}`,
        file,
        where,
      );
    }
    if (byTopic.has(entry.topic)) throw new UserInputError(`topic "${entry.topic}" is answered twice`, file, where);
    byTopic.set(entry.topic, entry);
  });
  return { file, byTopic };
}

/** Reviewed more than 12 months before `asOf` (both YYYY-MM-DD). */
export function isStale(reviewed: string, asOf: string): boolean {
  const [y, m, d] = asOf.split('-').map(Number) as [number, number, number];
  const yearBefore = new Date(Date.UTC(y - 1, m - 1, d)).toISOString().slice(0, 10);
  return reviewed < yearBefore;
}
