/**
 * Label stage: class-based TF-IDF (c-TF-IDF) over words and 2-3-word phrases.
 * For cluster c and term t: score = (Σ_{d∈c} (1 + ln tf_d(t)) / n_c) · ln(1 + N / df(t)).
 * Sublinear tf keeps the signal of a term an abstract keeps returning to (its
 * subject) while one paper repeating a word cannot name a cluster; terms must
 * also occur in ≥ 2 of the cluster's papers when it has more than 2.
 * A candidate inside a chosen phrase, or sharing a word with a chosen term, is
 * skipped; a phrase scoring nearly as well as the chosen words it contains
 * replaces them ("winning tickets" over "tickets · winning"). The first
 * keyphrase is never reused by another cluster (larger clusters choose first).
 */
import type { TermMatrix } from './tfidf.ts';
import { maxOf } from '../util/array.ts';

/** A phrase replaces a chosen word it contains when it scores at least this fraction of the word. */
const PHRASE_OVER_WORD = 0.6;

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
  const tfc: Map<number, number>[] = Array.from({ length: nClusters }, () => new Map());
  const { indptr, indices, values } = tm.counts;
  for (let i = 0; i < n; i++) {
    const c = assignment[i];
    if (c < 0) continue;
    const m = dfc[c];
    const f = tfc[c];
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      m.set(indices[p], (m.get(indices[p]) ?? 0) + 1);
      f.set(indices[p], (f.get(indices[p]) ?? 0) + 1 + Math.log(values[p]));
    }
  }
  const order = Array.from({ length: nClusters }, (_, c) => c).sort((a, b) => size[b] - size[a] || a - b);
  const usedFirst = new Set<string>();
  const out: ClusterLabel[] = new Array(nClusters);
  for (const c of order) {
    const minDf = size[c] > 2 ? 2 : 1;
    const cands: { t: number; s: number }[] = [];
    for (const [t, d] of dfc[c]) {
      if (d < minDf) continue;
      cands.push({ t, s: (tfc[c].get(t)! / size[c]) * Math.log(1 + n / tm.df[t]) });
    }
    cands.sort((a, b) => b.s - a.s || a.t - b.t);
    const chosen: number[] = [];
    const score = new Map(cands.map((x) => [x.t, x.s]));
    const within = (a: number, b: number) => ` ${tm.keys[b]} `.includes(` ${tm.keys[a]} `);
    for (const { t, s } of cands.slice(0, 200)) {
      const sub = chosen.findIndex((u) => within(t, u));
      if (sub >= 0) continue; // t is part of a better phrase already chosen
      const words = tm.keys[t].split(' ');
      const overlaps = (u: number) => tm.keys[u].split(' ').some((w) => words.includes(w)) || abbreviates(tm.keys[u], tm.keys[t]) || abbreviates(tm.keys[t], tm.keys[u]);
      const parts = chosen.filter((u) => within(u, t));
      if (parts.length) {
        if (chosen.some((u) => !parts.includes(u) && overlaps(u))) continue;
        // A phrase nearly as strong as the chosen words it contains says more ("winning tickets"
        // over "tickets · winning"), unless that would repeat another cluster's first keyphrase.
        const firstOk = !parts.includes(chosen[0]) || !usedFirst.has(tm.surface[t].toLowerCase());
        if (firstOk && s >= PHRASE_OVER_WORD * maxOf(parts.map((u) => score.get(u)!))) {
          chosen[chosen.indexOf(parts[0])] = t;
          for (const u of parts.slice(1)) chosen.splice(chosen.indexOf(u), 1);
        }
        continue;
      }
      if (chosen.some(overlaps)) continue; // shares a word with a chosen term
      if (chosen.length >= maxTerms) continue;
      if (chosen.length === 0 && usedFirst.has(tm.surface[t].toLowerCase())) continue;
      chosen.push(t);
    }
    const terms = chosen.map((t) => tm.surface[t]);
    if (terms.length) usedFirst.add(terms[0].toLowerCase());
    out[c] = { terms, label: terms.length ? terms.join(' · ') : `Cluster ${c + 1}` };
  }
  return out;
}

/** True when a one-word key is the initials of a phrase key ("llm" and "larg languag model"). */
function abbreviates(short: string, long: string): boolean {
  const parts = long.split(' ');
  return !short.includes(' ') && parts.length >= 2 && parts.map((w) => w[0]).join('') === short;
}
