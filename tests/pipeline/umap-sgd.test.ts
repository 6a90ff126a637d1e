import { describe, it, expect } from 'vitest';
import { fuzzyGraph, optimiseLayout, defaultEpochs } from '../../src/pipeline/umap-sgd.ts';
import { project } from '../../src/pipeline/project.ts';
import { exactKnn } from '../../src/pipeline/knn.ts';
import { nnDescent } from '../../src/pipeline/nndescent.ts';
import { purity2d } from '../../bench/quality.ts';
import { blobs } from './blobs.ts';

describe('fuzzyGraph', () => {
  it('lists each undirected pair once with weights in (0, 1], nearest neighbour at 1', () => {
    const b = blobs(3, 20, 6, 0.5, 4);
    const knn = exactKnn(b.data, b.n, b.dim, 8);
    const g = fuzzyGraph(knn, 8);
    const seen = new Set<string>();
    for (let e = 0; e < g.head.length; e++) {
      const key = `${Math.min(g.head[e], g.tail[e])}-${Math.max(g.head[e], g.tail[e])}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      expect(g.weight[e]).toBeGreaterThan(0);
      expect(g.weight[e]).toBeLessThanOrEqual(1);
    }
    for (let i = 0; i < b.n; i++) expect(seen.has(`${Math.min(i, knn.indices[i * 8])}-${Math.max(i, knn.indices[i * 8])}`)).toBe(true);
    expect(g.head.length).toBeLessThanOrEqual(b.n * 8);
  });
});

describe('typed UMAP optimiser', () => {
  const b = blobs(6, 400, 16, 0.6, 8);

  it('gives identical coordinates for the same seed and different ones for another', async () => {
    const knn = nnDescent(b.data, b.n, b.dim, 15, { seed: 1 });
    const run = (seed: number) => project(b.data, b.dim, knn, { nNeighbors: 15, seed, engine: 'typed', nEpochs: 60 });
    const a = await run(3);
    const c = await run(3);
    const d = await run(4);
    expect(Array.from(a.x)).toEqual(Array.from(c.x));
    expect(Array.from(a.y)).toEqual(Array.from(c.y));
    expect(Array.from(a.x)).not.toEqual(Array.from(d.x));
  });

  it('keeps blobs apart as well as umap-js does (2-D kNN-10 purity)', async () => {
    const knn = exactKnn(b.data, b.n, b.dim, 15);
    const labels = b.truth.map(String);
    const typed = await project(b.data, b.dim, knn, { nNeighbors: 15, seed: 1, engine: 'typed', nEpochs: 200 });
    const ref = await project(b.data, b.dim, knn, { nNeighbors: 15, seed: 1, engine: 'umap-js', nEpochs: 200 });
    const pt = purity2d(typed.x, typed.y, labels);
    expect(pt).toBeGreaterThan(0.95);
    expect(pt).toBeGreaterThanOrEqual(purity2d(ref.x, ref.y, labels) - 0.02);
  });

  it('reports progress, yields, and stops when the yield throws (cancellation)', async () => {
    const knn = exactKnn(b.data, 300, b.dim, 10);
    const g = fuzzyGraph(knn, 10);
    const emb = new Float64Array(600).map((_, i) => Math.sin(i));
    const fractions: number[] = [];
    let yields = 0;
    const p = optimiseLayout(emb, 300, g, {
      nEpochs: 50,
      seed: 1,
      onEpoch: (f) => fractions.push(f),
      yieldEvery: async () => {
        if (++yields === 2) throw new DOMException('Cancelled', 'AbortError');
      },
    });
    await expect(p).rejects.toThrow(/Cancelled/);
    expect(fractions).toEqual([0.2, 0.4]);
  });

  it('uses fewer epochs above 10,000 points', () => {
    expect(defaultEpochs(5000)).toBe(500);
    expect(defaultEpochs(50_000)).toBeLessThan(defaultEpochs(5000));
  });
});

describe('typed UMAP on tiny inputs', () => {
  it('never throws for N = 1..16 and returns finite coordinates in [-1, 1]', async () => {
    for (let n = 1; n <= 16; n++) {
      const s = blobs(1, n, 5, 0.5, n);
      const knn = exactKnn(s.data, n, s.dim, 15);
      const { x, y } = await project(s.data, s.dim, knn, { nNeighbors: 15, seed: 2, engine: 'typed', nEpochs: 40 });
      for (let i = 0; i < n; i++) {
        expect(Number.isFinite(x[i]) && Number.isFinite(y[i])).toBe(true);
        expect(Math.max(Math.abs(x[i]), Math.abs(y[i]))).toBeLessThanOrEqual(1);
      }
    }
  });
});
