import { describe, it, expect } from 'vitest';
import { inflateClusters } from '../../src/pipeline/layout.ts';
import { findAB, stretchAcross } from '../../src/pipeline/project.ts';
import type { Knn } from '../../src/pipeline/knn.ts';

describe('cluster inflation', () => {
  it('grows tight islands about their centres, never past `fill` of the gap to the nearest cluster, and leaves outliers', () => {
    const x = new Float32Array([0, 0.1, -0.1, 10, 10.1, 9.9, 5]);
    const y = new Float32Array([0, 0.1, -0.1, 0, 0.1, -0.1, 8]);
    const cl = Int32Array.from([0, 0, 0, 1, 1, 1, -1]);
    const p = inflateClusters({ x: Float32Array.from(x), y: Float32Array.from(y) }, cl, 0.4);
    // Growth is capped at 8x: radius 0.141 → 1.13, well under 0.4 × 10.
    expect(Math.hypot(p.x[1] - p.x[0], p.y[1] - p.y[0])).toBeCloseTo(8 * Math.hypot(0.1, 0.1), 4);
    expect(p.x[0]).toBeCloseTo(0, 5);
    expect([p.x[6], p.y[6]]).toEqual([5, 8]);
    // Order along each axis is kept inside a cluster.
    expect(p.x[1]).toBeGreaterThan(p.x[0]);
    expect(p.x[2]).toBeLessThan(p.x[0]);
  });

  it('does not shrink a cluster that is already wide', () => {
    const p = inflateClusters({ x: Float32Array.from([-3, 3, 0, 6, 6.5]), y: Float32Array.from([0, 0, 0, 0, 0]) }, Int32Array.from([0, 0, 0, 1, 1]), 0.4);
    expect([p.x[0], p.x[1]]).toEqual([-3, 3]);
  });
});

describe('cluster-aware kNN', () => {
  it('stretches distances to other clusters and re-sorts each row', () => {
    const knn: Knn = { n: 3, k: 2, indices: Int32Array.from([1, 2, 0, 2, 0, 1]), dists: Float32Array.from([0.1, 0.15, 0.1, 0.3, 0.15, 0.3]) };
    const out = stretchAcross(knn, Int32Array.from([0, 1, 0]), 1);
    // Row 0: neighbour 1 (other cluster) 0.1 → 0.2, neighbour 2 (same) 0.15: 2 comes first now.
    expect(Array.from(out.indices.slice(0, 2))).toEqual([2, 1]);
    expect(out.dists[0]).toBeCloseTo(0.15);
    expect(out.dists[1]).toBeCloseTo(0.2);
    expect(Array.from(knn.indices)).toEqual([1, 2, 0, 2, 0, 1]);
  });
});

describe('findAB', () => {
  it('matches umap-learn for its defaults', () => {
    const d = findAB(1, 0.1);
    expect(d.a).toBeCloseTo(1.577, 1);
    expect(d.b).toBeCloseTo(0.895, 2);
    const z = findAB(1, 0);
    expect(z.a).toBeCloseTo(1.929, 1);
    expect(z.b).toBeCloseTo(0.7915, 2);
  });
});
