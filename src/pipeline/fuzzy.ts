/**
 * UMAP's fuzzy neighbourhood weights for a kNN graph (McInnes et al. 2018, as
 * scanpy uses them for Louvain/Leiden): for row i, rho = distance to the nearest
 * neighbour and sigma such that Σ_j exp(-(d_ij - rho)/sigma) = log2(k), or
 * minShare·k when that is more (a cluster.ts option, off by default); the nearest
 * neighbour gets weight 1 and farther ones decay. Symmetrised by the
 * fuzzy union w_ij + w_ji - w_ij·w_ji.
 */
import type { Knn } from './knn.ts';

/**
 * Directed membership strengths, n×k (same layout as knn.indices), using the first k neighbours.
 * Each row's strengths sum to log2(k) (UMAP), or to minShare·k when that is more: flatter weights
 * over the k neighbours (never all 1, as the sum stays below k).
 */
export function fuzzyMemberships(knn: Knn, k: number, minShare = 0): Float32Array {
  const n = knn.n;
  const w = new Float32Array(n * k);
  const target = Math.min(Math.max(Math.log2(Math.max(2, k)), minShare * k), Math.max(1, k - 0.5));
  for (let i = 0; i < n; i++) {
    const d = knn.dists.subarray(i * knn.k, i * knn.k + k);
    let rho = 0;
    for (let p = 0; p < k; p++) if (d[p] > 0) { rho = d[p]; break; }
    let lo = 0;
    let hi = Infinity;
    let sigma = 1;
    for (let it = 0; it < 64; it++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += Math.exp(-Math.max(0, d[p] - rho) / sigma);
      if (Math.abs(s - target) < 1e-5) break;
      if (s > target) {
        hi = sigma;
        sigma = (lo + hi) / 2;
      } else {
        lo = sigma;
        sigma = hi === Infinity ? sigma * 2 : (lo + hi) / 2;
      }
    }
    sigma = Math.max(sigma, 1e-3 * (d.reduce((a, b) => a + b, 0) / Math.max(1, k)) || 1e-6);
    for (let p = 0; p < k; p++) w[i * k + p] = Math.exp(-Math.max(0, d[p] - rho) / sigma);
  }
  return w;
}

/** Undirected weighted edges (i < j) from the fuzzy union of both directions (minShare: fuzzyMemberships). */
export function fuzzyEdges(knn: Knn, k: number, minShare = 0): Map<number, number> {
  const n = knn.n;
  const m = fuzzyMemberships(knn, k, minShare);
  const dir = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      const j = knn.indices[i * knn.k + p];
      if (j < 0 || j === i) continue;
      dir.set(i * n + j, Math.max(dir.get(i * n + j) ?? 0, m[i * k + p]));
    }
  }
  const out = new Map<number, number>();
  for (const [key, a] of dir) {
    const i = Math.floor(key / n);
    const j = key % n;
    const lo = Math.min(i, j);
    const hi = Math.max(i, j);
    if (out.has(lo * n + hi)) continue;
    const b = dir.get(j * n + i) ?? 0;
    out.set(lo * n + hi, a + b - a * b);
  }
  return out;
}
