import { describe, it, expect } from 'vitest';
import { pointInPolygon, polygonArea, polygonBounds, dataExtent, mapExtent } from '../../src/map/geometry.ts';
import { mapGeometry } from '../../src/map/regions.ts';

const square = [0, 0, 10, 0, 10, 10, 0, 10];
// A "C" shape: the notch (4..10, 4..6) is outside.
const cShape = [0, 0, 10, 0, 10, 4, 4, 4, 4, 6, 10, 6, 10, 10, 0, 10];

describe('pointInPolygon', () => {
  it('finds points inside a square and rejects points outside it', () => {
    expect(pointInPolygon(5, 5, square)).toBe(true);
    expect(pointInPolygon(0.1, 9.9, square)).toBe(true);
    expect(pointInPolygon(-1, 5, square)).toBe(false);
    expect(pointInPolygon(5, 10.5, square)).toBe(false);
  });

  it('treats the notch of a concave polygon as outside', () => {
    expect(pointInPolygon(7, 5, cShape)).toBe(false);
    expect(pointInPolygon(2, 5, cShape)).toBe(true);
    expect(pointInPolygon(7, 2, cShape)).toBe(true);
  });

  it('does not depend on winding direction', () => {
    const reversed: number[] = [];
    for (let i = cShape.length - 2; i >= 0; i -= 2) reversed.push(cShape[i], cShape[i + 1]);
    for (const [x, y] of [[7, 5], [2, 5], [7, 8], [11, 1]]) {
      expect(pointInPolygon(x, y, reversed)).toBe(pointInPolygon(x, y, cShape));
    }
  });
});

describe('polygon measures', () => {
  it('computes area and bounds of a concave polygon', () => {
    expect(polygonArea(cShape)).toBeCloseTo(100 - 12, 9);
    expect(polygonBounds(cShape)).toEqual({ x0: 0, y0: 0, x1: 10, y1: 10 });
  });

  it('ignores non-finite points in the data extent', () => {
    const xs = new Float32Array([1, NaN, -3, Infinity]);
    const ys = new Float32Array([2, 5, 4, 1]);
    expect(dataExtent(xs, ys)).toEqual({ x0: -3, y0: 2, x1: 1, y1: 4 });
    expect(dataExtent(new Float32Array([NaN]), new Float32Array([0]))).toBeNull();
  });
});

describe('mapExtent (what Fit shows)', () => {
  it('widens the points\' extent to the regions drawn around them', () => {
    const xs = [0, 10], ys = [0, 5];
    const e = mapExtent(xs, ys, [{ bounds: { x0: -2, y0: 1, x1: 8, y1: 9 } }, { bounds: { x0: NaN, y0: 0, x1: 0, y1: 0 } }]);
    expect(e).toEqual({ x0: -2, y0: 0, x1: 10, y1: 9 });
    expect(mapExtent(xs, ys, null)).toEqual(dataExtent(xs, ys));
    expect(mapExtent([], [], [{ bounds: { x0: 0, y0: 0, x1: 1, y1: 1 } }])).toBeNull();
  });

  it('holds every region of a real map geometry (regions reach past their outermost points)', () => {
    // Four small clusters of 12 papers each, apart like the demo's: a region is drawn around its
    // points with a blurred margin, so it reaches past them.
    const x = new Float32Array(48), y = new Float32Array(48), cluster = new Int32Array(48), dupOf = new Int32Array(48);
    const centres = [[0, 0], [10, 0], [0, 10], [10, 10]];
    for (let i = 0; i < 48; i++) {
      const c = Math.floor(i / 12), a = (2 * Math.PI * (i % 12)) / 12;
      x[i] = centres[c][0] + Math.cos(a) * (1 + (i % 3) * 0.3);
      y[i] = centres[c][1] + Math.sin(a) * (1 + (i % 3) * 0.3);
      cluster[i] = c;
      dupOf[i] = i;
    }
    const clusters = centres.map(([cx, cy], c) => ({ id: c, label: `t${c}`, terms: [`t${c}`], size: 12, members: Array.from({ length: 12 }, (_, j) => c * 12 + j), cx, cy }));
    const l = { x, y, cluster, dupOf, clusters };
    const geo = mapGeometry(l);
    expect(geo.regions.size).toBe(4);
    const pts = dataExtent(l.x, l.y)!;
    const e = mapExtent(l.x, l.y, geo.regions.values())!;
    let wider = false;
    for (const r of geo.regions.values()) {
      expect(r.bounds.x0).toBeGreaterThanOrEqual(e.x0);
      expect(r.bounds.y0).toBeGreaterThanOrEqual(e.y0);
      expect(r.bounds.x1).toBeLessThanOrEqual(e.x1);
      expect(r.bounds.y1).toBeLessThanOrEqual(e.y1);
      wider ||= r.bounds.x0 < pts.x0 || r.bounds.y0 < pts.y0 || r.bounds.x1 > pts.x1 || r.bounds.y1 > pts.y1;
    }
    expect(wider, 'some region reaches past the points, which Fit by points alone would cut').toBe(true);
  });
});
