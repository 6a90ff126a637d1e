/**
 * Terms of a text for the lexical view and labels: words and 2-3-word phrases.
 * Counting uses a light stem (plural and -ed/-ing folded: "pruning", "pruned",
 * "prune" → "prun"; "networks" → "network"); each term also yields its surface
 * form, the text as written, so labels stay readable. Acronyms (two capitals,
 * or a capital after a lower-case letter: LLM, LoRA, ViT) are kept as written
 * and only lose a plural "s" (LLMs → LLM).
 */
import { STOP, GENERIC_WORDS } from './stopwords.ts';

export interface Term {
  key: string;
  surface: string;
}

/** Hyphenated or multi-word boilerplate, blanked before tokenising (same length, so offsets hold). */
const STOP_PHRASES =
  /\b(?:state[- ]of[- ]the[- ]art|real[- ]world|large[- ]scale|web[- ]scale|well[- ]known|so[- ]called|end[- ]to[- ]end|plug[- ]and[- ]play|trade[- ]offs?|in[- ]depth|long[- ]standing|open[- ]source[ds]?|wide[- ]range|et al)\b/gi;
/**
 * A word; a compound whose first part is a common prefix or a single letter stays
 * one token ("pre-training", "zero-shot", "Q-VLM", "k-means"); other hyphens split.
 */
const TOKEN =
  /(?:(?:pre|post|multi|self|non|co|re|sub|semi|super|cross|bi|tri|un|inter|intra|over|under|meta|zero|few|one|two|fine|[A-Za-z])-)?[A-Za-z][A-Za-z0-9]*|[0-9]+[A-Za-z][A-Za-z0-9]*/gi;
const VOWEL = /[aeiouy]/;

function isAcronym(w: string): boolean {
  return /[A-Z].*[A-Z]/.test(w) || /[a-z][A-Z]/.test(w) || /[0-9]/.test(w);
}

/** Light stemmer: Porter step 1a/1b without the re-adding of "e", then a final "e" dropped. */
export function stem(word: string): string {
  if (isAcronym(word)) return word.replace(/(?<=[A-Z0-9])s$/, '').toLowerCase();
  let w = word.toLowerCase();
  if (w.length <= 3) return w;
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies')) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('eed')) {
    if (w.length > 4) w = w.slice(0, -1);
  } else {
    const m = /^(.+?)(ed|ing)$/.exec(w);
    if (m && VOWEL.test(m[1]) && m[1].length >= 2) {
      w = m[1];
      if (/([^aeiouylsz])\1$/.test(w)) w = w.slice(0, -1);
    }
  }
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

interface Tok {
  key: string;
  lower: string;
  start: number;
  end: number;
  /** True when this token starts a new phrase segment (punctuation or a stop word before it). */
  breakBefore: boolean;
}

/** Tokens with stop words removed; `breakBefore` marks where phrases may not span. */
export function tokens(input: string): Tok[] {
  // Boilerplate phrases whose words are not stop words on their own.
  const text = input.replace(STOP_PHRASES, (m) => '.'.padEnd(m.length, ' '));
  const out: Tok[] = [];
  let prevEnd = -1;
  let broken = true;
  for (const m of text.matchAll(TOKEN)) {
    const word = m[0];
    const start = m.index ?? 0;
    const gap = prevEnd < 0 ? '' : text.slice(prevEnd, start);
    if (/[^\s-]/.test(gap)) broken = true;
    prevEnd = start + word.length;
    const lower = word.toLowerCase();
    if (word.length < 2 || STOP.has(lower) || /^[0-9]/.test(word) || /^(?:ii|iii|iv|vi|vii|viii|ix)$/.test(lower)) {
      broken = true;
      continue;
    }
    out.push({ key: stem(word), lower, start, end: prevEnd, breakBefore: broken });
    broken = false;
  }
  return out;
}

/** Surface form of a span: acronyms as written, other words lower-cased; whitespace normalised. */
export function surfaceOf(text: string, start: number, end: number): string {
  return text
    .slice(start, end)
    .replace(/\s+/g, ' ')
    .replace(/[A-Za-z][A-Za-z0-9-]*/g, (w) => (isAcronym(w) ? w : w.toLowerCase()));
}

/**
 * Every term occurrence in a text: non-generic words, and 2..maxN-word phrases
 * that do not span punctuation or stop words and are not made of generic words only.
 */
export function extractTerms(text: string, maxN = 3): Term[] {
  const toks = tokens(text);
  const out: Term[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (!GENERIC_WORDS.has(t.lower)) out.push({ key: t.key, surface: surfaceOf(text, t.start, t.end) });
    let allGeneric = GENERIC_WORDS.has(t.lower);
    let key = t.key;
    for (let n = 2; n <= maxN && i + n - 1 < toks.length; n++) {
      const u = toks[i + n - 1];
      if (u.breakBefore) break;
      key += ' ' + u.key;
      allGeneric &&= GENERIC_WORDS.has(u.lower);
      if (!allGeneric) out.push({ key, surface: surfaceOf(text, t.start, u.end) });
    }
  }
  return out;
}
