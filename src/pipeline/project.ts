/**
 * Project stage: 2-D UMAP layout from a precomputed kNN graph (so the
 * neighbours are not searched twice), a seeded PRNG and a PCA initialisation
 * (umap-js starts from uniform noise, which scatters global structure).
 * Up to TYPED_FROM points it runs umap-js (the product card's library); above,
 * the typed-array optimiser in umap-sgd.ts (umap-js holds number[][] copies:
 * 4.4 GB and 147 s at 50,000 points; the typed one ~0.25 GB, see bench/pipeline.ts).
 * Fewer than 4 points skip UMAP (RELIABILITY N1). Output is centred and scaled
 * so the largest |coordinate| is 1; all values are finite.
 */
import { UMAP } from 'umap-js';
import type { Knn } from './knn.ts';
import { mulberry32 } from './random.ts';
import { defaultEpochs, fuzzyGraph, optimiseLayout } from './umap-sgd.ts';

/** Optimiser: umap-js (number[][]; the reference), the typed-array one in umap-sgd.ts, or chosen by size. */
export type UmapEngine = 'umap-js' | 'typed' | 'auto';

/**
 * Above this many points 'auto' uses the typed-array optimiser. Both give the same
 * 2-D kNN-10 label purity (arXiv, 3,000 papers: typed 0.673, umap-js defaults 0.674;
 * blobs in tests/pipeline/umap-sgd.test.ts);
 * below 2,000 points umap-js takes under ~3 s, so the card's library stays in use there.
 */
export const TYPED_FROM = 2000;

export function chooseEngine(n: number, engine: UmapEngine = 'auto'): 'umap-js' | 'typed' {
  if (engine !== 'auto') return engine;
  return n > TYPED_FROM ? 'typed' : 'umap-js';
}

export interface ProjectOptions {
  nNeighbors: number;
  seed: number;
  nEpochs?: number;
  engine?: UmapEngine;
  /** UMAP min_dist (default 0.1) and spread (default 1). */
  minDist?: number;
  spread?: number;
  /**
   * Cluster id per point (-1 = none) for a cluster-aware layout: kNN distances between
   * points of different clusters are stretched by (1 + clusterWeight) before the fuzzy
   * graph is built (see stretchAcross), so clusters hold together without being cut apart.
   */
  clusters?: Int32Array;
  /** Stretch of cross-cluster kNN distances (0 = plain UMAP). */
  clusterWeight?: number;
  /** Called every few epochs with the fraction done; return nothing. */
  onEpoch?: (fraction: number) => void;
  /** Awaited every few epochs so a worker can see cancellation; may throw. */
  yieldEvery?: () => Promise<void>;
  /**
   * Starting positions (2n, interleaved x/y, any scale) instead of the PCA start:
   * a refinement starts from the map on screen so points move as little as possible.
   */
  init?: Float64Array;
}

/** Rescales a start layout to ±10 (the range the optimisers expect), in a new array. */
export function scaleInit(init: Float64Array, seed: number): Float64Array {
  let m = 0;
  for (let i = 0; i < init.length; i++) if (Number.isFinite(init[i])) m = Math.max(m, Math.abs(init[i]));
  const s = m > 0 ? 10 / m : 1;
  const rng = mulberry32(seed ^ 0x1e1);
  // A tiny jitter keeps duplicates of one position from sitting exactly on top of each other.
  return Float64Array.from(init, (v) => (Number.isFinite(v) ? v * s : 0) + (rng() - 0.5) * 1e-3);
}

export interface Projection {
  x: Float32Array;
  y: Float32Array;
}

/** Points for tiny corpora: 1 at the origin, 2-3 on a small circle. */
export function circleLayout(n: number): Projection {
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  if (n > 1) for (let i = 0; i < n; i++) {
    x[i] = 0.5 * Math.cos((2 * Math.PI * i) / n);
    y[i] = 0.5 * Math.sin((2 * Math.PI * i) / n);
  }
  return { x, y };
}

export async function project(data: Float32Array, dim: number, knn: Knn, opts: ProjectOptions): Promise<Projection> {
  const n = knn.n;
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) throw new Error(`non-finite value in the representation (row ${Math.floor(i / dim)})`);
  if (opts.clusters && (opts.clusterWeight ?? 0) > 0) knn = stretchAcross(knn, opts.clusters, opts.clusterWeight ?? 0);
  if (n < 4) return circleLayout(n);
  // umap-js counts the point itself as its first neighbour.
  const nNeighbors = Math.max(2, Math.min(opts.nNeighbors, n - 1, knn.k + 1));
  if (chooseEngine(n, opts.engine) === 'typed') return projectTyped(data, dim, knn, nNeighbors, opts);
  const idx: number[][] = [];
  const dst: number[][] = [];
  for (let i = 0; i < n; i++) {
    const ri = [i];
    const rd = [0];
    for (let p = 0; p < nNeighbors - 1; p++) {
      ri.push(knn.indices[i * knn.k + p]);
      rd.push(knn.dists[i * knn.k + p]);
    }
    idx.push(ri);
    dst.push(rd);
  }
  const umap = new UMAP({ nComponents: 2, nNeighbors, random: mulberry32(opts.seed), nEpochs: opts.nEpochs, minDist: opts.minDist ?? 0.1, spread: opts.spread ?? 1 });
  umap.setPrecomputedKNN(idx, dst);
  // X is only used for its length once the kNN is given.
  const X = Array.from({ length: n }, () => [0]);
  const nEpochs = umap.initializeFit(X);
  const init = opts.init?.length === 2 * n ? scaleInit(opts.init, opts.seed) : pcaInit(data, n, dim, opts.seed);
  const emb = umap.getEmbedding();
  for (let i = 0; i < n; i++) {
    emb[i][0] = init[2 * i];
    emb[i][1] = init[2 * i + 1];
  }
  for (let e = 0; e < nEpochs; e++) {
    umap.step();
    if (e % 25 === 24) {
      opts.onEpoch?.((e + 1) / nEpochs);
      await opts.yieldEvery?.();
    }
  }
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = emb[i][0];
    y[i] = emb[i][1];
  }
  return normaliseLayout({ x, y });
}

/** The typed-array path: fuzzy graph → PCA init → SGD, no number[][] anywhere. */
async function projectTyped(data: Float32Array, dim: number, knn: Knn, nNeighbors: number, opts: ProjectOptions): Promise<Projection> {
  const n = knn.n;
  const graph = fuzzyGraph(knn, nNeighbors - 1);
  const emb = opts.init?.length === 2 * n ? scaleInit(opts.init, opts.seed) : pcaInit(data, n, dim, opts.seed);
  await optimiseLayout(emb, n, graph, {
    ab: opts.minDist !== undefined || opts.spread !== undefined ? findAB(opts.spread ?? 1, opts.minDist ?? 0.1) : undefined,
    nEpochs: opts.nEpochs ?? defaultEpochs(n),
    seed: opts.seed,
    onEpoch: opts.onEpoch,
    yieldEvery: opts.yieldEvery,
  });
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = emb[2 * i];
    y[i] = emb[2 * i + 1];
  }
  return normaliseLayout({ x, y });
}

/**
 * A copy of the kNN graph where the distance to a neighbour in another cluster
 * (or to/from an unclustered point, half as much) is multiplied by (1 + stretch),
 * rows re-sorted by the new distances. UMAP's fuzzy memberships then favour
 * same-cluster neighbours: a cluster-aware layout that keeps the kNN structure.
 */
export function stretchAcross(knn: Knn, clusters: Int32Array, stretch: number): Knn {
  const { n, k } = knn;
  const indices = new Int32Array(knn.indices.length);
  const dists = new Float32Array(knn.dists.length);
  const order = Array.from({ length: k }, (_, p) => p);
  const d = new Float32Array(k);
  for (let i = 0; i < n; i++) {
    const o = i * k, ci = clusters[i];
    for (let p = 0; p < k; p++) {
      const j = knn.indices[o + p], cj = j >= 0 ? clusters[j] : -1;
      const f = j < 0 ? 1 : ci < 0 || cj < 0 ? 1 + stretch / 2 : ci !== cj ? 1 + stretch : 1;
      d[p] = knn.dists[o + p] * f;
    }
    order.sort((a, b) => d[a] - d[b] || a - b);
    for (let p = 0; p < k; p++) {
      indices[o + p] = knn.indices[o + order[p]];
      dists[o + p] = d[order[p]];
    }
  }
  return { ...knn, indices, dists };
}

/**
 * UMAP's curve 1 / (1 + a·d^(2b)) fitted to the target membership (1 below minDist,
 * exp(-(d - minDist) / spread) above) by least squares on 300 points in [0, 3·spread],
 * as umap-learn's find_ab_params, here by a coarse-to-fine grid search.
 */
export function findAB(spread: number, minDist: number): { a: number; b: number } {
  const xs = Array.from({ length: 300 }, (_, i) => (3 * spread * i) / 299);
  const ys = xs.map((x) => (x < minDist ? 1 : Math.exp(-(x - minDist) / spread)));
  const err = (a: number, b: number) => xs.reduce((s, x, i) => s + (1 / (1 + a * x ** (2 * b)) - ys[i]) ** 2, 0);
  let best = { a: 1.5, b: 0.9, e: Infinity };
  let [a0, a1, b0, b1] = [0.05, 8, 0.2, 2.5];
  for (let round = 0; round < 4; round++) {
    for (let i = 0; i <= 20; i++) for (let j = 0; j <= 20; j++) {
      const a = a0 + ((a1 - a0) * i) / 20, b = b0 + ((b1 - b0) * j) / 20, e = err(a, b);
      if (e < best.e) best = { a, b, e };
    }
    const da = (a1 - a0) / 10, db = (b1 - b0) / 10;
    [a0, a1, b0, b1] = [Math.max(1e-3, best.a - da), best.a + da, Math.max(0.05, best.b - db), best.b + db];
  }
  return { a: best.a, b: best.b };
}

/**
 * Centres on the mean and scales so max |coordinate| = 1. A non-finite
 * coordinate (NaN or Infinity from the optimiser) is an error, reported with
 * the first such point: drawing it at the centre would hide a broken layout.
 */
export function normaliseLayout(p: Projection): Projection {
  const n = p.x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(p.x[i]) || !Number.isFinite(p.y[i])) {
      throw new Error(`The layout (UMAP) gave a non-finite position for point ${i + 1} of ${n}; the map was not drawn. Re-map with another seed or fewer neighbours.`);
    }
    mx += p.x[i] / n;
    my += p.y[i] / n;
  }
  let m = 0;
  for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(p.x[i] - mx), Math.abs(p.y[i] - my));
  const s = m > 0 ? 1 / m : 1;
  for (let i = 0; i < n; i++) {
    p.x[i] = (p.x[i] - mx) * s;
    p.y[i] = (p.y[i] - my) * s;
  }
  return p;
}

/** First two principal components by power iteration, scaled to ±10 (umap-js's init range), with a tiny seeded jitter. */
export function pcaInit(data: Float32Array, n: number, dim: number, seed: number): Float64Array {
  const rng = mulberry32(seed ^ 0x9ca);
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mean[j] += data[i * dim + j] / n;
  const comps: Float64Array[] = [];
  const proj = new Float64Array(n);
  const out = new Float64Array(2 * n);
  for (let c = 0; c < 2; c++) {
    let v = Float64Array.from({ length: dim }, () => rng() - 0.5);
    for (let it = 0; it < 30; it++) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < dim; j++) s += (data[i * dim + j] - mean[j]) * v[j];
        proj[i] = s;
      }
      const next = new Float64Array(dim);
      for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) next[j] += proj[i] * (data[i * dim + j] - mean[j]);
      for (const u of comps) {
        let d = 0;
        for (let j = 0; j < dim; j++) d += u[j] * next[j];
        for (let j = 0; j < dim; j++) next[j] -= d * u[j];
      }
      let norm = 0;
      for (let j = 0; j < dim; j++) norm += next[j] * next[j];
      norm = Math.sqrt(norm);
      if (norm < 1e-12) break;
      for (let j = 0; j < dim; j++) next[j] /= norm;
      v = next;
    }
    comps.push(v);
    let m = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < dim; j++) s += (data[i * dim + j] - mean[j]) * v[j];
      out[2 * i + c] = s;
      m = Math.max(m, Math.abs(s));
    }
    for (let i = 0; i < n; i++) out[2 * i + c] = (m > 0 ? (10 * out[2 * i + c]) / m : 0) + (rng() - 0.5) * 1e-3;
  }
  return out;
}
