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

/** Terms as regex alternatives, longest first, plural stems (see termPattern); null if none usable. */
function termAlternatives(terms: string[]): string[] | null {
  const usable = [...new Set(terms.map((t) => t.trim().toLowerCase()).filter((t) => t.length >= 2))]
    .sort((a, b) => b.length - a.length)
    .slice(0, MAX_TERMS);
  if (usable.length === 0) return null;
  const stems = usable.map((t) => (t.length > 3 && /[^s]s$/.test(t) ? t.slice(0, -1) : t));
  return stems.map((t) => escapeRegExp(t).replace(/(?:\s|-)+/g, '[\\s\\-]+'));
}

const WORD = /[\p{L}\p{N}]/u;
/** True when the code point starting at `i` is a letter or digit. */
function wordAt(text: string, i: number): boolean {
  if (i >= text.length) return false;
  const c = text.codePointAt(i)!;
  return WORD.test(String.fromCodePoint(c));
}
/** True when the code point ending just before `i` is a letter or digit. */
function wordBefore(text: string, i: number): boolean {
  if (i <= 0) return false;
  let at = i - 1;
  const lo = text.charCodeAt(at);
  if (lo >= 0xdc00 && lo <= 0xdfff && at > 0) {
    const hi = text.charCodeAt(at - 1);
    if (hi >= 0xd800 && hi <= 0xdbff) at--;
  }
  return wordAt(text, at);
}
const cpLength = (text: string, i: number) => ((text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1);

const compiled = new Map<string, RegExp>();
function cached(source: string, flags: string): RegExp {
  const key = flags + source;
  let re = compiled.get(key);
  if (!re) {
    if (compiled.size > 5000) compiled.clear();
    compiled.set(key, (re = new RegExp(source, flags)));
  }
  re.lastIndex = 0;
  return re;
}

/**
 * The matches of `termPattern(terms)` in `text`, found without its Unicode lookarounds:
 * a lookbehind and lookahead on `\p{L}\p{N}` with the `iu` flags cost milliseconds to
 * compile, once per cluster's terms, and 200 listed papers from 200 clusters took over
 * half a second (issue 16). A plain alternation finds candidates; the word boundaries are
 * checked here with one shared pattern, and where the end fails, the alternatives are
 * tried in the engine's order (each term; suffix "es", "s", none), as the lookahead would.
 */
export function* termMatches(text: string, terms: string[]): Generator<{ index: number; text: string }, void, void> {
  const alts = termAlternatives(terms);
  if (!alts) return;
  const fast = cached(`(?:${alts.join('|')})(?:e?s)?`, 'giu');
  let from = 0;
  while (from <= text.length) {
    fast.lastIndex = from;
    const m = fast.exec(text);
    if (!m) return;
    const p = m.index;
    let end = -1;
    if (!wordBefore(text, p)) {
      if (!wordAt(text, p + m[0].length)) end = p + m[0].length;
      else {
        search: for (const alt of alts) {
          for (const suffix of ['es', 's', '']) {
            const re = cached(alt + suffix, 'iuy');
            re.lastIndex = p;
            const hit = re.exec(text);
            if (hit && !wordAt(text, p + hit[0].length)) {
              end = p + hit[0].length;
              break search;
            }
          }
        }
      }
    }
    if (end < 0) {
      from = p + cpLength(text, p);
      continue;
    }
    yield { index: p, text: text.slice(p, end) };
    from = end;
  }
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
  let last = 0;
  let marks = 0;
  for (const m of termMatches(text, terms)) {
    if (marks >= maxMarks) break;
    const at = m.index;
    if (at > last) parent.append(text.slice(last, at));
    const mark = document.createElement('mark');
    mark.textContent = m.text;
    parent.append(mark);
    marks++;
    last = at + m.text.length;
  }
  if (last < text.length) parent.append(text.slice(last));
  return marks;
}
