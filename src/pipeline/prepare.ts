/**
 * Prepare stage: decide which text each paper is embedded by, drop papers with
 * nothing to embed (RELIABILITY N4: never embed ""), and deduplicate texts that
 * are duplicates (util/paper-text.ts: equal after NFKC, case and whitespace
 * folding, the one definition the preview uses too) so each is embedded once.
 */
import type { Paper } from '../types.ts';
import { MAX_CHARS } from './embed.ts';
import { duplicateKey, embedText, normaliseText } from '../util/paper-text.ts';

export { normaliseText };

export interface Prepared {
  /** Unique texts to embed, in first-seen order. */
  texts: string[];
  /**
   * Per unique text, the title of its first paper, embedded as a second text and mixed into
   * the paper's vector (run.ts, TITLE_VECTOR_WEIGHT); '' when the paper has no title or no
   * abstract (the title is then the whole text).
   */
  titles: string[];
  /** Paper index → index into `texts`, or -1 when the paper is excluded. */
  unique: Int32Array;
  /** Paper index → representative paper index (the first paper with the same text; itself when unique or excluded). */
  rep: Int32Array;
  /** Paper indices with neither title nor abstract. */
  excluded: number[];
  /** Paper indices whose text was longer than the embedder reads (embedded truncated). */
  truncated: number[];
  /** Human-readable notices for the UI and the run info. */
  notices: string[];
}


/** Share of embedded texts (0..1) that must be mostly non-Latin before the English-centric notice is shown. */
export const NON_LATIN_SHARE = 0.1;

/** True when more than half of the letters among the first 500 characters are not Latin script (CJK, Arabic, Hebrew, Cyrillic…). */
export function isMostlyNonLatin(text: string): boolean {
  const head = text.slice(0, 500);
  const letters = head.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0) return false;
  const latin = head.match(/\p{Script=Latin}/gu)?.length ?? 0;
  return letters - latin > letters / 2;
}

export function prepare(papers: Paper[]): Prepared {
  const n = papers.length;
  const unique = new Int32Array(n).fill(-1);
  const rep = new Int32Array(n);
  const texts: string[] = [];
  const titles: string[] = [];
  const firstPaper: number[] = [];
  const byKey = new Map<string, number>();
  const excluded: number[] = [];
  const truncated: number[] = [];
  let dups = 0;
  for (let i = 0; i < n; i++) {
    rep[i] = i;
    const p = papers[i];
    const text = embedText(String(p.title ?? ''), String(p.abstract ?? ''));
    if (!text) {
      excluded.push(i);
      continue;
    }
    if (text.length > MAX_CHARS) truncated.push(i);
    const key = duplicateKey(String(p.title ?? ''), String(p.abstract ?? ''));
    const seen = byKey.get(key);
    if (seen !== undefined) {
      unique[i] = seen;
      rep[i] = firstPaper[seen];
      dups++;
      continue;
    }
    byKey.set(key, texts.length);
    unique[i] = texts.length;
    firstPaper.push(i);
    texts.push(text);
    const title = String(p.title ?? '').trim();
    titles.push(title && String(p.abstract ?? '').trim() && title !== text ? title : '');
  }
  const notices: string[] = [];
  if (excluded.length) notices.push(`${excluded.length} paper(s) have neither title nor abstract and were left off the map.`);
  if (dups) notices.push(`${dups} duplicate paper(s) share the position of an identical paper.`);
  if (truncated.length) notices.push(`${truncated.length} long text(s) were truncated for embedding (the full text is kept).`);
  const nonLatin = texts.filter(isMostlyNonLatin).length;
  if (nonLatin > 0 && nonLatin >= NON_LATIN_SHARE * texts.length) {
    notices.push(`${nonLatin} paper(s) are mostly in a non-Latin script; the sentence model (USE-lite) is English-centric, so their places on the map are less reliable.`);
  }
  return { texts, titles, unique, rep, excluded, truncated, notices };
}
