/**
 * The topic tree's lower level: subtopics inside a cluster, where the data
 * supports them. Pure functions of (kNN graph, cluster assignment, settings), so
 * every run phase can call them.
 *
 * For each cluster of at least SUB_MIN_CLUSTER rows, Louvain runs on the cluster's
 * own part of the fuzzy kNN graph (same resolution as the clusters); parts below
 * the minimum size join the part they are most connected to, the weakest-linked
 * parts merge until at most SUB_MAX_PARTS remain, parts not set apart from the rest
 * (conductance above SUB_MAX_CONDUCTANCE) merge into their closest part, and the split
 * is kept only when its modularity within the cluster reaches SUB_MIN_MODULARITY: a
 * cluster whose graph has no clear inner structure keeps no subtopics (a uniform blob's
 * kNN graph has high-modularity cuts, but no part of it is separated). Subtopics
 * partition their cluster.
 */
import Graph from 'graphology';
import louvain from 'graphology-communities-louvain';
import type { Knn } from './knn.ts';
import { fuzzyEdges } from './fuzzy.ts';
import { mulberry32 } from './random.ts';
import type { TermMatrix } from './tfidf.ts';
import { labelClusters, type ClusterLabel } from './label.ts';

/** Smallest cluster that may get subtopics. */
export const SUB_MIN_CLUSTER = 10;
/** At most this many subtopics per cluster. */
export const SUB_MAX_PARTS = 6;
/** Largest conductance (cut / smaller volume) of a kept subtopic: it must be set apart from its siblings. */
export const SUB_MAX_CONDUCTANCE = 0.2;
/** Modularity of the split, within the cluster's own graph, needed to keep it. */
export const SUB_MIN_MODULARITY = 0.3;

export interface SubtopicOptions {
  k: number;
  resolution: number;
  seed: number;
}

export interface Subtopics {
  /** Subtopic per row (0..count-1), -1 for rows of clusters without subtopics and outliers. */
  assignment: Int32Array;
  count: number;
  /** Cluster id per subtopic. */
  parentOf: Int32Array;
}

/** Smallest subtopic kept, for a cluster of `size` rows. */
export function subMinSize(size: number): number {
  return Math.max(4, Math.round(0.08 * size));
}

export function subtopics(knn: Knn, fine: Int32Array, nFine: number, opts: SubtopicOptions): Subtopics {
  const n = knn.n;
  const rowsOf: number[][] = Array.from({ length: nFine }, () => []);
  for (let i = 0; i < n; i++) if (fine[i] >= 0 && fine[i] < nFine) rowsOf[fine[i]].push(i);
  // Edges inside a cluster, grouped by cluster.
  const inner: [number, number, number][][] = Array.from({ length: nFine }, () => []);
  for (const [key, w] of fuzzyEdges(knn, Math.min(opts.k, knn.k))) {
    const a = Math.floor(key / n);
    const b = key % n;
    if (fine[a] >= 0 && fine[a] === fine[b] && w > 1e-6) inner[fine[a]].push([a, b, w]);
  }
  const assignment = new Int32Array(n).fill(-1);
  const parents: number[] = [];
  for (let c = 0; c < nFine; c++) {
    const rows = rowsOf[c];
    if (rows.length < SUB_MIN_CLUSTER) continue;
    const parts = splitCluster(rows, inner[c], opts.resolution, (opts.seed ^ 0x5b7) + 131 * c);
    if (!parts) continue;
    for (const part of parts) {
      for (const r of part) assignment[r] = parents.length;
      parents.push(c);
    }
  }
  return { assignment, count: parents.length, parentOf: Int32Array.from(parents) };
}

/** Splits one cluster's rows; undefined when the split is not supported (see the module comment). */
export function splitCluster(rows: number[], edges: [number, number, number][], resolution: number, seed: number): number[][] | undefined {
  const g = new Graph({ type: 'undirected', multi: false });
  for (const r of rows) g.addNode(r);
  for (const [a, b, w] of edges) if (!g.hasEdge(a, b)) g.addEdge(a, b, { weight: w });
  if (g.size === 0) return undefined;
  const comm = louvain(g, { resolution, rng: mulberry32(seed), getEdgeWeight: 'weight' });
  const part = new Map<number, number>();
  for (const r of rows) part.set(r, comm[r]);
  const minSize = subMinSize(rows.length);
  // Parts' members, volumes, cuts and links to one part: each one pass over the edges, recomputed after each merge
  // (a 5,000-paper cluster's Louvain can give a hundred parts; asking per pair cost minutes at 50,000 papers).
  const members = () => {
    const m = new Map<number, number[]>();
    for (const r of rows) {
      const p = part.get(r)!;
      if (!m.has(p)) m.set(p, []);
      m.get(p)!.push(r);
    }
    return m;
  };
  /** Summed weight of the edges between part p and each other part. */
  const linksOf = (p: number) => {
    const w = new Map<number, number>();
    for (const [a, b, x] of edges) {
      const pa = part.get(a)!;
      const pb = part.get(b)!;
      if (pa === pb) continue;
      if (pa === p) w.set(pb, (w.get(pb) ?? 0) + x);
      else if (pb === p) w.set(pa, (w.get(pa) ?? 0) + x);
    }
    return w;
  };
  /** Per part: volume (weights of its edge ends) and cut (weights of edges leaving it). */
  const volumes = () => {
    const vol = new Map<number, number>();
    const cut = new Map<number, number>();
    for (const [a, b, x] of edges) {
      const pa = part.get(a)!;
      const pb = part.get(b)!;
      vol.set(pa, (vol.get(pa) ?? 0) + x);
      vol.set(pb, (vol.get(pb) ?? 0) + x);
      if (pa !== pb) {
        cut.set(pa, (cut.get(pa) ?? 0) + x);
        cut.set(pb, (cut.get(pb) ?? 0) + x);
      }
    }
    return { vol: (p: number) => vol.get(p) ?? 0, cut: (p: number) => cut.get(p) ?? 0 };
  };
  for (;;) {
    const m = members();
    if (m.size <= 1) return undefined;
    const small = [...m.entries()].filter(([, rs]) => rs.length < minSize).sort((a, b) => a[1].length - b[1].length || a[0] - b[0]);
    let from: number;
    if (small.length) from = small[0][0];
    else if (m.size > SUB_MAX_PARTS) from = [...m.entries()].sort((a, b) => a[1].length - b[1].length || a[0] - b[0])[0][0];
    else break;
    // Join the part it is most strongly linked to (relative to that part's volume); the largest when unlinked.
    const links = linksOf(from);
    const { vol } = volumes();
    let best = -1;
    let bestScore = -1;
    for (const [q, rs] of m) {
      if (q === from) continue;
      const s = (links.get(q) ?? 0) / Math.max(1e-9, vol(q)) + rs.length * 1e-12;
      if (s > bestScore) [best, bestScore] = [q, s];
    }
    for (const r of m.get(from)!) part.set(r, best);
  }
  // Parts must be separated, not slices of one blob (a kNN graph of any blob has
  // high-modularity cuts): the least separated part (highest conductance) joins the part
  // it is most linked to until every part's conductance is at most SUB_MAX_CONDUCTANCE.
  let total = 0;
  for (const [, , w] of edges) total += 2 * w;
  for (;;) {
    const m = members();
    if (m.size <= 1) return undefined;
    const { vol, cut } = volumes();
    let worst = -1;
    let worstC = -1;
    for (const p of m.keys()) {
      const v = vol(p);
      const cond = cut(p) / Math.max(1e-9, Math.min(v, total - v));
      if (cond > worstC) [worst, worstC] = [p, cond];
    }
    if (worstC <= SUB_MAX_CONDUCTANCE) break;
    const links = linksOf(worst);
    let best = -1;
    let bestW = -1;
    for (const q of m.keys()) {
      if (q === worst) continue;
      const w = links.get(q) ?? 0;
      if (w > bestW) [best, bestW] = [q, w];
    }
    for (const r of m.get(worst)!) part.set(r, best);
  }
  if (modularity(edges, part) < SUB_MIN_MODULARITY) return undefined;
  return [...members().values()].sort((a, b) => b.length - a.length || a[0] - b[0]);
}

/** Newman modularity of a partition of a weighted undirected graph given as an edge list. */
export function modularity(edges: [number, number, number][], part: Map<number, number>): number {
  let total = 0;
  const inW = new Map<number, number>();
  const vol = new Map<number, number>();
  for (const [a, b, w] of edges) {
    total += w;
    const pa = part.get(a)!;
    const pb = part.get(b)!;
    vol.set(pa, (vol.get(pa) ?? 0) + w);
    vol.set(pb, (vol.get(pb) ?? 0) + w);
    if (pa === pb) inW.set(pa, (inW.get(pa) ?? 0) + w);
  }
  if (total <= 0) return 0;
  let q = 0;
  for (const [p, v] of vol) q += (inW.get(p) ?? 0) / total - (v / (2 * total)) ** 2;
  return q;
}

/**
 * Labels one level of the tree. Nodes are grouped by parent; each group is labelled
 * against its siblings (contrast with the parent's papers) without repeating the
 * parent's (or any ancestor's) label terms. Without parents, against the corpus.
 * `assignment` gives the node (0..nNodes-1) per row, -1 elsewhere.
 */
export function labelLevel(
  tm: TermMatrix,
  assignment: Int32Array,
  nNodes: number,
  parent?: { of: Int32Array; keys: (p: number) => string[] },
  opts: { maxTerms?: number } = {},
): ClusterLabel[] {
  if (!parent) return labelClusters(tm, assignment, nNodes, opts);
  const out: ClusterLabel[] = new Array(nNodes);
  const used = new Set<string>();
  const groups = new Map<number, number[]>();
  for (let c = 0; c < nNodes; c++) {
    const p = parent.of[c];
    if (!groups.has(p)) groups.set(p, []);
    groups.get(p)!.push(c);
  }
  // Parent groups by total size, so the bigger topics choose first keyphrases first.
  const size = new Int32Array(nNodes);
  for (const c of assignment) if (c >= 0) size[c]++;
  const order = [...groups.entries()].sort((a, b) => b[1].reduce((s, c) => s + size[c], 0) - a[1].reduce((s, c) => s + size[c], 0) || a[0] - b[0]);
  for (const [p, nodes] of order) {
    const local = new Map(nodes.map((c, j) => [c, j]));
    const sub = Int32Array.from(assignment, (c) => (c >= 0 && local.has(c) ? local.get(c)! : -1));
    // p < 0: nodes at the top without a parent (a topic alone in its area), labelled against the corpus.
    const keys = p >= 0 ? parent.keys(p) : [];
    const labels = labelClusters(tm, sub, nodes.length, { ...opts, contrast: p >= 0 && nodes.length > 1, exclude: () => keys, usedFirst: used });
    nodes.forEach((c, j) => (out[c] = labels[j]));
  }
  return out;
}
