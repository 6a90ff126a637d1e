import { describe, it, expect } from 'vitest';
import { zoomIdentity } from 'd3';
import { combine, fitBase, pointRadius, polygonToData, toData, toScreen, visibleData } from '../../src/map/view-math.ts';

describe('view math', () => {
  const ext = { x0: -10, y0: -2, x1: 30, y1: 8 };

  it('fits the extent inside the padded view with equal aspect and y pointing up', () => {
    const base = fitBase(ext, 800, 600, 20);
    const a = combine(base, zoomIdentity);
    const [l, b] = toScreen(a, ext.x0, ext.y0);
    const [r, t] = toScreen(a, ext.x1, ext.y1);
    expect(l).toBeCloseTo(20, 6);
    expect(r).toBeCloseTo(780, 6);
    expect(b).toBeGreaterThan(t); // larger y is higher on screen
    expect((r - l) / (b - t)).toBeCloseTo(40 / 10, 6);
    expect((b + t) / 2).toBeCloseTo(300, 6);
  });

  it('inverts screen to data for any zoom transform (d3.ZoomTransform)', () => {
    const base = fitBase(ext, 640, 480, 10);
    for (const t of [zoomIdentity, zoomIdentity.translate(37, -12).scale(3.5), zoomIdentity.scale(0.5).translate(200, 100)]) {
      const a = combine(base, t);
      for (const [x, y] of [[0, 0], [-9.5, 7.2], [29, -1]]) {
        const [sx, sy] = toScreen(a, x, y);
        const [dx, dy] = toData(a, sx, sy);
        expect(dx).toBeCloseTo(x, 9);
        expect(dy).toBeCloseTo(y, 9);
        // Matches d3's own transform applied to base pixels.
        const [px, py] = t.apply([base.ox + base.s * x, base.oy - base.s * y]);
        expect(sx).toBeCloseTo(px, 9);
        expect(sy).toBeCloseTo(py, 9);
      }
      const poly = polygonToData(a, [...toScreen(a, 1, 2), ...toScreen(a, 3, 4)]);
      expect(Array.from(poly).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([1, 2, 3, 4]);
    }
  });

  it('centres a single point instead of dividing by zero', () => {
    const base = fitBase({ x0: 5, y0: 5, x1: 5, y1: 5 }, 400, 300, 20);
    expect(toScreen(combine(base, zoomIdentity), 5, 5)).toEqual([200, 150]);
  });

  it('reports the visible data rectangle, shrinking as the zoom grows', () => {
    const base = fitBase(ext, 800, 600, 0);
    const v1 = visibleData(combine(base, zoomIdentity), 800, 600);
    const v2 = visibleData(combine(base, zoomIdentity.scale(4)), 800, 600);
    expect(v1.x1 - v1.x0).toBeCloseTo(4 * (v2.x1 - v2.x0), 6);
  });

  it('draws smaller dots for bigger maps and bigger dots when zoomed in', () => {
    expect(pointRadius(60, 1)).toBeGreaterThan(pointRadius(50000, 1));
    expect(pointRadius(50000, 1)).toBeGreaterThan(pointRadius(1e6, 1));
    expect(pointRadius(50000, 9)).toBeGreaterThan(pointRadius(50000, 1));
  });
});
