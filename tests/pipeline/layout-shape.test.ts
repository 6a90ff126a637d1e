import { describe, it, expect } from 'vitest';
import { inflateClusters, packClusters, viewShare } from '../../src/pipeline/pack.ts';
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

describe('cluster packing', () => {
  /** Three tight islands far apart, one stray far out, and an unclustered point between two islands. */
  function islands() {
    const x: number[] = [], y: number[] = [], c: number[] = [];
    const centres = [[0, 0], [40, 0], [0, 30]];
    centres.forEach(([cx, cy], k) => {
      for (let i = 0; i < 60; i++) {
        const a = i * 2.399, r = 0.8 * Math.sqrt(i / 60);
        x.push(cx + r * Math.cos(a));
        y.push(cy + r * Math.sin(a));
        c.push(k);
      }
    });
    x.push(90, 20); y.push(0, 0); c.push(0, -1); // a stray of cluster 0, far right; an unclustered point between 0 and 1
    return { x: Float32Array.from(x), y: Float32Array.from(y), c: Int32Array.from(c) };
  }

  it('closes the gaps between islands (more of the view used), keeping each cluster\'s inner layout', () => {
    const { x, y, c } = islands();
    const before = viewShare(x, y);
    const p = packClusters({ x: Float32Array.from(x), y: Float32Array.from(y) }, c, 2);
    expect(viewShare(p.x, p.y)).toBeGreaterThan(2 * before);
    // Inside a cluster's core the move is a translation plus one scale: distance ratios are kept.
    const ratio = (i: number, j: number, k: number, xs: Float32Array, ys: Float32Array) =>
      Math.hypot(xs[i] - xs[j], ys[i] - ys[j]) / Math.hypot(xs[i] - xs[k], ys[i] - ys[k]);
    expect(ratio(61, 70, 80, p.x, p.y)).toBeCloseTo(ratio(61, 70, 80, x, y), 1);
    // Clusters stay apart: every point is nearer its own cluster's centre than any other's.
    const centre = (k: number) => [0, 1].map((d) => { let s = 0; for (let i = k * 60; i < k * 60 + 60; i++) s += (d ? p.y : p.x)[i]; return s / 60; });
    const cs = [0, 1, 2].map(centre);
    for (let i = 0; i < 180; i++) {
      const own = Math.floor(i / 60);
      const d = cs.map(([cx, cy]) => Math.hypot(p.x[i] - cx, p.y[i] - cy));
      expect(d.indexOf(Math.min(...d))).toBe(own);
    }
    // The far stray is pulled in: its distance to its cluster, against the clusters' span, shrinks (here 2.2 → 1.1).
    const span = (a: Float32Array) => Math.max(...a) - Math.min(...a);
    expect((p.x[180] - cs[0][0]) / span(p.x.slice(0, 180))).toBeLessThan((0.6 * (x[180] - 0)) / span(x.slice(0, 180)));
    // The unclustered point (between clusters 0 and 1) stays nearer to them than to cluster 2.
    const du = cs.map(([cx, cy]) => Math.hypot(p.x[181] - cx, p.y[181] - cy));
    expect(du[2]).toBeGreaterThan(Math.min(du[0], du[1]));
  });

  it('spreads each cluster inside its own disc: points of different clusters stay at least two spacings apart', () => {
    // Five clumpy clusters (specks at their rims, of 80-240 points): the even spacing must open the specks
    // without pushing rims across the gap to a neighbour (a push between any two points did: the nearest
    // point of another cluster came to 1.1 typical spacings).
    const x: number[] = [], y: number[] = [], c: number[] = [];
    let s = 1;
    const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
    [[0, 0], [40, 0], [0, 30], [40, 30], [20, 15]].forEach(([cx, cy], k) => {
      for (let i = 0; i < 80 + 40 * k; i++) {
        const sp = i % 4, a = rnd() * 6.28, r = 0.15 * Math.sqrt(rnd());
        x.push(cx + (sp ? 0.5 : 0) * Math.cos(sp * 1.7) + r * Math.cos(a));
        y.push(cy + (sp ? 0.5 : 0) * Math.sin(sp * 1.7) + r * Math.sin(a));
        c.push(k);
      }
    });
    const cl = Int32Array.from(c);
    const p = packClusters({ x: Float32Array.from(x), y: Float32Array.from(y) }, cl, 3.5);
    const n = x.length;
    let cross = Infinity;
    const own: number[] = [];
    for (let i = 0; i < n; i++) {
      let o = Infinity;
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        const d = Math.hypot(p.x[i] - p.x[j], p.y[i] - p.y[j]);
        if (cl[j] === cl[i]) o = Math.min(o, d);
        else cross = Math.min(cross, d);
      }
      own.push(o);
    }
    own.sort((a, b) => a - b);
    // Packing happened (the islands were far apart), and the nearest point of another cluster is 2+ typical spacings away (2.8 measured).
    expect(viewShare(p.x, p.y)).toBeGreaterThan(2 * viewShare(x, y));
    expect(cross / own[n >> 1]).toBeGreaterThanOrEqual(2);
  });

  it('leaves a layout alone when packing would not use more of the view', () => {
    // One even cloud split into two halves: nothing to close.
    const x: number[] = [], y: number[] = [], c: number[] = [];
    for (let i = 0; i < 400; i++) {
      x.push((i % 20) / 20);
      y.push(Math.floor(i / 20) / 20);
      c.push(i % 20 < 10 ? 0 : 1);
    }
    const p = packClusters({ x: Float32Array.from(x), y: Float32Array.from(y) }, Int32Array.from(c), 2);
    expect(Array.from(p.x)).toEqual(Array.from(Float32Array.from(x)));
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
