import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { pointInPolygon } from '../../src/map/geometry.ts';
import { lassoHitTest, rasterizePolygon } from '../../src/map/lasso-hit.ts';
import { mulberry32 } from '../../src/map/demo-data.ts';

function randomPoints(n: number, seed: number) {
  const rnd = mulberry32(seed);
  const xs = new Float32Array(n), ys = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = rnd() * 100 - 50;
    ys[i] = rnd() * 100 - 50;
  }
  return { xs, ys };
}

/** A wobbly star-shaped lasso, like a free-hand stroke. */
function wobblyLasso(seed: number, vertices: number): number[] {
  const rnd = mulberry32(seed);
  const cx = rnd() * 40 - 20, cy = rnd() * 40 - 20;
  const out: number[] = [];
  for (let i = 0; i < vertices; i++) {
    const a = (2 * Math.PI * i) / vertices, r = 8 + rnd() * 25;
    out.push(cx + r * Math.cos(a), cy + r * Math.sin(a));
  }
  return out;
}

function brute(xs: Float32Array, ys: Float32Array, poly: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) if (pointInPolygon(xs[i], ys[i], poly)) out.push(i);
  return out;
}

describe('lassoHitTest', () => {
  it('matches brute-force point-in-polygon on the exact path', () => {
    const { xs, ys } = randomPoints(20000, 1);
    for (let s = 0; s < 10; s++) {
      const poly = wobblyLasso(s, 60);
      const got = lassoHitTest(xs, ys, poly, { rasterThreshold: Infinity });
      expect(got).toEqual(brute(xs, ys, poly));
    }
  });

  it('matches brute force on the raster-mask path, including self-intersecting strokes', () => {
    const { xs, ys } = randomPoints(30000, 2);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -60, max: 60, noNaN: true }), fc.double({ min: -60, max: 60, noNaN: true })), { minLength: 3, maxLength: 40 }),
        fc.integer({ min: 2, max: 300 }),
        (verts, grid) => {
          const poly = verts.flat();
          const got = lassoHitTest(xs, ys, poly, { rasterThreshold: 0, gridSize: grid });
          expect(got).toEqual(brute(xs, ys, poly));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('handles points lying exactly on grid and polygon vertices', () => {
    // Integer points and an axis-aligned polygon on integer coordinates: worst case for cell borders.
    const xs = new Float32Array(441), ys = new Float32Array(441);
    for (let i = 0; i < 441; i++) {
      xs[i] = (i % 21) - 10;
      ys[i] = Math.floor(i / 21) - 10;
    }
    const poly = [-5, -5, 5, -5, 5, 0, 0, 0, 0, 5, -5, 5];
    for (const grid of [1, 3, 10, 64]) {
      expect(lassoHitTest(xs, ys, poly, { rasterThreshold: 0, gridSize: grid })).toEqual(brute(xs, ys, poly));
    }
  });

  it('never selects non-finite points and returns nothing for degenerate lassos', () => {
    const xs = new Float32Array([0, NaN, 1]), ys = new Float32Array([0, 0, NaN]);
    expect(lassoHitTest(xs, ys, [-1, -1, 2, -1, 2, 2, -1, 2])).toEqual([0]);
    expect(lassoHitTest(xs, ys, [-1, -1, 2, 2])).toEqual([]);
  });

  it('marks cells crossed by an edge as edge cells and the middle of a square as inside', () => {
    const m = rasterizePolygon([0, 0, 10, 0, 10, 10, 0, 10], { x0: 0, y0: 0, x1: 10, y1: 10 }, 10);
    expect(m.nx).toBe(11);
    expect(m.mask[5 * m.nx + 5]).toBe(1);
    expect(m.mask[0]).toBe(2);
    expect(m.mask[5 * m.nx + 10]).toBe(2);
  });
});
