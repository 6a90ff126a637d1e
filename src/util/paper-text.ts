/**
 * The text that stands for a paper, and when two papers are the same paper.
 * Light on purpose (no model code): the ingest worker, the preview and the
 * pipeline all import it, so the preview's duplicate count and the map's
 * stacked dots come from this one definition.
 */

/** The text the model embeds for a paper: "Title. Abstract" (no extra period after ., ! or ?); '' when both are empty. */
export function embedText(title: string, abstract: string): string {
  const t = title.trim();
  const a = abstract.trim();
  if (!a) return t;
  if (!t) return a;
  return /[.!?]$/.test(t) ? `${t} ${a}` : `${t}. ${a}`;
}

/** Unicode compatibility forms (NFKC: ligatures, fullwidth letters, combining accents), case and whitespace folded. */
export function normaliseText(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Two papers are duplicates when the texts the model embeds for them are equal
 * after normaliseText: the map then embeds the text once and stacks the papers
 * on one dot. '' for a paper with nothing to embed, which is a duplicate of nothing.
 */
export function duplicateKey(title: string, abstract: string): string {
  const text = embedText(String(title ?? ''), String(abstract ?? ''));
  return text ? normaliseText(text) : '';
}
