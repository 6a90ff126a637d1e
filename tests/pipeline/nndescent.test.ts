import { describe, it, expect } from 'vitest';
import { nnDescent, pickSplitRows } from '../../src/pipeline/nndescent.ts';
import { mulberry32 } from '../../src/pipeline/random.ts';
import { buildKnn, exactKnn, EXACT_UP_TO } from '../../src/pipeline/knn.ts';
import { recall } from '../../bench/quality.ts';
import { blobs } from './blobs.ts';

describe('nnDescent', () => {
  // 3,000 points in 40 overlapping blobs, 32-d: neighbours are not trivially the blob.
  const b = blobs(40, 75, 32, 0.9, 5);

  it('finds at least 95% of the exact 15 nearest neighbours (the README figure), for several seeds', () => {
    const exact = exactKnn(b.data, b.n, b.dim, 15);
    for (const seed of [1, 2, 3]) {
      const approx = nnDescent(b.data, b.n, b.dim, 15, { seed });
      expect(recall(approx, exact)).toBeGreaterThanOrEqual(0.95);
    }
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

describe('pickSplitRows (the two rows that split a tree node)', () => {
  it('draws two distinct rows of the node perm[lo, hi), whatever the row ids stored there', () => {
    // Row ids unrelated to positions (reversed), in nodes anywhere in the array, as deep in a tree.
    const n = 64;
    const perm = Int32Array.from({ length: n }, (_, i) => n - 1 - i);
    const source = mulberry32(7);
    for (let t = 0; t < 2000; t++) {
      const lo = Math.floor(source() * (n - 2));
      const hi = Math.min(n, lo + 2 + Math.floor(source() * 6));
      const inNode = new Set(perm.subarray(lo, hi));
      // Every other node, a generator that gives each draw twice, so both positions collide.
      let held = -1;
      const twice = () => (held < 0 ? (held = source()) : ((v) => ((held = -1), v))(held));
      const [a, c] = pickSplitRows(perm, lo, hi, t % 2 ? source : twice);
      expect(inNode.has(a)).toBe(true);
      expect(inNode.has(c)).toBe(true);
      expect(a).not.toBe(c);
    }
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
