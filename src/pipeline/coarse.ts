/**
 * Coarse level for zoomed-out labels: the fine clusters become nodes of a graph
 * whose edge weights are the summed fuzzy kNN weights between their members;
 * Louvain on that graph (seeded; intra-cluster weight kept as self-loops) groups related clusters. Only made when there
 * are at least 6 fine clusters and it actually merges some.
 */
import Graph from 'graphology';
import louvain from 'graphology-communities-louvain';
import type { Knn } from './knn.ts';
import { fuzzyEdges } from './fuzzy.ts';
import { mulberry32 } from './random.ts';

export interface Coarse {
  /** Coarse cluster per row (-1 for outliers). */
  assignment: Int32Array;
  count: number;
  /** Coarse id per fine cluster id. */
  parentOf: Int32Array;
}

export function coarseClusters(knn: Knn, fine: Int32Array, nFine: number, o: { k: number; resolution: number; seed: number }): Coarse | undefined {
  if (nFine < 6) return undefined;
  const n = knn.n;
  const g = new Graph({ type: 'undirected', multi: false });
  for (let c = 0; c < nFine; c++) g.addNode(c);
  for (const [key, w] of fuzzyEdges(knn, Math.min(o.k, knn.k))) {
    const a = fine[Math.floor(key / n)];
    const b = fine[key % n];
    // Intra-cluster weight becomes a self-loop, so modularity sees how tight each cluster is.
    if (a < 0 || b < 0) continue;
    const e = g.edge(a, b);
    if (e === undefined) g.addEdge(a, b, { weight: w });
    else g.setEdgeAttribute(e, 'weight', (g.getEdgeAttribute(e, 'weight') as number) + w);
  }
  if (g.size === 0) return undefined;
  const comm = louvain(g, { resolution: o.resolution, rng: mulberry32(o.seed ^ 0xc0a), getEdgeWeight: 'weight' });
  const ids = new Map<number, number>();
  const parentOf = new Int32Array(nFine);
  // Number coarse clusters in order of their largest fine cluster (fine ids are by size).
  for (let c = 0; c < nFine; c++) {
    if (!ids.has(comm[c])) ids.set(comm[c], ids.size);
    parentOf[c] = ids.get(comm[c])!;
  }
  if (ids.size <= 1 || ids.size >= nFine) return undefined;
  const assignment = Int32Array.from(fine, (c) => (c < 0 ? -1 : parentOf[c]));
  return { assignment, count: ids.size, parentOf };
}
