/**
 * Lasso hit testing in data coordinates: bounding-box prefilter, then either
 * an exact point-in-polygon test per candidate (few candidates) or a raster
 * mask of the polygon (many candidates). The mask marks each grid cell as
 * outside (0), inside (1) or touched by an edge (2); only points in edge
 * cells pay for an exact point-in-polygon test, so the result equals the
 * brute-force answer while costing ~O(N) for 1M points.
 */
import { pointInPolygon, polygonBounds, type Bounds } from './geometry.ts';

export interface LassoHitOptions {
  /** Candidates above this count use the raster mask. Default 4000. */
  rasterThreshold?: number;
  /** Mask cells along the longer side of the lasso's bounding box. Default 512. */
  gridSize?: number;
}

/** Indices (ascending) of finite points inside the polygon [x0,y0,x1,y1,...]. */
export function lassoHitTest(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  poly: ArrayLike<number>,
  opts: LassoHitOptions = {},
): number[] {
  if (poly.length < 6) return [];
  const b = polygonBounds(poly);
  const cand: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i], y = ys[i];
    // NaN fails every comparison, so non-finite points drop out here.
    if (x >= b.x0 && x <= b.x1 && y >= b.y0 && y <= b.y1) cand.push(i);
  }
  if (cand.length <= (opts.rasterThreshold ?? 4000)) {
    return cand.filter((i) => pointInPolygon(xs[i], ys[i], poly));
  }
  const m = rasterizePolygon(poly, b, opts.gridSize ?? 512);
  const out: number[] = [];
  for (const i of cand) {
    const x = xs[i], y = ys[i];
    const c = Math.min(m.nx - 1, Math.floor((x - b.x0) / m.cell));
    const r = Math.min(m.ny - 1, Math.floor((y - b.y0) / m.cell));
    const v = m.mask[r * m.nx + c];
    if (v === 1 || (v === 2 && pointInPolygon(x, y, poly))) out.push(i);
  }
  return out;
}

export interface PolygonMask {
  /** Row-major nx*ny cells: 0 outside, 1 inside, 2 crossed by an edge. */
  mask: Uint8Array;
  nx: number;
  ny: number;
  /** Cell side in polygon units; cell (c, r) covers [x0 + c*cell, x0 + (c+1)*cell). */
  cell: number;
}

/** Relative slack so an edge lying exactly on a cell border marks both cells. */
const EPS = 1e-7;

export function rasterizePolygon(poly: ArrayLike<number>, b: Bounds, gridSize: number): PolygonMask {
  const span = Math.max(b.x1 - b.x0, b.y1 - b.y0) || 1;
  const cell = span / gridSize;
  const nx = Math.floor((b.x1 - b.x0) / cell) + 1;
  const ny = Math.floor((b.y1 - b.y0) / cell) + 1;
  const mask = new Uint8Array(nx * ny);
  const n = poly.length >> 1;
  const col = (x: number, slack: number) => Math.max(0, Math.min(nx - 1, Math.floor((x - b.x0) / cell + slack)));
  const row = (y: number, slack: number) => Math.max(0, Math.min(ny - 1, Math.floor((y - b.y0) / cell + slack)));

  // Edge cells: for each row band an edge crosses, mark the columns its clipped piece spans.
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const ax = poly[2 * j], ay = poly[2 * j + 1], bx = poly[2 * i], by = poly[2 * i + 1];
    const ylo = Math.min(ay, by), yhi = Math.max(ay, by);
    for (let r = row(ylo, -EPS); r <= row(yhi, EPS); r++) {
      const bandLo = Math.max(ylo, b.y0 + r * cell), bandHi = Math.min(yhi, b.y0 + (r + 1) * cell);
      let xa: number, xb: number;
      if (ay === by) {
        xa = ax;
        xb = bx;
      } else {
        xa = ax + ((bx - ax) * (bandLo - ay)) / (by - ay);
        xb = ax + ((bx - ax) * (bandHi - ay)) / (by - ay);
      }
      const c0 = col(Math.min(xa, xb), -EPS), c1 = col(Math.max(xa, xb), EPS);
      for (let c = c0; c <= c1; c++) mask[r * nx + c] = 2;
    }
  }

  // Interior: scanline at each row's centre; fill cells whose centre lies between crossing pairs.
  const xs: number[] = [];
  for (let r = 0; r < ny; r++) {
    const yc = b.y0 + (r + 0.5) * cell;
    xs.length = 0;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const yi = poly[2 * i + 1], yj = poly[2 * j + 1];
      if (yi > yc !== yj > yc) {
        const xi = poly[2 * i], xj = poly[2 * j];
        xs.push(xi + ((xj - xi) * (yc - yi)) / (yj - yi));
      }
    }
    xs.sort((p, q) => p - q);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const c0 = Math.max(0, Math.ceil((xs[k] - b.x0) / cell - 0.5));
      const c1 = Math.min(nx - 1, Math.floor((xs[k + 1] - b.x0) / cell - 0.5));
      for (let c = c0; c <= c1; c++) if (mask[r * nx + c] === 0) mask[r * nx + c] = 1;
    }
  }
  return { mask, nx, ny, cell };
}
