import { describe, it, expect } from 'vitest';
import { computeGeometry, inRegion } from '../../src/map/regions.ts';
import { colourGraph, PALETTE } from '../../src/map/palette.ts';
import { syntheticLayout } from '../../src/map/demo-data.ts';
import { mulberry32 } from '../../src/pipeline/random.ts';
import type { Layout } from '../../src/types.ts';

/** Gaussian blobs at given centres (sd 1), plus uniform outliers. */
function blobs(centres: [number, number][], per: number, outliers = 0, seed = 1): Layout {
  const rnd = mulberry32(seed);
  const g = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const x: number[] = [], y: number[] = [], cl: number[] = [];
  centres.forEach(([cx, cy], c) => {
    for (let i = 0; i < per; i++) {
      x.push(cx + g());
      y.push(cy + g());
      cl.push(c);
    }
  });
  for (let i = 0; i < outliers; i++) {
    x.push(rnd() * 60 - 30);
    y.push(rnd() * 60 - 30);
    cl.push(-1);
  }
  const n = x.length;
  return {
    x: Float32Array.from(x), y: Float32Array.from(y), cluster: Int32Array.from(cl), dupOf: Int32Array.from({ length: n }, (_, i) => i),
    clusters: centres.map(([cx, cy], id) => ({ id, label: `c${id}`, terms: [], size: per, members: [], cx, cy })),
  };
}

describe('cluster regions', () => {
  it('draws a region around most of each cluster, away from the outliers', () => {
    const l = blobs([[-15, -15], [15, -15], [0, 15]], 200, 60);
    const g = computeGeometry(l);
    expect(g.regions.size).toBe(3);
    for (const [id, r] of g.regions) {
      let inside = 0;
      for (let i = 0; i < l.x.length; i++) if (l.cluster[i] === id && inRegion(r, l.x[i], l.y[i])) inside++;
      expect(inside / 200).toBeGreaterThan(0.8);
    }
    // Outliers scattered over the square: most fall outside every region.
    let out = 0;
    for (let i = 600; i < l.x.length; i++) if (![...g.regions.values()].some((r) => inRegion(r, l.x[i], l.y[i]))) out++;
    expect(out / 60).toBeGreaterThan(0.8);
  });

  it('draws a region around the cluster\'s main body, not round its small groups scattered elsewhere', () => {
    // Cluster 0: a blob of 300 at (0, 0) and three groups of 16 (sd 0.6) far out; cluster 1: a blob of 300 at (12, 0).
    // Before, each group got a part of the region of its own.
    const l = blobs([[0, 0], [12, 0]], 300);
    const rnd = mulberry32(5);
    const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    const far: [number, number][] = [[-14, 14], [14, 14], [-14, -14]];
    const x = [...l.x], y = [...l.y], cl = [...l.cluster];
    for (const [fx, fy] of far) for (let i = 0; i < 16; i++) {
      x.push(fx + 0.6 * gauss());
      y.push(fy + 0.6 * gauss());
      cl.push(0);
    }
    const m: Layout = { ...l, x: Float32Array.from(x), y: Float32Array.from(y), cluster: Int32Array.from(cl), dupOf: Int32Array.from(x, (_, i) => i) };
    const g = computeGeometry(m);
    const r = g.regions.get(0)!;
    expect(inRegion(r, 0, 0)).toBe(true);
    for (const [fx, fy] of far) expect(inRegion(r, fx, fy)).toBe(false);
    const [cx, cy] = g.cores.get(0)!;
    expect(inRegion(r, cx, cy)).toBe(true);
  });

  it('puts each core on a member point of the cluster', () => {
    const l = blobs([[-10, 0], [10, 0]], 150);
    const g = computeGeometry(l);
    for (const [id, [cx, cy]] of g.cores) {
      const j = [...l.x.keys()].find((i) => l.x[i] === cx && l.y[i] === cy)!;
      expect(l.cluster[j]).toBe(id);
    }
  });

  it('finds touching clusters adjacent (symmetrically) and distant ones not', () => {
    const l = blobs([[0, 0], [3, 0], [40, 40]], 200);
    const g = computeGeometry(l);
    expect(g.adjacency.get(0)?.has(1)).toBe(true);
    expect(g.adjacency.get(1)?.has(0)).toBe(true);
    expect(g.adjacency.get(2)?.has(0) ?? false).toBe(false);
    expect(g.adjacency.get(0)?.has(2) ?? false).toBe(false);
  });

  it('stays cheap with thousands of clusters (regions for the biggest only)', () => {
    const l = syntheticLayout(20_000, 2000, 4);
    const g = computeGeometry(l);
    expect(g.regions.size).toBeLessThanOrEqual(80);
  });
});

describe('adjacency colouring', () => {
  it('never gives two neighbours the same colour on a grid of 40 touching clusters', () => {
    const centres: [number, number][] = [];
    for (let r = 0; r < 5; r++) for (let c = 0; c < 8; c++) centres.push([c * 4, r * 4]);
    const l = blobs(centres, 60, 0, 3);
    const g = computeGeometry(l);
    const slots = colourGraph(l.clusters.map((c) => c.id), g.adjacency);
    let edges = 0;
    for (const [a, nbs] of g.adjacency) for (const b of nbs.keys()) {
      edges++;
      expect(slots.get(a), `${a} vs ${b}`).not.toBe(slots.get(b));
    }
    expect(edges).toBeGreaterThan(40);
  });

  it('gives the biggest cluster the first colour and spreads colours over unconnected clusters', () => {
    const ids = Array.from({ length: PALETTE.length }, (_, i) => i);
    const slots = colourGraph(ids, new Map());
    expect(slots.get(0)).toBe(0);
    expect(new Set(slots.values()).size).toBe(PALETTE.length);
  });

  it('falls back to the least-touching colour when a cluster has more neighbours than colours', () => {
    const adj = new Map<number, Map<number, number>>();
    const link = (a: number, b: number, w: number) => {
      if (!adj.has(a)) adj.set(a, new Map());
      if (!adj.has(b)) adj.set(b, new Map());
      adj.get(a)!.set(b, w);
      adj.get(b)!.set(a, w);
    };
    const n = PALETTE.length + 1;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) link(i, j, 1);
    const slots = colourGraph(Array.from({ length: n }, (_, i) => i), adj);
    expect(slots.size).toBe(n);
    // A complete graph one bigger than the palette: exactly one pair has to share a colour.
    const shared = [...slots.entries()].filter(([a]) => [...slots.entries()].some(([b, s]) => b !== a && s === slots.get(a)));
    expect(shared.length).toBe(2);
  });
});
