/**
 * Label text for the map and the exported image: full text wrapped to at most
 * two lines. A term label ("a · b · c") that does not fit is shortened by
 * dropping its last terms, never by cutting characters; only a single term or
 * a user rename too long for two lines is cut (with "…"). Text is capped at
 * MAX_DISPLAY_CHARS before any measuring, and cutting measures by binary
 * search, so a 20,000-character rename costs a handful of measurements.
 * Pure: the text measurer is passed in.
 */

/** Width in px of a string in the label's font. */
export type Measure = (text: string) => number;

/** Characters of a label ever measured or drawn (the full text stays in tooltips and exports). */
export const MAX_DISPLAY_CHARS = 160;
export const TERM_SEP = ' · ';

export interface WrappedLabel {
  lines: string[];
  /** Widest line, px. */
  width: number;
  /** True when characters were cut (an ellipsis was added). */
  cut: boolean;
  /** Terms dropped to fit (0 when the full label shows). */
  dropped: number;
}

/** First `n` code points of s (never half a surrogate pair). */
function headCodePoints(s: string, n: number): string {
  let i = 0;
  for (let k = 0; k < n && i < s.length; k++) i += s.codePointAt(i)! > 0xffff ? 2 : 1;
  return s.slice(0, i);
}

/** Caps text for display at MAX_DISPLAY_CHARS code points (with "…" when cut). */
export function displayCap(text: string): string {
  if (text.length <= MAX_DISPLAY_CHARS) return text;
  const head = headCodePoints(text, MAX_DISPLAY_CHARS);
  return head.length < text.length ? head.trimEnd() + '…' : head;
}

/**
 * The longest prefix of text (whole code points) that fits maxW with an ellipsis,
 * by binary search: O(log length) measurements. Returns text itself when it fits.
 */
export function fitText(text: string, maxW: number, measure: Measure): string {
  const s = displayCap(text);
  if (measure(s) <= maxW) return s;
  const cps = Array.from(s.endsWith('…') ? s.slice(0, -1) : s);
  let lo = 0, hi = cps.length; // largest n in [0, hi) whose prefix + '…' fits
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (measure(cps.slice(0, mid).join('').trimEnd() + '…') <= maxW) lo = mid;
    else hi = mid - 1;
  }
  return cps.slice(0, Math.max(1, lo)).join('').trimEnd() + '…';
}

/** Greedy word wrap of `words` (joined by `sep`) into lines no wider than maxW; null when more than maxLines are needed or one word is too wide. */
function wrapWords(words: string[], sep: string, maxW: number, maxLines: number, measure: Measure): string[] | null {
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    const next = cur ? cur + sep + w : w;
    if (measure(next) <= maxW) {
      cur = next;
      continue;
    }
    if (!cur || measure(w) > maxW) return null;
    lines.push(cur);
    if (lines.length >= maxLines) return null;
    cur = w;
  }
  if (cur) lines.push(cur);
  return lines.length <= maxLines ? lines : null;
}

/** Words of a term label with their separators kept at line ends ("a ·", "b"), so a line break falls between terms when it can. */
function tokens(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

/**
 * Wraps a label to at most `maxLines` lines of maxW px. Term labels drop trailing
 * terms until they fit; anything else (or a first term that cannot fit) is
 * word-wrapped with the last line cut by fitText.
 */
export function wrapLabel(text: string, maxW: number, measure: Measure, maxLines = 2): WrappedLabel {
  const capped = displayCap(text.trim());
  const terms = capped.split(TERM_SEP).map((t) => t.trim()).filter(Boolean);
  const done = (lines: string[], cut: boolean, dropped: number): WrappedLabel =>
    ({ lines, width: lines.reduce((w, l) => Math.max(w, measure(l)), 0), cut, dropped });
  for (let n = terms.length; n >= 1; n--) {
    const joined = terms.slice(0, n).join(TERM_SEP);
    const words = tokens(joined);
    // Most labels fit on one line: one measurement, not one per word (each prefix of a line that
    // fits fits too; a draw of 20,000 clusters measured ~3,000 prefixes, issue 16).
    const one = words.join(' ');
    if (one && maxLines >= 1 && measure(one) <= maxW) return done([one], false, terms.length - n);
    const lines = wrapWords(words, ' ', maxW, maxLines, measure);
    if (lines) return done(lines, false, terms.length - n);
  }
  // Even the first term (or the whole rename) is too long: fill the lines word by word, cut the last one.
  const words = tokens(terms.length ? terms[0] : capped);
  const lines: string[] = [];
  let i = 0;
  while (lines.length < maxLines - 1 && i < words.length) {
    let cur = '';
    while (i < words.length && measure(cur ? cur + ' ' + words[i] : words[i]) <= maxW) cur = cur ? cur + ' ' + words[i++] : words[i++];
    if (!cur) break; // one word wider than a line: it goes, cut, on the last line
    lines.push(cur);
  }
  const rest = words.slice(i).join(' ');
  if (rest) lines.push(fitText(rest, maxW, measure));
  return done(lines, lines.some((l) => l.endsWith('…')), Math.max(0, terms.length - 1));
}
