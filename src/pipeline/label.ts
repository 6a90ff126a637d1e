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
  /** Term keys (stemmed) behind `terms`, so children can avoid repeating them. */
  keys: string[];
  /** Label honesty: share of the cluster's rows containing at least one label term (0..1). */
  honesty: number;
  /** True when no term is shared by MIXED_BELOW of the papers: the label says "Mixed". */
  mixed: boolean;
}

export interface LabelOptions {
  maxTerms?: number;
  minTerms?: number;
  /**
   * Label against the siblings: the assigned rows (>= 0) are the parent's papers, and a
   * term's weight is its rarity among them (times the square root of its corpus rarity,
   * so words common to the whole field stay out). Default false: against the corpus.
   */
  contrast?: boolean;
  /** Per cluster: term keys not to repeat (the ancestors' label keys). */
  exclude?: (c: number) => string[];
  /** First keyphrases already used at this level (shared across sibling groups); updated. */
  usedFirst?: Set<string>;
}

/** Honesty the label aims for: while fewer papers contain a label term, a covering term replaces the last one. */
export const HONESTY_TARGET = 0.8;
/**
 * A label that no choice of maxTerms terms brings to the honesty target may take this many
 * terms more. Measured with bench/tree-tune.ts (median honesty areas / topics / subtopics,
 * seed 42): arxiv-sample-993 0.767 / 0.800 / 0.842 with the old rule (stop at 0.7, no extra
 * term) → 0.803 / 0.817 / 0.832; ml-topics-13-dev 0.867 / 0.960 / 0.866 → 0.897 / 0.960 / 0.866.
 */
const HONESTY_EXTRA_TERMS = 1;
/** A cluster none of whose terms reaches this share of its papers is labelled as mixed. */
export const MIXED_BELOW = 0.34;
/** See `repeats` in labelClusters. */
const REPEAT_LIFT = 1.5;
/** Smallest cluster that can be called mixed. */
const MIXED_MIN_SIZE = 8;

export function labelClusters(tm: TermMatrix, assignment: Int32Array, nClusters: number, opts: LabelOptions = {}): ClusterLabel[] {
  const maxTerms = opts.maxTerms ?? 3;
  const n = assignment.length;
  const rowsOf: number[][] = Array.from({ length: nClusters }, () => []);
  for (let i = 0; i < n; i++) if (assignment[i] >= 0 && assignment[i] < nClusters) rowsOf[assignment[i]].push(i);
  const size = new Int32Array(nClusters);
  for (const c of assignment) if (c >= 0) size[c]++;
  // Per term: parent-relative document frequency (contrast mode: the assigned rows are the parent).
  const { indptr, indices, values } = tm.counts;
  let dfP: Int32Array | undefined;
  let nP = 0;
  if (opts.contrast) {
    dfP = new Int32Array(tm.keys.length);
    for (let c = 0; c < nClusters; c++) {
      nP += size[c];
      for (const r of rowsOf[c]) for (let p = indptr[r]; p < indptr[r + 1]; p++) dfP[indices[p]]++;
    }
  }
  // The cluster being labelled: its document frequency and summed sublinear tf per term, in dense
  // arrays reset after each cluster (Maps per cluster cost tens of seconds at 50,000 papers).
  const dfc = new Int32Array(tm.keys.length);
  const tfc = new Float64Array(tm.keys.length);
  let touched: number[] = [];
  const count = (c: number) => {
    for (const t of touched) {
      dfc[t] = 0;
      tfc[t] = 0;
    }
    touched = [];
    for (const r of rowsOf[c]) {
      for (let p = indptr[r]; p < indptr[r + 1]; p++) {
        const t = indices[p];
        if (dfc[t] === 0) touched.push(t);
        dfc[t]++;
        tfc[t] = tfc[t] + 1 + Math.log(values[p]);
      }
    }
  };
  const idf = (t: number) =>
    dfP ? Math.log(1 + nP / Math.max(1, dfP[t] || 1)) * Math.sqrt(Math.log(1 + n / tm.df[t])) : Math.log(1 + n / tm.df[t]);
  const order = Array.from({ length: nClusters }, (_, c) => c).sort((a, b) => size[b] - size[a] || a - b);
  const usedFirst = opts.usedFirst ?? new Set<string>();
  const out: ClusterLabel[] = new Array(nClusters);
  for (const c of order) {
    count(c);
    const minDf = size[c] > 2 ? 2 : 1;
    const avoid = (opts.exclude?.(c) ?? []).map((k) => k.split(' '));
    // An ancestor's term is repeated only where it is this node's own theme: the ancestor
    // term's share here at least REPEAT_LIFT times its share among the siblings
    // ("Compression: pruning · quantization › quantization"); a term spread over the
    // siblings is not repeated, alone or inside a phrase.
    const lift = (key: string) => {
      const u = columnOf(tm).get(key);
      if (u === undefined || !dfP || !nP) return 0;
      const here = dfc[u] / Math.max(1, size[c]);
      return here >= 0.5 ? here / Math.max(1e-9, dfP[u] / nP) : 0;
    };
    const repeats = (t: number) => {
      const words = tm.keys[t].split(' ');
      const hit = avoid.filter((a) => a.some((w) => words.includes(w)) || abbreviates(a.join(' '), tm.keys[t]) || abbreviates(tm.keys[t], a.join(' ')));
      return hit.some((a) => lift(a.join(' ')) < REPEAT_LIFT);
    };
    const cands: { t: number; s: number }[] = [];
    for (const t of touched) {
      if (dfc[t] < minDf || repeats(t)) continue;
      cands.push({ t, s: (tfc[t] / size[c]) * idf(t) });
    }
    cands.sort((a, b) => b.s - a.s || a.t - b.t);
    const chosen: number[] = [];
    const score = new Map(cands.map((x) => [x.t, x.s]));
    const within = (a: number, b: number) => ` ${tm.keys[b]} `.includes(` ${tm.keys[a]} `);
    for (const { t, s } of cands.slice(0, 200)) {
      const sub = chosen.findIndex((u) => within(t, u));
      if (sub >= 0) continue; // t is part of a better phrase already chosen
      const overlaps = (u: number) => sharesWord(tm.keys[u], tm.keys[t]) || abbreviates(tm.keys[u], tm.keys[t]) || abbreviates(tm.keys[t], tm.keys[u]);
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
    const covered = (ts: number[]) => coverage(tm, rowsOf[c], ts);
    let honesty = covered(chosen);
    // Honesty: when too few papers contain a label term, the last terms give way to the
    // candidates (among the 60 best, distinct from the others) that cover the most papers:
    // first only the last term, then the last two, ... keeping as many best-scored terms as
    // reach the target; when no label of maxTerms terms does, the same with one term more
    // (HONESTY_EXTRA_TERMS); else the best cover found.
    if (honesty < HONESTY_TARGET && chosen.length && size[c] > 2) {
      const pool = cands.slice(0, 60).filter(({ s }) => s >= 0.25 * cands[0].s);
      // Hundreds of covers are asked below: from bitsets of the rows holding each candidate (one pass over the
      // cluster's rows), not a pass per question (a 5,000-paper cluster took seconds that way).
      const cover = coverIndex(tm, rowsOf[c], [...chosen, ...pool.map(({ t }) => t)]);
      const clash = (a: number, b: number) => a === b || sharesWord(tm.keys[a], tm.keys[b]) || abbreviates(tm.keys[a], tm.keys[b]) || abbreviates(tm.keys[b], tm.keys[a]);
      let best: number[] | undefined;
      let bestCover = honesty;
      // Within maxTerms first; one more term only when no label of maxTerms reaches the target.
      search: for (let cap = maxTerms; cap <= maxTerms + HONESTY_EXTRA_TERMS; cap++) {
        for (let keepN = Math.min(chosen.length, cap - 1); keepN >= 1; keepN--) {
          const pick = chosen.slice(0, keepN);
          while (pick.length < cap && cover(pick) < HONESTY_TARGET) {
            let next = -1;
            let nextCover = cover(pick);
            for (const { t } of pool) {
              if (pick.some((u) => clash(u, t))) continue;
              const cov = cover([...pick, t]);
              if (cov > nextCover + 1e-9) [next, nextCover] = [t, cov];
            }
            if (next < 0) break;
            pick.push(next);
          }
          const cov = cover(pick);
          // The most best-scored terms that reach the target win over a fuller cover by vaguer words.
          if (cov >= HONESTY_TARGET) {
            [best, bestCover] = [pick, cov];
            break search;
          }
          if (cov > bestCover + 1e-9) [best, bestCover] = [pick, cov];
        }
      }
      if (best) {
        chosen.splice(0, chosen.length, ...best); // spread-ok: at most maxTerms terms
        honesty = bestCover;
      }
    }
    const topShare = chosen.reduce((m, t) => Math.max(m, dfc[t] / Math.max(1, size[c])), 0);
    const mixed = size[c] >= MIXED_MIN_SIZE && chosen.length > 0 && topShare < MIXED_BELOW;
    const terms = chosen.map((t) => tm.surface[t]);
    if (terms.length) usedFirst.add(terms[0].toLowerCase());
    const label = terms.length ? (mixed ? `Mixed: ${terms.join(' · ')}` : terms.join(' · ')) : `Cluster ${c + 1}`;
    out[c] = { terms, keys: chosen.map((t) => tm.keys[t]), label, honesty, mixed };
  }
  return out;
}

/**
 * `coverage` for many questions about one set of rows and a known pool of terms: a bitset of
 * the rows holding each term, built in one pass; a question ORs the bitsets. Terms outside
 * the pool are answered by `coverage`.
 */
export function coverIndex(tm: TermMatrix, rows: number[], pool: number[]): (terms: number[]) => number {
  const words = (rows.length + 31) >>> 5;
  const slot = new Map<number, number>();
  for (const t of pool) if (!slot.has(t)) slot.set(t, slot.size);
  const bits = new Uint32Array(slot.size * words);
  const { indptr, indices } = tm.counts;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    for (let p = indptr[r]; p < indptr[r + 1]; p++) {
      const s = slot.get(indices[p]);
      if (s !== undefined) bits[s * words + (k >>> 5)] |= 1 << (k & 31);
    }
  }
  const acc = new Uint32Array(words);
  return (terms) => {
    if (!rows.length) return 1;
    if (!terms.length) return 0;
    if (terms.some((t) => !slot.has(t))) return coverage(tm, rows, terms);
    acc.fill(0);
    for (const t of terms) {
      const o = slot.get(t)! * words;
      for (let w = 0; w < words; w++) acc[w] |= bits[o + w];
    }
    let hit = 0;
    for (let w = 0; w < words; w++) {
      let v = acc[w];
      v -= (v >>> 1) & 0x55555555;
      v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
      hit += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return hit / rows.length;
  };
}

/** Share of `rows` whose counts contain at least one of `terms` (1 for no rows). */
export function coverage(tm: TermMatrix, rows: number[], terms: number[]): number {
  if (!rows.length) return 1;
  if (!terms.length) return 0;
  const want = new Set(terms);
  const { indptr, indices } = tm.counts;
  let hit = 0;
  for (const r of rows) {
    for (let p = indptr[r]; p < indptr[r + 1]; p++) {
      if (want.has(indices[p])) {
        hit++;
        break;
      }
    }
  }
  return hit / rows.length;
}

const columns = new WeakMap<TermMatrix, Map<string, number>>();
/** Column of each term key (memoised per matrix). */
function columnOf(tm: TermMatrix): Map<string, number> {
  let m = columns.get(tm);
  if (!m) {
    m = new Map(tm.keys.map((k, i) => [k, i]));
    columns.set(tm, m);
  }
  return m;
}

/**
 * True when two keys share a word, counting a word that begins another of 4+ letters as the
 * same ("explain" and "explainabl", "predict" and "prediction"): one label never shows both.
 */
function sharesWord(a: string, b: string): boolean {
  const wb = b.split(' ');
  return a.split(' ').some((x) => wb.some((y) => x === y || (Math.min(x.length, y.length) >= 4 && (x.startsWith(y) || y.startsWith(x)))));
}

/** True when a one-word key is the initials of a phrase key ("llm" and "larg languag model"). */
function abbreviates(short: string, long: string): boolean {
  if (short.length < 2 || short.includes(' ')) return false;
  // One initial per word: only a phrase of exactly short.length words can match (checked before splitting).
  let words = 1;
  for (let i = 0; i < long.length; i++) if (long.charCodeAt(i) === 32) words++;
  if (words !== short.length) return false;
  const parts = long.split(' ');
  return parts.every((w, i) => w[0] === short[i]);
}
