/**
 * Approximate cosine k-nearest neighbours for large corpora: a forest of
 * random-projection trees gives the initial graph, then NN-descent (Dong et al.
 * 2011, with pynndescent's new/old candidate sampling) refines it ("a neighbour
 * of a neighbour is likely a neighbour"). Rows are assumed L2-normalised, so the
 * distance is 1 - dot. Everything is n×k typed arrays; nothing n×n.
 * Seeded (mulberry32) and single-threaded, so the same seed gives the same graph.
 */
import type { Knn } from './knn.ts';
import { mulberry32, type Rng } from './random.ts';

export interface NnDescentOptions {
  seed: number;
  /** Random-projection trees for the initial graph. Default 5 + n^0.25, at most 12 (pynndescent). */
  nTrees?: number;
  /** Largest tree leaf; every leaf's pairs are offered to the graph. Default max(k + 5, 24). */
  leafSize?: number;
  /** NN-descent rounds at most. Default 12. */
  maxIters?: number;
  /** Stop when a round changes fewer than delta·n·k graph entries. Default 0.001. */
  delta?: number;
  /** Candidates sampled per point per round. Default max(k, 15), at most 60. */
  maxCandidates?: number;
  /** Fraction done, 0..1. */
  onProgress?: (fraction: number) => void;
}

/** Dot product of rows at offsets a and b. Four accumulators let the JIT overlap multiply-adds (~2x over one). */
export function dot(data: Float32Array, a: number, b: number, dim: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let d = 0;
  for (; d + 3 < dim; d += 4) {
    s0 += data[a + d] * data[b + d];
    s1 += data[a + d + 1] * data[b + d + 1];
    s2 += data[a + d + 2] * data[b + d + 2];
    s3 += data[a + d + 3] * data[b + d + 3];
  }
  for (; d < dim; d++) s0 += data[a + d] * data[b + d];
  return s0 + s1 + s2 + s3;
}

/** Cosine distance of unit rows at offsets a and b, clamped at 0. */
function dist(data: Float32Array, a: number, b: number, dim: number): number {
  const r = 1 - dot(data, a, b, dim);
  return r > 0 ? r : 0;
}

/**
 * n bounded max-heaps of size k in flat arrays (root = current worst entry).
 * push() returns 1 when the entry entered the heap, 0 when it was worse than the
 * root or already present.
 */
class Heaps {
  readonly ind: Int32Array;
  readonly key: Float32Array;
  readonly flag: Uint8Array;
  constructor(n: number, readonly k: number) {
    this.ind = new Int32Array(n * k).fill(-1);
    this.key = new Float32Array(n * k).fill(Infinity);
    this.flag = new Uint8Array(n * k);
  }

  push(row: number, j: number, d: number, f: number): number {
    const k = this.k;
    const o = row * k;
    const key = this.key;
    const ind = this.ind;
    if (!(d < key[o])) return 0;
    for (let p = 0; p < k; p++) if (ind[o + p] === j) return 0;
    // Replace the root and sift down.
    let p = 0;
    for (;;) {
      const l = 2 * p + 1;
      if (l >= k) break;
      const r = l + 1;
      const c = r < k && key[o + r] > key[o + l] ? r : l;
      if (key[o + c] <= d) break;
      key[o + p] = key[o + c];
      ind[o + p] = ind[o + c];
      this.flag[o + p] = this.flag[o + c];
      p = c;
    }
    key[o + p] = d;
    ind[o + p] = j;
    this.flag[o + p] = f;
    return 1;
  }
}

/**
 * The two rows whose difference is a tree node's splitting normal: two distinct
 * positions drawn in perm[lo, hi) (size ≥ 2), returned as the rows stored there.
 */
export function pickSplitRows(perm: Int32Array, lo: number, hi: number, rng: Rng): [number, number] {
  const size = hi - lo;
  const a = Math.floor(rng() * size);
  let b = Math.floor(rng() * size);
  // On a collision take the next position in the node (a position, never a row id).
  if (a === b) b = (a + 1) % size;
  return [perm[lo + a], perm[lo + b]];
}

/** Offers all pairs of each leaf of one random-projection tree (angular splits) to the heaps. */
function rpTree(data: Float32Array, n: number, dim: number, leafSize: number, rng: Rng, heaps: Heaps): void {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const side = new Uint8Array(n);
  const normal = new Float32Array(dim);
  const stack: number[] = [0, n];
  while (stack.length) {
    const hi = stack.pop()!;
    const lo = stack.pop()!;
    const size = hi - lo;
    if (size <= leafSize) {
      for (let a = lo; a < hi; a++) {
        const i = perm[a];
        for (let b = a + 1; b < hi; b++) {
          const j = perm[b];
          const d = dist(data, i * dim, j * dim, dim);
          heaps.push(i, j, d, 1);
          heaps.push(j, i, d, 1);
        }
      }
      continue;
    }
    const [pa, pb] = pickSplitRows(perm, lo, hi, rng);
    for (let d = 0; d < dim; d++) normal[d] = data[pa * dim + d] - data[pb * dim + d];
    let left = 0;
    for (let a = lo; a < hi; a++) {
      const o = perm[a] * dim;
      let s = 0;
      for (let d = 0; d < dim; d++) s += data[o + d] * normal[d];
      const l = s > 1e-8 ? 1 : s < -1e-8 ? 0 : rng() < 0.5 ? 1 : 0;
      side[perm[a]] = l;
      left += l;
    }
    // Degenerate split (duplicates, a zero normal): halve at random instead.
    if (left === 0 || left === size) {
      left = 0;
      for (let a = lo; a < hi; a++) {
        side[perm[a]] = a - lo < size / 2 ? 1 : 0;
        left += side[perm[a]];
      }
    }
    // Stable partition: side-1 rows first.
    let w = lo;
    const rest: number[] = [];
    for (let a = lo; a < hi; a++) {
      if (side[perm[a]]) perm[w++] = perm[a];
      else rest.push(perm[a]);
    }
    for (const r of rest) perm[w++] = r;
    stack.push(lo, lo + left, lo + left, hi);
  }
}

export function nnDescent(data: Float32Array, n: number, dim: number, kWanted: number, opts: NnDescentOptions): Knn {
  const k = Math.max(0, Math.min(kWanted, n - 1));
  if (k === 0) return { n, k, indices: new Int32Array(0), dists: new Float32Array(0) };
  const rng = mulberry32(opts.seed ^ 0x4e4e44);
  const heaps = new Heaps(n, k);
  const nTrees = opts.nTrees ?? Math.min(12, 5 + Math.round(Math.pow(n, 0.25)));
  const leafSize = Math.max(k + 1, opts.leafSize ?? Math.max(k + 5, 24));
  const maxIters = opts.maxIters ?? 12;
  const delta = opts.delta ?? 0.001;
  const maxC = Math.min(60, opts.maxCandidates ?? Math.max(k, 15));
  const total = nTrees + maxIters;
  for (let t = 0; t < nTrees; t++) {
    rpTree(data, n, dim, leafSize, rng, heaps);
    opts.onProgress?.((t + 1) / total);
  }
  // Rows the trees left short (tiny leaves) get random neighbours.
  for (let i = 0; i < n; i++) {
    for (let tries = 0; heaps.ind[i * k] < 0 && tries < 4 * k; tries++) {
      const j = Math.floor(rng() * n);
      if (j !== i) heaps.push(i, j, dist(data, i * dim, j * dim, dim), 1);
    }
  }

  const newC = new Heaps(n, maxC);
  const oldC = new Heaps(n, maxC);
  for (let it = 0; it < maxIters; it++) {
    newC.ind.fill(-1);
    newC.key.fill(Infinity);
    oldC.ind.fill(-1);
    oldC.key.fill(Infinity);
    // Sample candidates (forward and reverse) by random priority.
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < k; p++) {
        const j = heaps.ind[i * k + p];
        if (j < 0) continue;
        const pr = rng();
        const c = heaps.flag[i * k + p] ? newC : oldC;
        c.push(i, j, pr, 0);
        c.push(j, i, pr, 0);
      }
    }
    // Sampled new entries become old.
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < k; p++) {
        if (!heaps.flag[i * k + p]) continue;
        const j = heaps.ind[i * k + p];
        for (let q = 0; q < maxC; q++) if (newC.ind[i * maxC + q] === j) { heaps.flag[i * k + p] = 0; break; }
      }
    }
    let updates = 0;
    for (let i = 0; i < n; i++) {
      const o = i * maxC;
      for (let a = 0; a < maxC; a++) {
        const p = newC.ind[o + a];
        if (p < 0) continue;
        const po = p * dim;
        for (let b = a + 1; b < maxC; b++) {
          const q = newC.ind[o + b];
          if (q < 0) continue;
          const d = dist(data, po, q * dim, dim);
          updates += heaps.push(p, q, d, 1) + heaps.push(q, p, d, 1);
        }
        for (let b = 0; b < maxC; b++) {
          const q = oldC.ind[o + b];
          if (q < 0 || q === p) continue;
          const d = dist(data, po, q * dim, dim);
          updates += heaps.push(p, q, d, 1) + heaps.push(q, p, d, 1);
        }
      }
    }
    opts.onProgress?.((nTrees + it + 1) / total);
    if (updates <= delta * n * k) break;
  }
  return sortRows(heaps, n, k);
}

/** Heaps → rows sorted nearest first (ties by index, so the output is deterministic). */
function sortRows(heaps: Heaps, n: number, k: number): Knn {
  const indices = new Int32Array(n * k);
  const dists = new Float32Array(n * k);
  const order = Array.from({ length: k }, (_, p) => p);
  for (let i = 0; i < n; i++) {
    const o = i * k;
    order.sort((a, b) => heaps.key[o + a] - heaps.key[o + b] || heaps.ind[o + a] - heaps.ind[o + b]);
    for (let p = 0; p < k; p++) {
      indices[o + p] = heaps.ind[o + order[p]];
      dists[o + p] = heaps.key[o + order[p]];
    }
  }
  return { n, k, indices, dists };
}
