import { describe, it, expect } from 'vitest';
import { nnDescent } from '../../src/pipeline/nndescent.ts';
import { buildKnn, exactKnn, EXACT_UP_TO } from '../../src/pipeline/knn.ts';
import { recall } from '../../bench/quality.ts';
import { blobs } from './blobs.ts';

describe('nnDescent', () => {
  // 3,000 points in 40 overlapping blobs, 32-d: neighbours are not trivially the blob.
  const b = blobs(40, 75, 32, 0.9, 5);

  it('finds at least 90% of the exact 15 nearest neighbours', () => {
    const exact = exactKnn(b.data, b.n, b.dim, 15);
    const approx = nnDescent(b.data, b.n, b.dim, 15, { seed: 1 });
    expect(recall(approx, exact)).toBeGreaterThanOrEqual(0.9);
  });

  it('returns full rows sorted by distance, never the row itself, with true cosine distances', () => {
    const knn = nnDescent(b.data, b.n, b.dim, 10, { seed: 2 });
    for (let i = 0; i < b.n; i++) {
      const row = Array.from(knn.indices.subarray(i * 10, i * 10 + 10));
      expect(row).not.toContain(i);
      expect(new Set(row).size).toBe(10);
      for (let p = 0; p < 10; p++) {
        const j = row[p];
        expect(j).toBeGreaterThanOrEqual(0);
        let s = 0;
        for (let d = 0; d < b.dim; d++) s += b.data[i * b.dim + d] * b.data[j * b.dim + d];
        expect(knn.dists[i * 10 + p]).toBeCloseTo(Math.max(0, 1 - s), 5);
        if (p > 0) expect(knn.dists[i * 10 + p]).toBeGreaterThanOrEqual(knn.dists[i * 10 + p - 1]);
      }
    }
  });

  it('is deterministic for a seed', () => {
    const small = blobs(5, 60, 8, 0.7, 3);
    const a = nnDescent(small.data, small.n, small.dim, 8, { seed: 4 });
    const c = nnDescent(small.data, small.n, small.dim, 8, { seed: 4 });
    expect(Array.from(a.indices)).toEqual(Array.from(c.indices));
  });

  it('copes with duplicate and zero rows and with k >= n', () => {
    const n = 40;
    const data = new Float32Array(n * 4);
    for (let i = 0; i < 30; i++) data[i * 4] = 1; // 30 identical rows, 10 zero rows
    const knn = nnDescent(data, n, 4, 5, { seed: 1 });
    expect(Array.from(knn.indices).every((j) => j >= 0 && j < n)).toBe(true);
    expect(nnDescent(data, 3, 4, 15, { seed: 1 }).k).toBe(2);
    expect(nnDescent(data, 1, 4, 15, { seed: 1 }).k).toBe(0);
  });

  it('reports progress up to completion', () => {
    const seen: number[] = [];
    nnDescent(b.data, 500, b.dim, 10, { seed: 1, onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(1);
    expect(Math.max(...seen)).toBeLessThanOrEqual(1);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
  });
});

describe('buildKnn', () => {
  it('is exact up to EXACT_UP_TO rows', () => {
    const s = blobs(4, 50, 8, 0.8, 9);
    expect(s.n).toBeLessThanOrEqual(EXACT_UP_TO);
    const a = buildKnn(s.data, s.n, s.dim, 7);
    const e = exactKnn(s.data, s.n, s.dim, 7);
    expect(Array.from(a.indices)).toEqual(Array.from(e.indices));
  });
});
