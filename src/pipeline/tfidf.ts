/**
 * TF-IDF over words and 2-3-word phrases (see terms.ts), as a sparse CSR matrix.
 * Sublinear tf (1 + ln tf), smooth idf (ln((1+n)/(1+df)) + 1), rows L2-normalised,
 * min_df 2 (1 below 20 documents), max_df 0.5 (off below 20 documents).
 * Also keeps raw per-document counts and the most frequent surface form of each
 * term, which the label stage reuses.
 */
import { extractTerms } from './terms.ts';

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
  const docs = texts.map((t) => extractTerms(t, maxN));
  const dfAll = new Map<string, number>();
  for (const d of docs) for (const k of new Set(d.map((t) => t.key))) dfAll.set(k, (dfAll.get(k) ?? 0) + 1);
  const maxCount = Math.max(1, Math.floor(maxDf * n));
  const col = new Map<string, number>();
  const keys: string[] = [];
  for (const [k, df] of dfAll) {
    if (df >= minDf && (df <= maxCount || maxDf >= 1)) {
      col.set(k, keys.length);
      keys.push(k);
    }
  }
  const surfaces: Map<string, number>[] = keys.map(() => new Map());
  const indptr = new Int32Array(n + 1);
  const idx: number[] = [];
  const cnt: number[] = [];
  const tw = opts.titleWeight ?? 1;
  docs.forEach((d, i) => {
    const row = new Map<number, number>();
    const add = (terms: typeof d, w: number, first: boolean) => {
      for (const t of terms) {
        const c = col.get(t.key);
        if (c === undefined) continue;
        row.set(c, (row.get(c) ?? 0) + w);
        if (first) surfaces[c].set(t.surface, (surfaces[c].get(t.surface) ?? 0) + 1);
      }
    };
    add(d, 1, true);
    if (tw > 1) add(extractTerms(texts[i].slice(0, titleLength(texts[i])), maxN), tw - 1, false);
    for (const [c, v] of [...row].sort((a, b) => a[0] - b[0])) {
      idx.push(c);
      cnt.push(v);
    }
    indptr[i + 1] = idx.length;
  });
  const df = new Int32Array(keys.length);
  for (const c of idx) df[c]++;
  const counts: Csr = { rows: n, cols: keys.length, indptr, indices: Int32Array.from(idx), values: Float32Array.from(cnt) };
  const values = new Float32Array(cnt.length);
  for (let i = 0; i < n; i++) {
    let ss = 0;
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const v = (1 + Math.log(cnt[p])) * (Math.log((1 + n) / (1 + df[idx[p]])) + 1);
      values[p] = v;
      ss += v * v;
    }
    const inv = ss > 0 ? 1 / Math.sqrt(ss) : 0;
    for (let p = indptr[i]; p < indptr[i + 1]; p++) values[p] *= inv;
  }
  const surface = surfaces.map((m) => pickSurface(m));
  const nWords = Uint8Array.from(keys, (k) => k.split(' ').length);
  return { keys, surface, nWords, df, counts, tfidf: { ...counts, values } };
}

/** Characters of the title part of an embedded text ("Title. Abstract"). */
function titleLength(text: string): number {
  const i = text.indexOf('. ');
  return i < 0 ? text.length : i;
}

function pickSurface(m: Map<string, number>): string {
  let best = '';
  let bestN = -1;
  for (const [s, c] of m) if (c > bestN || (c === bestN && s < best)) [best, bestN] = [s, c];
  return best;
}
