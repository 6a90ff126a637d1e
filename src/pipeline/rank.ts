/**
 * Rank stage: clusters renumbered by size (largest = 0), members sorted by
 * cosine to the cluster centroid in the representation (most representative
 * first), and a dense 2-D centre for the label: the medoid of the top-ranked
 * third of the members (at least 3), which stays inside the cluster even when
 * UMAP splits it or a few members stray.
 */
import type { Representation } from './represent.ts';

export interface RankedCluster {
  /** Row indices (into the representation), most representative first. */
  members: number[];
  cx: number;
  cy: number;
}

export interface Ranked {
  /** Cluster per row, renumbered 0..c-1 by size descending; -1 kept. */
  assignment: Int32Array;
  clusters: RankedCluster[];
}

export function rankClusters(rep: Representation, assignment: Int32Array, x: Float32Array, y: Float32Array): Ranked {
  const { data, dim, n } = rep;
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const c = assignment[i];
    if (c < 0) continue;
    if (!groups.has(c)) groups.set(c, []);
    groups.get(c)!.push(i);
  }
  const sorted = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0] - b[0]);
  const renum = new Map(sorted.map(([c], r) => [c, r]));
  const out = Int32Array.from(assignment, (c) => (c < 0 ? -1 : renum.get(c)!));
  const clusters = sorted.map(([, members]) => {
    const centroid = new Float64Array(dim);
    for (const i of members) for (let j = 0; j < dim; j++) centroid[j] += data[i * dim + j];
    const score = new Map<number, number>();
    for (const i of members) {
      let s = 0;
      for (let j = 0; j < dim; j++) s += data[i * dim + j] * centroid[j];
      score.set(i, s);
    }
    const ordered = [...members].sort((a, b) => score.get(b)! - score.get(a)! || a - b);
    const top = ordered.slice(0, Math.max(3, Math.ceil(ordered.length / 3)));
    let best = top[0];
    let bestD = Infinity;
    for (const a of top) {
      let d = 0;
      for (const b of top) d += Math.hypot(x[a] - x[b], y[a] - y[b]);
      if (d < bestD) [best, bestD] = [a, d];
    }
    return { members: ordered, cx: x[best], cy: y[best] };
  });
  return { assignment: out, clusters };
}
