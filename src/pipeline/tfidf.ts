/**
 * TF-IDF over words and 2-3-word phrases (see terms.ts), as a sparse CSR matrix.
 * Sublinear tf (1 + ln tf), smooth idf (ln((1+n)/(1+df)) + 1), rows L2-normalised,
 * min_df 2 (1 below 20 documents), max_df 0.5 (off below 20 documents).
 * Also keeps raw per-document counts and the most frequent surface form of each
 * term, which the label stage reuses.
 *
 * Memory at 50k abstracts: texts are tokenised once into word ids (Int32); most
 * distinct phrases occur in one document only, so before any phrase string is
 * made, a count-min sketch of occurrence counts (an upper bound of df) rules out
 * every term that cannot reach min_df. Only the survivors are counted exactly.
 * Columns keep the order of first occurrence, as counting every term would give.
 */
import { surfaceOf } from './terms.ts';
import { forEachTerm, grow, keyOf, sketch, TermTable, tokenise } from './term-index.ts';

export interface Csr {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

export interface TermMatrix {
  /** Term keys (stemmed), by column. */
  keys: string[];
  /** Readable surface form per column (most frequent as written). */
  surface: string[];
  /** Number of words in each term (1-3). */
  nWords: Uint8Array;
  /** Document frequency per column. */
  df: Int32Array;
  /** Raw term counts per document. */
  counts: Csr;
  /** TF-IDF weights per document, rows L2-normalised (zero rows stay zero). */
  tfidf: Csr;
}

export interface TfidfOptions {
  minDf?: number;
  maxDf?: number;
  maxN?: number;
  /** Times the title's terms are counted (title = text before the first ". "), default 1. */
  titleWeight?: number;
}

export function buildTermMatrix(texts: string[], opts: TfidfOptions = {}): TermMatrix {
  const n = texts.length;
  const minDf = opts.minDf ?? (n < 20 ? 1 : 2);
  const maxDf = opts.maxDf ?? (n < 20 ? 1 : 0.5);
  const maxN = opts.maxN ?? 3;
  const tw = opts.titleWeight ?? 1;
  const tk = tokenise(texts);
  const upper = minDf > 1 && minDf <= 255 ? sketch(tk, n, maxN) : () => 255;
  // One pass over the terms the sketch lets through: exact df, per-document counts
  // and surface forms, by candidate id (ids follow the order of first occurrence).
  const cand = new TermTable(tk);
  const surfaces = new Surfaces(texts);
  let dfC = new Int32Array(1024);
  let acc = new Float64Array(1024);
  let touched = new Int32Array(1024);
  const indptr = new Int32Array(n + 1);
  let idx = new Int32Array(1 << 16);
  let cnt = new Float32Array(1 << 16);
  let nnz = 0;
  for (let d = 0; d < n; d++) {
    let nt = 0;
    const add = (c: number, w: number) => {
      if (acc[c] === 0) touched[nt++] = c;
      acc[c] += w;
    };
    forEachTerm(tk, d, maxN, tk.docPtr[d + 1], (i, len, h) => {
      if (upper(h) < minDf) return;
      const c = cand.find(i, len, h, true);
      if (c === dfC.length) {
        dfC = grow(dfC);
        touched = grow(touched);
        const a2 = new Float64Array(acc.length * 2);
        a2.set(acc);
        acc = a2;
      }
      add(c, 1);
      surfaces.add(c, d, tk.start[i], tk.end[i + len - 1]);
    });
    if (tw > 1) {
      // The title's terms are the terms of its tokens (they end before the first ". ").
      const limit = titleLength(texts[d]);
      let e = tk.docPtr[d];
      while (e < tk.docPtr[d + 1] && tk.end[e] <= limit) e++;
      forEachTerm(tk, d, maxN, e, (i, len, h) => {
        if (upper(h) >= minDf) add(cand.find(i, len, h, false), tw - 1);
      });
    }
    const row = touched.subarray(0, nt).sort();
    if (nnz + nt > idx.length) {
      const size = Math.max(idx.length * 2, nnz + nt);
      const [i2, c2] = [new Int32Array(size), new Float32Array(size)];
      i2.set(idx.subarray(0, nnz));
      c2.set(cnt.subarray(0, nnz));
      [idx, cnt] = [i2, c2];
    }
    for (const c of row) {
      dfC[c]++;
      idx[nnz] = c;
      cnt[nnz++] = acc[c];
      acc[c] = 0;
    }
    indptr[d + 1] = nnz;
  }
  // Keep the candidates within [min_df, max_df]; column ids rise with candidate ids, so rows stay sorted.
  const maxCount = Math.max(1, Math.floor(maxDf * n));
  const colOf = new Int32Array(cand.size).fill(-1);
  const keys: string[] = [];
  for (let c = 0; c < cand.size; c++) {
    if (dfC[c] >= minDf && (dfC[c] <= maxCount || maxDf >= 1)) {
      colOf[c] = keys.length;
      keys.push(keyOf(tk, cand.pos[c], cand.len[c]));
    }
  }
  let q = 0;
  for (let d = 0, p = 0; d < n; d++) {
    for (; p < indptr[d + 1]; p++) {
      const c = colOf[idx[p]];
      if (c < 0) continue;
      idx[q] = c;
      cnt[q++] = cnt[p];
    }
    indptr[d + 1] = q;
  }
  nnz = q;
  const indices = idx.slice(0, nnz);
  const counts: Csr = { rows: n, cols: keys.length, indptr, indices, values: cnt.slice(0, nnz) };
  const df = new Int32Array(keys.length);
  for (let p = 0; p < nnz; p++) df[indices[p]]++;
  const values = new Float32Array(nnz);
  for (let i = 0; i < n; i++) {
    let ss = 0;
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const v = (1 + Math.log(counts.values[p])) * (Math.log((1 + n) / (1 + df[indices[p]])) + 1);
      values[p] = v;
      ss += v * v;
    }
    const inv = ss > 0 ? 1 / Math.sqrt(ss) : 0;
    for (let p = indptr[i]; p < indptr[i + 1]; p++) values[p] *= inv;
  }
  const nWords = Uint8Array.from(keys, (k) => k.split(' ').length);
  return { keys, surface: surfaces.pick(colOf, keys.length), nWords, df, counts, tfidf: { ...counts, values } };
}

/**
 * Surface-form counts per column. Nearly every term is always written the same
 * way, so a column holds its first form and count; a Map appears only when a
 * second form does. pick() = most frequent form, ties → smallest string.
 */
class Surfaces {
  private first: string[] = [];
  /** Where the first form was seen: document, character start and end. */
  private at = new Int32Array(3 * 1024);
  private firstN = new Int32Array(1024);
  private more = new Map<number, Map<string, number>>();
  constructor(private texts: string[]) {}
  /** Counts the form of an occurrence of term c (ids arrive in order: a new id is first.length). */
  add(c: number, d: number, start: number, end: number): void {
    const text = this.texts[d];
    if (c >= this.first.length) {
      if (c === this.firstN.length) [this.firstN, this.at] = [grow(this.firstN), grow(this.at)];
      this.first.push(surfaceOf(text, start, end));
      this.firstN[c] = 1;
      this.at.set([d, start, end], c * 3);
      return;
    }
    if (this.sameSpan(c, text, start, end)) {
      this.firstN[c]++;
      return;
    }
    const s = surfaceOf(text, start, end);
    if (s === this.first[c]) this.firstN[c]++;
    else {
      let m = this.more.get(c);
      if (!m) this.more.set(c, (m = new Map()));
      m.set(s, (m.get(s) ?? 0) + 1);
    }
  }
  /** The span is written exactly as the first form's (so has the same surface); compared in place, no slicing. */
  private sameSpan(c: number, text: string, start: number, end: number): boolean {
    const [d0, s0, e0] = [this.at[c * 3], this.at[c * 3 + 1], this.at[c * 3 + 2]];
    if (e0 - s0 !== end - start) return false;
    const t0 = this.texts[d0];
    for (let j = 0; j < end - start; j++) if (t0.charCodeAt(s0 + j) !== text.charCodeAt(start + j)) return false;
    return true;
  }
  /** Surface per kept column: colOf maps ids to columns (-1 = dropped). */
  pick(colOf: Int32Array, cols: number): string[] {
    const out = new Array<string>(cols);
    for (let c = 0; c < colOf.length; c++) {
      if (colOf[c] < 0) continue;
      let [best, bestN] = [this.first[c], this.firstN[c]];
      for (const [t, k] of this.more.get(c) ?? []) if (k > bestN || (k === bestN && t < best)) [best, bestN] = [t, k];
      out[colOf[c]] = best;
    }
    return out;
  }
}

/** Characters of the title part of an embedded text ("Title. Abstract"). */
function titleLength(text: string): number {
  const i = text.indexOf('. ');
  return i < 0 ? text.length : i;
}
