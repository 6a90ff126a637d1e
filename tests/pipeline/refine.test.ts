import { describe, it, expect } from 'vitest';
import { adjacencyOf, localMoves, splitDisconnected, type Adjacency } from '../../src/pipeline/refine.ts';
import { clusterKnn, effectiveResolution, graphNeighbors } from '../../src/pipeline/cluster.ts';
import { exactKnn } from '../../src/pipeline/knn.ts';
import { fuzzyEdges } from '../../src/pipeline/fuzzy.ts';
import { blobs } from './blobs.ts';

/** Undirected edges keyed i*n+j (i < j). */
function edgesOf(n: number, list: [number, number, number][]): Map<number, number> {
  return new Map(list.map(([a, b, w]) => [Math.min(a, b) * n + Math.max(a, b), w]));
}

/** Two cliques of `size` nodes (0..size-1 and size..2size-1) joined by one edge. */
function twoCliques(size: number): Adjacency {
  const list: [number, number, number][] = [];
  for (const off of [0, size]) for (let a = 0; a < size; a++) for (let b = a + 1; b < size; b++) list.push([off + a, off + b, 1]);
  list.push([size - 1, size, 1]);
  return adjacencyOf(2 * size, edgesOf(2 * size, list));
}

/** Best modularity gain any single node could still get by moving (0 when the partition is a local optimum). */
function bestMoveGain(g: Adjacency, part: Int32Array, resolution: number): number {
  const k = new Float64Array(g.n);
  let m2 = 0;
  for (let i = 0; i < g.n; i++) {
    for (let p = g.indptr[i]; p < g.indptr[i + 1]; p++) k[i] += g.weights[p];
    m2 += k[i];
  }
  const tot = new Map<number, number>();
  part.forEach((c, i) => tot.set(c, (tot.get(c) ?? 0) + k[i]));
  let best = 0;
  for (let i = 0; i < g.n; i++) {
    const toC = new Map<number, number>();
    for (let p = g.indptr[i]; p < g.indptr[i + 1]; p++) toC.set(part[g.indices[p]], (toC.get(part[g.indices[p]]) ?? 0) + g.weights[p]);
    const stay = (toC.get(part[i]) ?? 0) - (resolution * k[i] * (tot.get(part[i])! - k[i])) / m2;
    for (const [c, w] of toC) if (c !== part[i]) best = Math.max(best, (w - (resolution * k[i] * tot.get(c)!) / m2 - stay) / m2);
  }
  return best;
}

describe('refinePartition (Leiden-style refinement)', () => {
  it('localMoves puts a node given to the wrong clique back with its own', () => {
    const g = twoCliques(6);
    const part = Int32Array.from({ length: 12 }, (_, i) => (i < 6 ? 0 : 1));
    part[2] = 1; // node 2 belongs to the first clique: all its edges go there
    const out = localMoves(g, part, 1);
    expect(Array.from(out)).toEqual(Array.from({ length: 12 }, (_, i) => (i < 6 ? 0 : 1)));
  });

  it('localMoves leaves a partition that is already a local optimum unchanged', () => {
    const g = twoCliques(5);
    const part = Int32Array.from({ length: 10 }, (_, i) => (i < 5 ? 3 : 7));
    expect(Array.from(localMoves(g, part, 1))).toEqual(Array.from(part));
  });

  it('splitDisconnected gives each connected piece of a community its own id', () => {
    // Community 0 = two triangles with no edge between them; community 1 = one triangle.
    const list: [number, number, number][] = [[0, 1, 1], [1, 2, 1], [0, 2, 1], [3, 4, 1], [4, 5, 1], [3, 5, 1], [6, 7, 1], [7, 8, 1], [6, 8, 1], [2, 6, 0.1]];
    const g = adjacencyOf(9, edgesOf(9, list));
    const out = splitDisconnected(g, Int32Array.from([0, 0, 0, 0, 0, 0, 1, 1, 1]));
    expect(out[0]).toBe(out[1]);
    expect(out[1]).toBe(out[2]);
    expect(out[3]).toBe(out[4]);
    expect(out[4]).toBe(out[5]);
    expect(out[3]).not.toBe(out[0]);
    expect(out[3]).not.toBe(out[6]);
    expect(new Set(out).size).toBe(3);
  });

  it('clusterKnn returns a partition no single paper can improve by moving (on the full fuzzy graph)', () => {
    // Overlapping blobs: the consensus Louvain alone leaves boundary points where a move would raise modularity.
    for (const seed of [3, 5, 11]) {
      const b = blobs(5, 40, 10, 1.1, seed);
      const k = graphNeighbors(b.n);
      const knn = exactKnn(b.data, b.n, b.dim, k);
      const cl = clusterKnn(knn, { k, resolution: 1, seed: 42, minSize: 1 });
      const g = adjacencyOf(b.n, fuzzyEdges(knn, k));
      expect(bestMoveGain(g, cl, effectiveResolution(1, b.n))).toBeLessThan(1e-9); // the resolution Louvain used (small-corpus raise)
    }
  });
});
