/**
 * Label stage: class-based TF-IDF (c-TF-IDF) over words and 2-3-word phrases.
 * For cluster c and term t: score = (df_c(t) / n_c) · ln(1 + N / df(t)), with
 * document frequencies (a term repeated in one abstract counts once, so one
 * paper cannot name a cluster). Terms must occur in ≥ 2 of the cluster's papers
 * when it has more than 2. A candidate is dropped when it is a sub-phrase of a
 * chosen term or contains one; the first keyphrase is never reused by another
 * cluster (larger clusters choose first).
 */
import type { TermMatrix } from './tfidf.ts';

export interface ClusterLabel {
  terms: string[];
  label: string;
}

export interface LabelOptions {
  maxTerms?: number;
  minTerms?: number;
}

export function labelClusters(tm: TermMatrix, assignment: Int32Array, nClusters: number, opts: LabelOptions = {}): ClusterLabel[] {
  const maxTerms = opts.maxTerms ?? 3;
  const n = assignment.length;
  const size = new Int32Array(nClusters);
  for (const c of assignment) if (c >= 0) size[c]++;
  // df per cluster, sparse: Map term → count.
  const dfc: Map<number, number>[] = Array.from({ length: nClusters }, () => new Map());
  const { indptr, indices } = tm.counts;
  for (let i = 0; i < n; i++) {
    const c = assignment[i];
    if (c < 0) continue;
    const m = dfc[c];
    for (let p = indptr[i]; p < indptr[i + 1]; p++) m.set(indices[p], (m.get(indices[p]) ?? 0) + 1);
  }
  const order = Array.from({ length: nClusters }, (_, c) => c).sort((a, b) => size[b] - size[a] || a - b);
  const usedFirst = new Set<string>();
  const out: ClusterLabel[] = new Array(nClusters);
  for (const c of order) {
    const minDf = size[c] > 2 ? 2 : 1;
    const cands: { t: number; s: number }[] = [];
    for (const [t, d] of dfc[c]) {
      if (d < minDf) continue;
      cands.push({ t, s: (d / size[c]) * Math.log(1 + n / tm.df[t]) });
    }
    cands.sort((a, b) => b.s - a.s || a.t - b.t);
    const chosen: number[] = [];
    for (const { t } of cands) {
      if (chosen.length >= maxTerms) break;
      const key = ` ${tm.keys[t]} `;
      if (chosen.some((u) => key.includes(` ${tm.keys[u]} `) || ` ${tm.keys[u]} `.includes(key))) continue;
      if (chosen.length === 0 && usedFirst.has(tm.surface[t].toLowerCase())) continue;
      chosen.push(t);
    }
    const terms = chosen.map((t) => tm.surface[t]);
    if (terms.length) usedFirst.add(terms[0].toLowerCase());
    out[c] = { terms, label: terms.length ? terms.join(' · ') : `Cluster ${c + 1}` };
  }
  return out;
}
