/**
 * Coarse level for zoomed-out labels: fine clusters are merged agglomeratively
 * by their kNN connectivity (summed fuzzy edge weight between two groups divided
 * by the product of their volumes: observed over expected, as in modularity, so
 * a growing group does not swallow the rest), the most connected pair first,
 * until areaTarget(#fine) groups remain (fewer merges when that would leave
 * fewer than two areas of several topics). Deterministic; made only when there
 * are at least 6 fine clusters.
 */
import type { Knn } from './knn.ts';
import { fuzzyEdges } from './fuzzy.ts';
import { minOf } from '../util/array.ts';

export interface Coarse {
  /** Coarse cluster per row (-1 for outliers). */
  assignment: Int32Array;
  count: number;
  /** Coarse id per fine cluster id. */
  parentOf: Int32Array;
}

/**
 * Number of broad areas for nFine topics: ceil(sqrt(nFine / 2)), about twice as many topics
 * per area as areas (2 areas for 6-8 topics, 3 for 9-18, 4 for 19-32). Measured with
 * bench/tree-tune.ts against arXiv categories (top-level NMI, seeds 42/1/2): arxiv-sample-993
 * 0.309/0.279/0.286 with ceil(sqrt(nFine)) → 0.337/0.303/0.318; keywords only, arxiv-sample-993
 * 0.256/0.226 → 0.307/0.251 and the first 2,500 rows of arxiv-cs-50k 0.266/0.228 → 0.260/0.250.
 */
export function areaTarget(nFine: number): number {
  return Math.max(2, Math.ceil(Math.sqrt(nFine / 2)));
}

export function coarseClusters(knn: Knn, fine: Int32Array, nFine: number, o: { k: number }): Coarse | undefined {
  if (nFine < 6) return undefined;
  const n = knn.n;
  const between = new Float64Array(nFine * nFine);
  const vol = new Float64Array(nFine);
  for (const [key, w] of fuzzyEdges(knn, Math.min(o.k, knn.k))) {
    const a = fine[Math.floor(key / n)];
    const b = fine[key % n];
    if (a < 0 || b < 0) continue;
    vol[a] += w;
    vol[b] += w;
    if (a !== b) {
      between[a * nFine + b] += w;
      between[b * nFine + a] += w;
    }
  }
  // groups[g] = fine ids; merged by the strongest normalised association.
  let groups = Array.from({ length: nFine }, (_, c) => [c]);
  const target = areaTarget(nFine);
  const link = (ga: number[], gb: number[]) => {
    let w = 0;
    let va = 0;
    let vb = 0;
    for (const a of ga) {
      va += vol[a];
      for (const b of gb) w += between[a * nFine + b];
    }
    for (const b of gb) vb += vol[b];
    return va > 0 && vb > 0 ? w / (va * vb) : 0;
  };
  // States on the way down, from ceil(sqrt(nFine)) groups to the target: when the target leaves
  // fewer than two areas of several topics (one area swallowed all but lone topics, which stand
  // at the top alone), the last state before that is used instead.
  const widest = Math.max(target, Math.ceil(Math.sqrt(nFine)));
  const states = new Map<number, number[][]>();
  const multi = (gs: number[][]) => gs.filter((g) => g.length > 1).length;
  while (groups.length > target) {
    if (groups.length <= widest) states.set(groups.length, groups);
    let best = -1;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < groups.length; i++)
      for (let j = i + 1; j < groups.length; j++) {
        const l = link(groups[i], groups[j]);
        if (l > best) [best, bi, bj] = [l, i, j];
      }
    if (best <= 0) break;
    groups = groups.filter((_, g) => g !== bj).map((g, idx) => (idx === bi ? [...g, ...groups[bj]] : g));
  }
  for (let count = groups.length + 1; multi(groups) < 2 && count <= widest; count++) if (states.has(count) && multi(states.get(count)!) >= 2) groups = states.get(count)!;
  if (groups.length <= 1 || groups.length >= nFine) return undefined;
  // Number coarse groups by their largest (lowest-id) fine cluster.
  groups.sort((a, b) => minOf(a) - minOf(b));
  const parentOf = new Int32Array(nFine);
  groups.forEach((g, id) => g.forEach((c) => (parentOf[c] = id)));
  const assignment = Int32Array.from(fine, (c) => (c < 0 ? -1 : parentOf[c]));
  return { assignment, count: groups.length, parentOf };
}
