/**
 * Cluster regions, computed once per layout in data space: every cluster's
 * points are binned on one grid and smoothed (three box-blur passes ≈ a
 * Gaussian); a cell belongs to the cluster with the highest density there
 * (outliers compete too, so they stay outside), and the region is the
 * contour of the owned density at the level that keeps ~90% of the cluster's
 * points inside (d3-contour, marching squares). The same grid gives the
 * cluster adjacency graph (owned cells that touch or nearly touch) used to
 * colour neighbours apart, each cluster's core (its member at the highest
 * density, where the label goes), and the area per point (point size).
 * Pure: typed arrays in, plain objects out. Cost O(n + cells · regions).
 */
import { contours } from 'd3';
import type { Layout } from '../types.ts';
import { dataExtent, type Bounds } from './geometry.ts';

export interface ClusterRegion {
  id: number;
  /** Closed rings in data coordinates, flat [x0, y0, x1, y1, ...]; holes are rings too (fill with even-odd). */
  rings: Float64Array[];
  /** Data-space bounds of the rings. */
  bounds: Bounds;
}

export interface MapGeometry {
  regions: Map<number, ClusterRegion>;
  /** Cluster id → neighbouring cluster id → contact strength (cells). */
  adjacency: Map<number, Map<number, number>>;
  /** Cluster id → the member point at the cluster's highest density (data coordinates). */
  cores: Map<number, [number, number]>;
  /** Data-space area around one point: occupied grid area / points. */
  areaPerPoint: number;
}

/** Regions are drawn for at most this many clusters (biggest first); the rest keep their points and labels. */
export const MAX_REGIONS = 80;
/** Share of a cluster's points its region is drawn around. */
const KEEP = 0.9;
/**
 * A part of a region smaller than this share of the region's biggest part is not drawn (unless it
 * holds the core): on maps whose clusters interleave (5,000 arXiv papers), a cluster's scattered
 * small groups owned cells all over the map, and the regions read as a patchwork.
 */
const MIN_PART = 0.15;

function blur(src: Float32Array<ArrayBuffer>, w: number, h: number, r: number): Float32Array<ArrayBuffer> {
  let a = src, b = new Float32Array(src.length);
  const norm = 1 / (2 * r + 1);
  for (let pass = 0; pass < 3; pass++) {
    for (let y = 0; y < h; y++) {
      const o = y * w;
      let s = 0;
      for (let x = -r; x <= r; x++) if (x >= 0 && x < w) s += a[o + x];
      for (let x = 0; x < w; x++) {
        b[o + x] = s * norm;
        const add = x + r + 1, sub = x - r;
        if (add < w) s += a[o + add];
        if (sub >= 0) s -= a[o + sub];
      }
    }
    [a, b] = [b, a];
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let y = -r; y <= r; y++) if (y >= 0 && y < h) s += a[y * w + x];
      for (let y = 0; y < h; y++) {
        b[y * w + x] = s * norm;
        const add = y + r + 1, sub = y - r;
        if (add < h) s += a[add * w + x];
        if (sub >= 0) s -= a[sub * w + x];
      }
    }
    [a, b] = [b, a];
  }
  return a;
}

interface Sub {
  id: number;
  members: number[];
  x0: number;
  y0: number;
  w: number;
  h: number;
  d: Float32Array;
}

const memo = new WeakMap<Layout, MapGeometry>();

/** What the geometry reads of a layout (all a worker needs to be sent). */
export type GeometryInput = Pick<Layout, 'x' | 'y' | 'cluster'> & { clusters: readonly { id: number; size: number }[] };

/**
 * Geometry of a layout, memoised per layout object. Computed here, on the calling thread, when
 * no one has stored it yet: big maps get it from the geometry worker first (geometry-client.ts).
 */
export function mapGeometry(layout: Layout): MapGeometry {
  let g = memo.get(layout);
  if (!g) memo.set(layout, (g = computeGeometry(layout)));
  return g;
}

/** The layout's geometry if it is known already (computed or stored), else undefined. Never computes. */
export function knownGeometry(layout: Layout): MapGeometry | undefined {
  return memo.get(layout);
}

/** Stores geometry computed elsewhere (the geometry worker) for a layout. */
export function storeGeometry(layout: Layout, geo: MapGeometry): void {
  memo.set(layout, geo);
}

export function computeGeometry(layout: GeometryInput): MapGeometry {
  const empty: MapGeometry = { regions: new Map(), adjacency: new Map(), cores: new Map(), areaPerPoint: 1 };
  const ext = dataExtent(layout.x, layout.y);
  const n = layout.x.length;
  if (!ext) return empty;
  const byCluster = new Map<number, number[]>();
  let nFinite = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(layout.x[i]) || !Number.isFinite(layout.y[i])) continue;
    nFinite++;
    const c = layout.cluster[i] < 0 ? -1 : layout.cluster[i];
    let m = byCluster.get(c);
    if (!m) byCluster.set(c, (m = []));
    m.push(i);
  }
  const span = Math.max(ext.x1 - ext.x0, ext.y1 - ext.y0) || 1;
  const G = Math.max(40, Math.min(140, Math.round(2.5 * Math.sqrt(nFinite))));
  const cell = span / G;
  const r = G >= 120 ? 3 : G >= 80 ? 2 : 1;
  const pad = 3 * r + 2;
  const W = Math.ceil((ext.x1 - ext.x0) / cell) + 1 + 2 * pad, H = Math.ceil((ext.y1 - ext.y0) / cell) + 1 + 2 * pad;
  const gx = (x: number) => Math.min(W - 1, Math.max(0, Math.floor((x - ext.x0) / cell) + pad));
  const gy = (y: number) => Math.min(H - 1, Math.max(0, Math.floor((y - ext.y0) / cell) + pad));

  // Occupied cells (any point) → area per point, for point sizing.
  const occ = new Uint8Array(W * H);
  let nOcc = 0;
  for (const ms of byCluster.values()) for (const i of ms) {
    const k = gy(layout.y[i]) * W + gx(layout.x[i]);
    if (!occ[k]) nOcc++;
    occ[k] = 1;
  }
  const areaPerPoint = (nOcc * cell * cell) / Math.max(1, nFinite);

  const ranked = layout.clusters.filter((c) => (byCluster.get(c.id)?.length ?? 0) > 0)
    .sort((a, b) => b.size - a.size || a.id - b.id).slice(0, MAX_REGIONS).map((c) => c.id);
  const subs: Sub[] = [];
  for (const id of [...ranked, -1]) {
    const members = byCluster.get(id);
    if (!members?.length) continue;
    let bx0 = Infinity, by0 = Infinity, bx1 = -Infinity, by1 = -Infinity;
    for (const i of members) {
      const x = gx(layout.x[i]), y = gy(layout.y[i]);
      if (x < bx0) bx0 = x;
      if (x > bx1) bx1 = x;
      if (y < by0) by0 = y;
      if (y > by1) by1 = y;
    }
    const x0 = Math.max(0, bx0 - pad), y0 = Math.max(0, by0 - pad);
    const w = Math.min(W, bx1 + pad + 1) - x0, h = Math.min(H, by1 + pad + 1) - y0;
    const counts = new Float32Array(w * h);
    for (const i of members) counts[(gy(layout.y[i]) - y0) * w + gx(layout.x[i]) - x0]++;
    subs.push({ id, members, x0, y0, w, h, d: blur(counts, w, h, r) });
  }

  // Owner of each cell: the densest cluster there (outliers included).
  const best = new Float32Array(W * H);
  const owner = new Int32Array(W * H).fill(-2);
  for (const s of subs) {
    for (let y = 0; y < s.h; y++) for (let x = 0; x < s.w; x++) {
      const v = s.d[y * s.w + x], k = (s.y0 + y) * W + s.x0 + x;
      if (v > best[k]) {
        best[k] = v;
        owner[k] = s.id;
      }
    }
  }

  const regions = new Map<number, ClusterRegion>();
  const cores = new Map<number, [number, number]>();
  const level = new Map<number, number>();
  for (const s of subs) {
    if (s.id < 0) continue;
    const own = new Float64Array(s.w * s.h);
    for (let y = 1; y < s.h - 1; y++) for (let x = 1; x < s.w - 1; x++) {
      const k = (s.y0 + y) * W + s.x0 + x;
      if (owner[k] === s.id) own[y * s.w + x] = s.d[y * s.w + x];
    }
    // Density at each member (0 where another cluster owns the cell), for the level and the core.
    const at = s.members.map((i) => own[(gy(layout.y[i]) - s.y0) * s.w + gx(layout.x[i]) - s.x0]);
    let coreI = s.members[0], coreV = -1;
    at.forEach((v, j) => {
      if (v > coreV) {
        coreV = v;
        coreI = s.members[j];
      }
    });
    cores.set(s.id, [layout.x[coreI], layout.y[coreI]]);
    const owned = at.filter((v) => v > 0).sort((a, b) => a - b);
    if (!owned.length) continue;
    const peak = owned[owned.length - 1];
    const thr = Math.max(owned[Math.floor((1 - KEEP) * owned.length)] * 0.9, 0.06 * peak, 1e-6);
    level.set(s.id, thr);
    const mp = contours().size([s.w, s.h]).thresholds([thr])(Array.from(own))[0];
    const rings: Float64Array[] = [];
    let bx0 = Infinity, by0 = Infinity, bx1 = -Infinity, by1 = -Infinity;
    const polys = mp.coordinates.map((poly) => ({ poly, area: Math.abs(ringArea(poly[0])) }));
    const biggest = polys.reduce((m, p) => Math.max(m, p.area), 0);
    const kx = gx(layout.x[coreI]) - s.x0 + 0.5, ky = gy(layout.y[coreI]) - s.y0 + 0.5;
    for (const { poly, area } of polys) {
      // Specks of one stray point, and small scattered parts (MIN_PART) other than the core's.
      if (area < Math.min(2, biggest) || (area < MIN_PART * biggest && !inRing(poly[0], kx, ky))) continue;
      for (const ring of poly) {
        const f = new Float64Array(ring.length * 2);
        ring.forEach(([x, y], j) => {
          const dx = ext.x0 + (s.x0 + x - pad) * cell, dy = ext.y0 + (s.y0 + y - pad) * cell;
          f[2 * j] = dx;
          f[2 * j + 1] = dy;
          if (dx < bx0) bx0 = dx;
          if (dx > bx1) bx1 = dx;
          if (dy < by0) by0 = dy;
          if (dy > by1) by1 = dy;
        });
        rings.push(f);
      }
    }
    if (rings.length) regions.set(s.id, { id: s.id, rings, bounds: { x0: bx0, y0: by0, x1: bx1, y1: by1 } });
  }

  // Adjacency: owned cells of two clusters within two cells of each other, both dense enough to be drawn.
  const adjacency = new Map<number, Map<number, number>>();
  const bump = (a: number, b: number) => {
    let m = adjacency.get(a);
    if (!m) adjacency.set(a, (m = new Map()));
    m.set(b, (m.get(b) ?? 0) + 1);
  };
  const strong = (k: number) => owner[k] >= 0 && best[k] >= 0.5 * (level.get(owner[k]) ?? Infinity);
  const OFFS = [[1, 0], [0, 1], [1, 1], [1, -1], [2, 0], [0, 2]];
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const k = y * W + x;
    if (!strong(k)) continue;
    for (const [dx, dy] of OFFS) {
      const xx = x + dx, yy = y + dy;
      if (xx >= W || yy < 0 || yy >= H) continue;
      const q = yy * W + xx;
      if (owner[q] === owner[k] || !strong(q)) continue;
      bump(owner[k], owner[q]);
      bump(owner[q], owner[k]);
    }
  }
  return { regions, adjacency, cores, areaPerPoint };
}

function inRing(ring: number[][], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function ringArea(ring: number[][]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  return a / 2;
}

/** Even-odd test of a data point against a region's rings. */
export function inRegion(region: ClusterRegion, x: number, y: number): boolean {
  const b = region.bounds;
  if (x < b.x0 || x > b.x1 || y < b.y0 || y > b.y1) return false;
  let inside = false;
  for (const ring of region.rings) {
    const m = ring.length >> 1;
    for (let i = 0, j = m - 1; i < m; j = i++) {
      const xi = ring[2 * i], yi = ring[2 * i + 1], xj = ring[2 * j], yj = ring[2 * j + 1];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}
