import { describe, it, expect } from 'vitest';
import { exactKnn, knnPurity } from '../../src/pipeline/knn.ts';
import { blobs } from './blobs.ts';

describe('exactKnn', () => {
  it('matches a brute-force sort of cosine similarities and never lists the point itself', () => {
    const b = blobs(3, 20, 8, 0.8, 11);
    const knn = exactKnn(b.data, b.n, b.dim, 5);
    for (let i = 0; i < b.n; i++) {
      const sims = Array.from({ length: b.n }, (_, j) => {
        let s = 0;
        for (let d = 0; d < b.dim; d++) s += b.data[i * b.dim + d] * b.data[j * b.dim + d];
        return [j, s] as const;
      }).filter(([j]) => j !== i);
      sims.sort((a, c) => c[1] - a[1]);
      const got = Array.from(knn.indices.subarray(i * 5, i * 5 + 5));
      expect(got).not.toContain(i);
      got.forEach((_j, p) => expect(1 - knn.dists[i * 5 + p]).toBeCloseTo(sims[p][1], 5));
      expect(new Set(got)).toEqual(new Set(sims.slice(0, 5).map(([j]) => j)));
    }
  });

  it('clamps k to n - 1', () => {
    const b = blobs(1, 4, 3, 0.5);
    expect(exactKnn(b.data, 4, 3, 15).k).toBe(3);
    expect(exactKnn(b.data.subarray(0, 3), 1, 3, 15).k).toBe(0);
  });

  it('computes label purity of neighbourhoods', () => {
    const b = blobs(2, 15, 6, 0.1);
    expect(knnPurity(exactKnn(b.data, b.n, b.dim, 5), b.truth)).toBe(1);
  });
});
