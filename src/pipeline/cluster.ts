/**
 * Cluster stage: Louvain communities on the kNN graph of the representation,
 * weighted by UMAP-style fuzzy memberships (fuzzy.ts), or by cosine similarity
 * (clipped at 0, the larger of the two directions when both exist). Seeded, resolution from the settings.
 * Louvain depends on its visiting order, which made small corpora jump between
 * runs; so it runs `runs` times with derived seeds and the final partition is
 * Louvain on the consensus graph (kNN edges weighted by how often their two
 * ends were grouped together, edges below half dropped: Lancichinetti &
 * Fortunato 2012, one round). The result is then refined on the full graph
 * (refine.ts, after Leiden): single nodes move to their best community and
 * communities that fall apart are split.
 * Communities smaller than `minClusterSize` are outliers (-1), shown as such.
 */
import Graph from 'graphology';
import louvain from 'graphology-communities-louvain';
import type { Knn } from './knn.ts';
import { mulberry32 } from './random.ts';
import { fuzzyEdges } from './fuzzy.ts';
import { adjacencyOf, refinePartition } from './refine.ts';

/** Most graph neighbours (cost: the kNN search grows with k). */
export const GRAPH_K_MAX = 40;

/**
 * Graph neighbours by corpus size: 1.6·sqrt(n), 5..40 (UMAP keeps its own count).
 * Measured on the tuning half of ml-topics-13-dev (629 papers, 7 topics; bench/topic-tune.ts):
 * NMI 0.88 at the old 15 neighbours, 0.91 at 25, 0.93 at 40; more neighbours keep a topic's
 * papers in one community where a sparse graph breaks it into look-alike pieces. Fewer for
 * small corpora, where many neighbours would join unrelated topics.
 */
export function graphNeighbors(n: number, _nNeighbors?: number): number {
  return Math.max(1, Math.min(n - 1, Math.max(5, Math.min(GRAPH_K_MAX, Math.round(1.6 * Math.sqrt(n))))));
}

/** Smallest community kept as a cluster. */
export function minClusterSize(n: number): number {
  return Math.max(3, Math.round(0.002 * n));
}

export interface ClusterOptions {
  k: number;
  resolution: number;
  seed: number;
  minSize?: number;
  /** Louvain runs for the consensus (1 = plain Louvain). Default 10. */
  runs?: number;
  /** Edge weights: UMAP's fuzzy memberships (default) or plain cosine similarity. */
  weights?: 'fuzzy' | 'cosine';
  /**
   * Refine the partition on the full graph (refine.ts; default true). Measured with
   * bench/tree-tune.ts, seeds 42/1/2: tuning half NMI 0.933/0.913/0.927 → 0.929/0.932/0.926;
   * checking half 0.945/0.957/0.950 → 0.961/0.959/0.963; all 13 topics 0.910/0.917/0.912 → 0.917/0.917/0.916.
   */
  refine?: boolean;
  /**
   * Share of the Louvain runs that must group an edge's ends for the edge to stay in the
   * consensus graph. Default 0.5. Measured with bench/fine-tune.ts (seeds 42/1/2, NMI means):
   * 0.3 and 0.7 left the tuning half at 0.929 and the whole set at 0.917 (checking half
   * 0.961 / 0.960), so the default stays.
   */
  consensus?: number;
  /** Resolution raised for small corpora: × (1 + smallBoost·(1 − √(n/smallN))) below smallN papers (effectiveResolution). */
  smallBoost?: number;
  smallN?: number;
  /** Fuzzy weights spread over at least this share of the k neighbours (fuzzy.ts minShare; default fuzzyShareFor(n), 0 = UMAP's log2(k)). */
  fuzzyShare?: number;
}

/**
 * Flatter fuzzy edge weights (fuzzy.ts minShare) at full corpus size: each paper's edge strengths
 * sum to at least this share of its k graph neighbours instead of UMAP's log2(k), so a paper's
 * 5th..40th neighbours count more against its nearest few. Goes with the title vectors
 * (run.ts, TITLE_VECTOR_WEIGHT), and like them ramps in with the corpus size (largeCorpusRamp):
 * measured together with bench/fine-tune.ts (issue 14; README, Quality).
 */
export const FUZZY_SHARE = 0.27;

/**
 * The title-vector + flatter-weights recipe (TITLE_VECTOR_WEIGHT, FUZZY_SHARE) is used in full
 * from LARGE_CORPUS_N1 unique texts, not at all below LARGE_CORPUS_N0, linearly between. Chosen
 * from random subsets of ml-topics-13-dev (bench/fine-tune.ts --sample, 12 draws × seeds 42/1/2,
 * README, Quality): the recipe gains nothing, or loses, on small corpora and gains at full size.
 */
export const LARGE_CORPUS_N0 = 1000;
export const LARGE_CORPUS_N1 = 1200;

/** 0 below LARGE_CORPUS_N0 papers, 1 from LARGE_CORPUS_N1, linear between. */
export function largeCorpusRamp(n: number, n0 = LARGE_CORPUS_N0, n1 = LARGE_CORPUS_N1): number {
  if (n <= n0) return 0;
  if (n >= n1) return 1;
  return (n - n0) / (n1 - n0);
}

/** clusterKnn's default fuzzyShare for a corpus of n papers: FUZZY_SHARE × largeCorpusRamp(n). */
export function fuzzyShareFor(n: number): number {
  return FUZZY_SHARE * largeCorpusRamp(n);
}

/**
 * Resolution raise for small corpora (effectiveResolution): × 1.2 at 68 papers, × 1.15 at 150,
 * × 1.09 at 300, none from SMALL_CORPUS_N. A few dozen papers hold several themes of a few
 * papers each, which modularity at the setting's resolution merges (the demo listing: its 4
 * quantization papers inside a 16-paper LLM topic, its gradient-boosting papers with data
 * selection). Measured with bench/fine-tune.ts on random subsets of ml-topics-13-dev's halves
 * (--sample m, NMI against the fine topics, mean over draws and seeds, default → this):
 * 70 papers: tuning half 0.925 → 0.925, checking 0.914 → 0.927, all 13 topics 0.811 → 0.837;
 * 150: 0.928 → 0.927, 0.931 → 0.937, 0.872 → 0.881; 300: 0.927 → 0.929, 0.960 → 0.959,
 * 0.883 → 0.888 (6 draws × seeds 42/1/2); 120 papers, 20 draws, seed 42: 0.928 → 0.933,
 * 0.929 → 0.935, 0.818 → 0.843. arxiv-sample-993's top level on the same subsets moves within
 * its noise (−0.03 … +0.04 between draws of 6; 20 draws: 70 papers 0.262 → 0.269, 120 papers
 * 0.302 → 0.302). Corpora of SMALL_CORPUS_N papers or more are clustered exactly as before.
 */
export const SMALL_CORPUS_BOOST = 0.3;
/** Corpus size from which the resolution is the setting's. */
export const SMALL_CORPUS_N = 600;

/** The Louvain resolution used for n papers: the setting, raised below SMALL_CORPUS_N papers (SMALL_CORPUS_BOOST). */
export function effectiveResolution(r: number, n: number, boost = SMALL_CORPUS_BOOST, upTo = SMALL_CORPUS_N): number {
  return r * (1 + boost * Math.max(0, 1 - Math.sqrt(n / upTo)));
}

/** Cluster id per point (0..c-1, in order of first appearance) or -1. */
export function clusterKnn(knn: Knn, opts: ClusterOptions): Int32Array {
  const n = knn.n;
  const out = new Int32Array(n);
  if (n <= 2) return out;
  const k = Math.min(opts.k, knn.k);
  const graph = new Graph({ type: 'undirected', multi: false });
  for (let i = 0; i < n; i++) graph.addNode(i);
  if (opts.weights === 'cosine') {
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < k; p++) {
        const j = knn.indices[i * knn.k + p];
        if (j < 0 || j === i) continue;
        const w = Math.max(1e-6, 1 - knn.dists[i * knn.k + p]);
        const e = graph.edge(i, j);
        if (e === undefined) graph.addEdge(i, j, { weight: w });
        else if (graph.getEdgeAttribute(e, 'weight') < w) graph.setEdgeAttribute(e, 'weight', w);
      }
    }
  } else {
    for (const [key, w] of fuzzyEdges(knn, k, opts.fuzzyShare ?? fuzzyShareFor(n))) if (w > 1e-6) graph.addEdge(Math.floor(key / n), key % n, { weight: w });
  }
  const runs = Math.max(1, opts.runs ?? 10);
  const resolution = effectiveResolution(opts.resolution, n, opts.smallBoost, opts.smallN);
  const run = (g: Graph, seed: number) => {
    const comm = louvain(g, { resolution, rng: mulberry32(seed), getEdgeWeight: 'weight' });
    return Int32Array.from({ length: n }, (_, i) => comm[i]);
  };
  let raw: Int32Array = run(graph, opts.seed ^ 0x10f);
  if (runs > 1) {
    const parts = [raw];
    for (let r = 1; r < runs; r++) parts.push(run(graph, (opts.seed ^ 0x10f) + 7919 * r));
    const consensus = new Graph({ type: 'undirected', multi: false });
    for (let i = 0; i < n; i++) consensus.addNode(i);
    graph.forEachEdge((_e, attr, a, b) => {
      const i = Number(a);
      const j = Number(b);
      let same = 0;
      for (const p of parts) if (p[i] === p[j]) same++;
      if (same >= (opts.consensus ?? 0.5) * runs) consensus.addEdge(i, j, { weight: (attr.weight as number) * (same / runs) });
    });
    raw = run(consensus, opts.seed ^ 0xc0c);
  }
  // Leiden-style refinement on the full graph (refine.ts): boundary papers to their best community, no disconnected communities.
  if (opts.refine !== false) {
    const adj = adjacencyOf(n, (f) => graph.forEachEdge((_e, attr, a, b) => f(Number(a), Number(b), attr.weight as number)));
    raw = refinePartition(adj, raw, resolution);
  }
  return dropSmall(raw, opts.minSize ?? minClusterSize(n));
}

/** Renumbers communities 0..c-1 by first appearance; those below minSize become -1. If that leaves none, everything is one cluster. */
export function dropSmall(raw: Int32Array, minSize: number): Int32Array {
  const size = new Map<number, number>();
  for (const c of raw) size.set(c, (size.get(c) ?? 0) + 1);
  const id = new Map<number, number>();
  const out = new Int32Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if ((size.get(c) ?? 0) < minSize) {
      out[i] = -1;
      continue;
    }
    if (!id.has(c)) id.set(c, id.size);
    out[i] = id.get(c)!;
  }
  if (id.size === 0) out.fill(0);
  return out;
}
