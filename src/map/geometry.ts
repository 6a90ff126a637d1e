/**
 * Pure 2-D geometry for selection. Polygons are flat arrays of vertices
 * [x0, y0, x1, y1, ...] in any one coordinate space (the map uses data space).
 * The polygon is implicitly closed (last vertex joins the first).
 */

export interface Bounds {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Even-odd point-in-polygon (ray casting, as in regl-scatterplot's isPointInPolygon). */
export function pointInPolygon(px: number, py: number, poly: ArrayLike<number>): boolean {
  const n = poly.length >> 1;
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = poly[2 * i], yi = poly[2 * i + 1];
    const xj = poly[2 * j], yj = poly[2 * j + 1];
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function polygonBounds(poly: ArrayLike<number>): Bounds {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i + 1 < poly.length; i += 2) {
    const x = poly[i], y = poly[i + 1];
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return { x0, y0, x1, y1 };
}

/** Absolute area (shoelace). A lasso with ~zero area is treated as a click. */
export function polygonArea(poly: ArrayLike<number>): number {
  const n = poly.length >> 1;
  let a = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    a += poly[2 * j] * poly[2 * i + 1] - poly[2 * i] * poly[2 * j + 1];
  }
  return Math.abs(a) / 2;
}

export function boxesIntersect(a: Bounds, b: Bounds): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/**
 * What Fit shows: the points and the cluster regions drawn around them (a region reaches past
 * its outermost points by the blur radius, and was cut by the canvas edge when Fit used the
 * points alone).
 */
export function mapExtent(xs: ArrayLike<number>, ys: ArrayLike<number>, regions?: Iterable<{ bounds: Bounds }> | null): Bounds | null {
  const e = dataExtent(xs, ys);
  if (!e || !regions) return e;
  for (const r of regions) {
    const b = r.bounds;
    if (![b.x0, b.y0, b.x1, b.y1].every(Number.isFinite)) continue;
    e.x0 = Math.min(e.x0, b.x0);
    e.y0 = Math.min(e.y0, b.y0);
    e.x1 = Math.max(e.x1, b.x1);
    e.y1 = Math.max(e.y1, b.y1);
  }
  return e;
}

/** Extent of finite coordinates; null when there is none. */
export function dataExtent(xs: ArrayLike<number>, ys: ArrayLike<number>): Bounds | null {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i], y = ys[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return x0 <= x1 ? { x0, y0, x1, y1 } : null;
}
