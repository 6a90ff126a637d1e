/**
 * Pure view geometry. Data (layout) coordinates go through a fitted base
 * mapping (equal aspect, y up, padded) to "base pixels", then through the
 * d3-zoom transform {k, x, y} to CSS pixels of the map:
 *   screenX = k * (ox + s * x) + tx,   screenY = k * (oy - s * y) + ty.
 * Nothing here touches the DOM, so it is tested in Node.
 */
import type { Bounds } from './geometry.ts';

/** Base mapping: CSS px per data unit `s`, and offsets in CSS px. */
export interface BaseFit {
  s: number;
  ox: number;
  oy: number;
}

/** The part of d3.ZoomTransform we rely on (a d3.ZoomTransform satisfies it). */
export interface ViewTransform {
  k: number;
  x: number;
  y: number;
}

export const IDENTITY: ViewTransform = { k: 1, x: 0, y: 0 };

/**
 * Fits the extent into width x height CSS px with `pad` px on every side,
 * keeping aspect ratio (distances on the map mean the same in x and y) and
 * centring the shorter side. A zero-size extent (one point) is centred at s = 1.
 */
export function fitBase(ext: Bounds | null, width: number, height: number, pad: number): BaseFit {
  if (!ext) return { s: 1, ox: width / 2, oy: height / 2 };
  const dx = ext.x1 - ext.x0, dy = ext.y1 - ext.y0;
  const aw = Math.max(1, width - 2 * pad), ah = Math.max(1, height - 2 * pad);
  let s = Math.min(dx > 0 ? aw / dx : Infinity, dy > 0 ? ah / dy : Infinity);
  if (!Number.isFinite(s)) s = 1;
  const cx = (ext.x0 + ext.x1) / 2, cy = (ext.y0 + ext.y1) / 2;
  return { s, ox: width / 2 - s * cx, oy: height / 2 + s * cy };
}

/** Coefficients of the combined mapping: screenX = ax * x + bx, screenY = ay * y + by. */
export interface Affine {
  ax: number;
  bx: number;
  ay: number;
  by: number;
}

export function combine(base: BaseFit, t: ViewTransform): Affine {
  return { ax: t.k * base.s, bx: t.k * base.ox + t.x, ay: -t.k * base.s, by: t.k * base.oy + t.y };
}

export function toScreen(a: Affine, x: number, y: number): [number, number] {
  return [a.ax * x + a.bx, a.ay * y + a.by];
}

export function toData(a: Affine, sx: number, sy: number): [number, number] {
  return [(sx - a.bx) / a.ax, (sy - a.by) / a.ay];
}

/** A screen-space polygon [x0,y0,...] mapped to data space. */
export function polygonToData(a: Affine, screen: ArrayLike<number>): Float64Array {
  const out = new Float64Array(screen.length);
  for (let i = 0; i + 1 < screen.length; i += 2) {
    out[i] = (screen[i] - a.bx) / a.ax;
    out[i + 1] = (screen[i + 1] - a.by) / a.ay;
  }
  return out;
}

/** Data-space rectangle currently visible in a width x height view (for culling). */
export function visibleData(a: Affine, width: number, height: number): Bounds {
  const [xa, ya] = toData(a, 0, 0);
  const [xb, yb] = toData(a, width, height);
  return { x0: Math.min(xa, xb), y0: Math.min(ya, yb), x1: Math.max(xa, xb), y1: Math.max(ya, yb) };
}

/**
 * Point size in CSS px: big dots for a few dozen papers, fine dots for 100k+.
 * Grows gently when zoomed in (sqrt of zoom, capped) so dense regions open up.
 */
export function pointRadius(nPoints: number, k: number, spacingPx?: number): number {
  let base = nPoints <= 200 ? 5 : nPoints <= 2000 ? 3.5 : nPoints <= 20000 ? 2.2 : nPoints <= 200000 ? 1.5 : 1;
  // With the typical spacing between neighbouring points at Fit (px), dots fill sparse maps and stay fine in dense ones.
  if (spacingPx !== undefined && Number.isFinite(spacingPx) && spacingPx > 0) base = Math.min(1.4 * base, Math.max(1, 0.4 * spacingPx));
  return base * Math.min(3, Math.max(1, Math.sqrt(k)));
}
