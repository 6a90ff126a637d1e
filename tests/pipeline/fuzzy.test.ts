import { describe, it, expect } from 'vitest';
import { fuzzyEdges, fuzzyMemberships } from '../../src/pipeline/fuzzy.ts';
import { exactKnn } from '../../src/pipeline/knn.ts';
import { blobs } from './blobs.ts';

const rowSums = (w: Float32Array, n: number, k: number) => Array.from({ length: n }, (_, i) => w.subarray(i * k, (i + 1) * k).reduce((a, b) => a + b, 0));

describe('fuzzyMemberships', () => {
  const b = blobs(3, 40, 10, 0.6, 4);
  const k = 30;
  const knn = exactKnn(b.data, b.n, b.dim, k);

  it("sums each row's strengths to log2(k) (UMAP), the nearest neighbour at 1, decaying with distance", () => {
    const w = fuzzyMemberships(knn, k);
    for (const s of rowSums(w, b.n, k)) expect(s).toBeCloseTo(Math.log2(k), 3);
    for (let i = 0; i < b.n; i++) {
      expect(w[i * k]).toBeCloseTo(1, 6);
      for (let p = 1; p < k; p++) expect(w[i * k + p]).toBeLessThanOrEqual(w[i * k + p - 1] + 1e-7);
    }
  });

  it('spreads the strengths over minShare·k neighbours when that is more than log2(k), and only then', () => {
    const flat = fuzzyMemberships(knn, k, 0.25);
    for (const s of rowSums(flat, b.n, k)) expect(s).toBeCloseTo(0.25 * k, 3);
    const umap = fuzzyMemberships(knn, k);
    // Flatter: the far neighbours weigh more, and no row becomes all ones.
    for (let i = 0; i < b.n; i++) {
      expect(flat[i * k + k - 1]).toBeGreaterThan(umap[i * k + k - 1]);
      expect(flat[i * k + k - 1]).toBeLessThan(1);
    }
    // 0.1·30 = 3 < log2(30): UMAP's weights unchanged.
    expect(Array.from(fuzzyMemberships(knn, k, 0.1))).toEqual(Array.from(umap));
  });

  it('gives the same edges with minShare 0 as without it, and heavier far edges with it', () => {
    const a = fuzzyEdges(knn, k);
    expect([...fuzzyEdges(knn, k, 0)]).toEqual([...a]);
    const f = fuzzyEdges(knn, k, 0.25);
    expect([...f.keys()]).toEqual([...a.keys()]);
    let heavier = 0;
    for (const [key, w] of f) if (w > (a.get(key) ?? 0) + 1e-6) heavier++;
    expect(heavier).toBeGreaterThan(a.size / 2);
  });
});
