// Answering a drop-down: pick the list value that says our answer. When the list cannot say it exactly
// (no "Partial" on a Yes/No list) choose the more cautious value, or none, and say so; never a better one.
import type { AnswerValue } from './evidence.js';

const key = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

const SAYS: Record<AnswerValue, RegExp> = {
  Yes: /^(yes|y|true|compliant|fully compliant|implemented|fully implemented|in place|met|fully met|agree)$|^yes /,
  No: /^(no|n|false|non compliant|noncompliant|not compliant|not implemented|not in place|not met|disagree)$|^no (?!t )/,
  Partial: /^(partial|partially|partly|partially compliant|partially implemented|partially met|in progress|some|limited)$|^partial/,
  'Not verified': /^(not verified|unverified|unknown|unable to verify|cannot verify|tbd|to be determined|pending|under review)$/,
  'Not applicable': /^(n a|na|not applicable|none|not relevant)$/,
};

export interface Choice {
  /** The list value to write; undefined leaves the cell blank. */
  value?: string;
  /** Said in the comment when the list could not take the exact answer. */
  note?: string;
}

function find(answer: AnswerValue, options: readonly string[]): string | undefined {
  return options.find((o) => SAYS[answer].test(key(o)));
}

/** The value for `answer` on a cell; `options` null means a free-text cell. */
export function chooseValue(answer: AnswerValue, options: readonly string[] | null): Choice {
  if (!options) return { value: answer };
  const exact = find(answer, options);
  if (exact) return { value: exact };
  const list = options.map((o) => `"${o}"`).join(', ');
  if (answer === 'Partial') {
    const no = find('No', options);
    if (no) return { value: no, note: `The answer is Partial; the drop-down (${list}) has no partial value, so "${no}" is given.` };
  }
  return { note: `The answer is ${answer}; the drop-down (${list}) has no such value, so the cell is left for you.` };
}
