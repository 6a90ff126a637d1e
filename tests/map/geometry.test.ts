import { describe, it, expect } from 'vitest';
import { pointInPolygon, polygonArea, polygonBounds, dataExtent } from '../../src/map/geometry.ts';

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
