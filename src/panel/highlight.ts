/**
 * Wraps occurrences of label terms in `<mark>` elements, built with createElement and
 * textContent only. Matching is case-insensitive and whole-word-ish: a term must not
 * sit inside a longer word (Unicode letters/digits), but a plural "s"/"es" may follow,
 * and a plural term ("models") also marks its singular ("model").
 */
import { MAX_MARKS } from '../util/limits.ts';

const MAX_TERMS = 24;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regex for the terms, longest first so "neural network" wins over "neural"; null if none usable. */
export function termPattern(terms: string[]): RegExp | null {
  const usable = [...new Set(terms.map((t) => t.trim().toLowerCase()).filter((t) => t.length >= 2))]
    .sort((a, b) => b.length - a.length)
    .slice(0, MAX_TERMS);
  if (usable.length === 0) return null;
  // Whitespace inside a phrase matches any run of whitespace or a hyphen ("self-supervised").
  // A plural term also matches its singular: "models" → "model" + the optional (e)s below.
  const stems = usable.map((t) => (t.length > 3 && /[^s]s$/.test(t) ? t.slice(0, -1) : t));
  const alts = stems.map((t) => escapeRegExp(t).replace(/(?:\s|-)+/g, '[\\s\\-]+'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alts.join('|')})(?:e?s)?(?![\\p{L}\\p{N}])`, 'giu');
}

/**
 * Appends `text` to `parent`, matches wrapped in <mark>, at most `maxMarks` of them (the
 * rest of the text follows plain: a long text with a common term would otherwise make one
 * element per match). Returns the number of marks.
 */
export function appendHighlighted(parent: HTMLElement, text: string, terms: string[], maxMarks = MAX_MARKS): number {
  const re = termPattern(terms);
  if (!re) {
    parent.append(text);
    return 0;
  }
  let last = 0;
  let marks = 0;
  for (const m of text.matchAll(re)) {
    if (marks >= maxMarks) break;
    const at = m.index ?? 0;
    if (at > last) parent.append(text.slice(last, at));
    const mark = document.createElement('mark');
    mark.textContent = m[0];
    parent.append(mark);
    marks++;
    last = at + m[0].length;
  }
  if (last < text.length) parent.append(text.slice(last));
  return marks;
}
