// Where a question belongs: its CAIQ v4 id when the catalog knows it, else the topics whose keyword
// rules match its text (and none of whose negative cues do), minus broader topics a narrower one replaces.
import { normalizeText, type Topic, type TopicCatalog } from './catalog.js';

export interface Placement {
  topics: Topic[];
  via: 'caiq' | 'keywords' | 'none';
  /** The CAIQ id the placement came from (question, control or domain level). */
  caiqId?: string;
}

/** "IAM-14.1" → ["IAM-14.1", "IAM-14", "IAM"]; "iam-1.1" is read as IAM-01.1. Not a CAIQ id: []. */
export function caiqCandidates(raw: string | undefined): string[] {
  const m = /^\s*([A-Za-z&]{2,4})\s*-\s*(\d{1,2})(?:\s*\.\s*(\d{1,2}))?\s*$/.exec(raw ?? '');
  if (!m) return [];
  const domain = m[1]!.toUpperCase();
  const control = `${domain}-${m[2]!.padStart(2, '0')}`;
  return m[3] ? [`${control}.${Number(m[3])}`, control, domain] : [control, domain];
}

export function placeQuestion(catalog: TopicCatalog, question: string, id?: string): Placement {
  for (const candidate of caiqCandidates(id)) {
    const ids = catalog.caiq.get(candidate);
    if (!ids) continue;
    const byId = ids.map((t) => catalog.byId.get(t)!);
    // A control-level id ("IAM-14" for IAM-14.2) may be refined by the wording, within that control's topics.
    const words = byWords(catalog, question);
    const refines = words.length > 0 && words.every((t) => ids.includes(t.id) || t.narrows.some((n) => ids.includes(n)));
    return { topics: refines ? words : byId, via: 'caiq', caiqId: candidate };
  }
  const topics = byWords(catalog, question);
  return topics.length ? { topics, via: 'keywords' } : { topics: [], via: 'none' };
}

function byWords(catalog: TopicCatalog, question: string): Topic[] {
  const text = normalizeText(question);
  const matched = catalog.topics.filter(
    (topic) => !topic.unlessMatcher?.test(text) && topic.matchers.some((rule) => rule.any.test(text) && (!rule.with || rule.with.test(text))),
  );
  const narrowed = new Set(matched.flatMap((t) => t.narrows));
  return matched.filter((t) => !narrowed.has(t.id));
}
