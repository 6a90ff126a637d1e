/**
 * How much of a paper's text the page handles at once (issue 16). Titles, abstracts and
 * cluster labels can be any length in a file; drawing, highlighting, measuring or
 * searching megabytes of one string freezes the main thread. So the page keeps only the
 * first N characters of each for display, highlighting, measuring and keyword search.
 * The Paper keeps its full text, and every export writes the full text.
 * Labels are the exception: they are app metadata, so a longer one (a crafted file, a
 * paste into the rename box) is cut to MAX_LABEL_CHARS where it enters, with a notice.
 */

/** Characters of a title shown, searched and measured. */
export const MAX_TITLE_CHARS = 500;
/** Characters of an abstract shown, highlighted and searched. */
export const MAX_ABSTRACT_CHARS = 10_000;
/** Characters of a cluster label (kept, shown, measured, exported). */
export const MAX_LABEL_CHARS = 200;
/** Characters of other short fields shown (venue, the joined author list). */
export const MAX_META_CHARS = 500;
/** `<mark>` elements per highlighted text; matches past this are left plain. */
export const MAX_MARKS = 200;

/**
 * The first `max` UTF-16 units of `text`, one fewer if the cut would split a surrogate
 * pair. O(max), never O(text.length): safe on a 30 MB string.
 */
export function head(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

/** `head` plus an ellipsis when cut. */
export function clipText(text: string, max: number): string {
  return text.length <= max ? text : head(text, max).trimEnd() + '…';
}

/** A label as the page keeps it: white space collapsed, at most MAX_LABEL_CHARS. */
export function clipLabel(label: string): string {
  return clipText(head(label, MAX_LABEL_CHARS * 4).replace(/\s+/g, ' ').trim(), MAX_LABEL_CHARS);
}

/** Indices of papers whose title or abstract is longer than the page shows. */
export function overLimit(papers: readonly { title: string; abstract: string }[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < papers.length; i++) {
    const p = papers[i];
    if (p.title.length > MAX_TITLE_CHARS || p.abstract.length > MAX_ABSTRACT_CHARS) out.push(i);
  }
  return out;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * A notice naming the papers cut for display (up to 3 by title, then a count), or null.
 * Says what is kept: the full text stays in every export.
 */
export function limitNotice(papers: readonly { title: string; abstract: string }[]): string | null {
  const over = overLimit(papers);
  if (!over.length) return null;
  const named = over.slice(0, 3).map((i) => {
    const p = papers[i];
    const what = p.abstract.length > MAX_ABSTRACT_CHARS ? `abstract ${fmt(p.abstract.length)} characters` : `title ${fmt(p.title.length)} characters`;
    return `"${clipText(head(p.title, 200).replace(/\s+/g, ' ').trim(), 60) || '(untitled)'}" (${what})`;
  });
  const rest = over.length > 3 ? ` and ${fmt(over.length - 3)} more` : '';
  return (
    `${over.length === 1 ? '1 paper is' : `${fmt(over.length)} papers are`} longer than the page shows: ${named.join(', ')}${rest}. ` +
    `Only the first ${fmt(MAX_TITLE_CHARS)} characters of a title and ${fmt(MAX_ABSTRACT_CHARS)} of an abstract are shown, highlighted and searched; exports keep the full text.`
  );
}

/**
 * The papers as the map view gets them: titles cut to MAX_TITLE_CHARS (the map shows titles
 * in its tooltip and label hover text, and nothing else). The same array when nothing is cut.
 */
export function forDisplay<T extends { title: string }>(papers: T[]): T[] {
  // Memoised per list: a refined map of the same papers lands without another pass over them.
  const known = displayed.get(papers);
  if (known) return known as T[];
  const out = clipTitles(papers);
  displayed.set(papers, out);
  return out;
}
const displayed = new WeakMap<object, unknown[]>();

function clipTitles<T extends { title: string }>(papers: T[]): T[] {
  let out: T[] | null = null;
  for (let i = 0; i < papers.length; i++) {
    const p = papers[i];
    if (p.title.length <= MAX_TITLE_CHARS) continue;
    out ??= papers.slice();
    out[i] = { ...p, title: clipText(p.title, MAX_TITLE_CHARS) };
  }
  return out ?? papers;
}
