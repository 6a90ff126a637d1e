import { describe, it, expect } from 'vitest';
import { clusterKnn, dropSmall, effectiveResolution, graphNeighbors, SMALL_CORPUS_N } from '../../src/pipeline/cluster.ts';
import { exactKnn } from '../../src/pipeline/knn.ts';
import { ari } from '../../cli/metrics.ts';
import { blobs } from './blobs.ts';

describe('clusterKnn', () => {
  it('recovers well-separated Gaussian blobs', () => {
    const b = blobs(4, 40, 16, 0.25);
    const knn = exactKnn(b.data, b.n, b.dim, 15);
    const cl = clusterKnn(knn, { k: graphNeighbors(b.n, 15), resolution: 1, seed: 42 });
    expect(Math.max(...cl) + 1).toBe(4);
    expect(ari(b.truth, cl)).toBeGreaterThan(0.95);
  });

  it('gives the same partition for the same seed', () => {
    const b = blobs(5, 30, 12, 0.6, 3);
    const knn = exactKnn(b.data, b.n, b.dim, 15);
    const a = clusterKnn(knn, { k: 10, resolution: 1, seed: 9 });
    const c = clusterKnn(knn, { k: 10, resolution: 1, seed: 9 });
    expect(Array.from(a)).toEqual(Array.from(c));
  });

  it('finds more, smaller clusters at a higher resolution', () => {
    const b = blobs(3, 60, 12, 0.9, 5);
    const knn = exactKnn(b.data, b.n, b.dim, 15);
    const lo = Math.max(...clusterKnn(knn, { k: 12, resolution: 0.3, seed: 1 })) + 1;
    const hi = Math.max(...clusterKnn(knn, { k: 12, resolution: 3, seed: 1 })) + 1;
    expect(hi).toBeGreaterThan(lo);
  });

  it('handles 1 and 2 points as one group (N7)', () => {
    for (const n of [1, 2]) {
      const b = blobs(1, n, 4, 0.1);
      const cl = clusterKnn(exactKnn(b.data, b.n, b.dim, 15), { k: 15, resolution: 1, seed: 1 });
      expect(Array.from(cl)).toEqual(new Array(n).fill(0));
    }
  });

  it('marks communities below the minimum size as outliers (-1), and keeps one group when nothing is big enough', () => {
    expect(Array.from(dropSmall(Int32Array.from([5, 5, 5, 7, 9, 9, 9]), 3))).toEqual([0, 0, 0, -1, 1, 1, 1]);
    expect(Array.from(dropSmall(Int32Array.from([1, 2]), 3))).toEqual([0, 0]);
  });

  it('raises the resolution for small corpora only, less the larger the corpus (SMALL_CORPUS_BOOST)', () => {
    expect(effectiveResolution(1, 68)).toBeCloseTo(1.2, 2);
    expect(effectiveResolution(1, 68)).toBeGreaterThan(effectiveResolution(1, 150));
    expect(effectiveResolution(1, 150)).toBeGreaterThan(effectiveResolution(1, 300));
    expect(effectiveResolution(1, 300)).toBeGreaterThan(1);
    for (const n of [SMALL_CORPUS_N, 1449, 50_000]) expect(effectiveResolution(1, n)).toBe(1);
    expect(effectiveResolution(2, 68)).toBeCloseTo(2 * effectiveResolution(1, 68), 9);
    expect(effectiveResolution(1, 68, 0)).toBe(1);
  });

  it('clusters a small corpus at the raised resolution (the same partition as asking for it with no raise)', () => {
    const b = blobs(3, 30, 12, 0.9, 5);
    const knn = exactKnn(b.data, b.n, b.dim, 15);
    const byDefault = clusterKnn(knn, { k: 10, resolution: 1, seed: 3 });
    const asked = clusterKnn(knn, { k: 10, resolution: effectiveResolution(1, b.n), seed: 3, smallBoost: 0 });
    const plain = clusterKnn(knn, { k: 10, resolution: 1, seed: 3, smallBoost: 0 });
    expect(Array.from(byDefault)).toEqual(Array.from(asked));
    expect(Array.from(byDefault)).not.toEqual(Array.from(plain));
  });
});
