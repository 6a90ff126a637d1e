/**
 * Cluster packing after UMAP (the map's layout step that closes the gaps between
 * topics and spreads each topic's points over the canvas), and the measures it
 * uses. Called by layoutStage (layout.ts) with the clusters found before the
 * projection.
 */
import { forceCollide, forceSimulation, forceX, forceY, type SimulationNodeDatum } from 'd3';
import type { Projection } from './project.ts';

/** Largest growth of one cluster by inflateClusters. */
const MAX_INFLATE = 8;

/** Cluster id → its member rows (unclustered rows, id < 0, left out), in row order. */
function clusterMembers(clusters: Int32Array, n: number): Map<number, number[]> {
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const c = clusters[i];
    if (c < 0) continue;
    let m = members.get(c);
    if (!m) members.set(c, (m = []));
    m.push(i);
  }
  return members;
}

/**
 * UMAP packs well-separated topics into small islands with wide empty gaps
 * between them. This scales each cluster about its centroid (shape and inner
 * order kept, centroids fixed) so that the radius holding 90% of its points
 * becomes `fill` × the distance to the nearest other cluster centroid (never
 * shrinking, at most MAX_INFLATE×). Unclustered points stay where they are.
 * Modifies and returns `p`.
 */
export function inflateClusters(p: Projection, clusters: Int32Array, fill: number): Projection {
  const n = p.x.length;
  const members = clusterMembers(clusters, n);
  const ids = [...members.keys()];
  if (ids.length < 2) return p;
  const cx = new Map<number, number>(), cy = new Map<number, number>();
  for (const c of ids) {
    const m = members.get(c)!;
    cx.set(c, m.reduce((s, i) => s + p.x[i], 0) / m.length);
    cy.set(c, m.reduce((s, i) => s + p.y[i], 0) / m.length);
  }
  for (const c of ids) {
    const m = members.get(c)!, x0 = cx.get(c)!, y0 = cy.get(c)!;
    const d = m.map((i) => Math.hypot(p.x[i] - x0, p.y[i] - y0)).sort((a, b) => a - b);
    const r90 = d[Math.floor(0.9 * (d.length - 1))];
    let near = Infinity;
    for (const o of ids) if (o !== c) near = Math.min(near, Math.hypot(cx.get(o)! - x0, cy.get(o)! - y0));
    if (!(r90 > 0) || !Number.isFinite(near)) continue;
    const f = Math.min(MAX_INFLATE, Math.max(1, (fill * near) / r90));
    for (const i of m) {
      p.x[i] = x0 + (p.x[i] - x0) * f;
      p.y[i] = y0 + (p.y[i] - y0) * f;
    }
  }
  return p;
}

/**
 * Width / height of the rectangle the packed clusters fill: the export's map area is 1300 x 1000,
 * the live map beside the panel about 980 x 735 (1.33). Packing into a disc left a third of such
 * a canvas empty (and the demo, arranged by UMAP as a column, used a third of its width).
 */
export const PACK_ASPECT = 1.3;

/**
 * Cluster packing: pull of each disc towards where its cluster was while the discs settle
 * (PACK_TICKS), so the arrangement of topics is kept; then PACK_LATE_TICKS more with the weaker
 * PACK_ANCHOR_LATE, which lets the discs close up into the rectangle (ml-13: canvas 43% → 47%; a weak
 * pull from the start moved topics further from their places for less gain).
 */
const PACK_ANCHOR = 0.1;
const PACK_ANCHOR_LATE = 0.02;
const PACK_TICKS = 300;
const PACK_LATE_TICKS = 100;

/**
 * Even spacing after packing: two points of one cluster closer than this × the cluster's mean spacing
 * (√(disc area / point)) push apart (PACK_RELAX_STEPS rounds), and every point stays inside its
 * cluster's disc. UMAP leaves dense specks inside clusters, so at Fit many 32-px cells hold several
 * points while others stay empty; the push spreads them. An earlier push between any two points
 * pushed clusters' rims into the gaps between them, so neighbours of different topics met (ml-13:
 * 2-D kNN-10 purity 0.930 → 0.929 at 0.95 × spacing, → 0.924 at 1.0 ×); held in their discs, they
 * cannot (purity 0.932 at 1.0 ×).
 */
const PACK_RELAX = 1.0;
const PACK_RELAX_STEPS = 10;

/**
 * Rectangle the discs are pulled into: it would hold the discs and their gaps at this density
 * (the rest is the room round discs packed side by side).
 */
const PACK_DENSITY = 0.75;

/**
 * Share of a grid over a 1300 x 1000 view (fitted with a 28-px margin) holding a point: how much of
 * the view the layout uses at Fit. Cells are 32 px, or larger for a few points (at least 2 cells per
 * point): with 68 points, 32-px cells give at most 5% whatever the layout.
 */
export function viewShare(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const W = 1300, H = 1000, pad = 28;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, n = 0;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) continue;
    n++;
    x0 = Math.min(x0, x[i]); x1 = Math.max(x1, x[i]); y0 = Math.min(y0, y[i]); y1 = Math.max(y1, y[i]);
  }
  if (!(x0 <= x1)) return 0;
  const cell = Math.max(32, Math.sqrt((W * H) / (2 * n))), gw = Math.ceil(W / cell), gh = Math.ceil(H / cell);
  const s = Math.min(x1 > x0 ? (W - 2 * pad) / (x1 - x0) : Infinity, y1 > y0 ? (H - 2 * pad) / (y1 - y0) : Infinity);
  const k = Number.isFinite(s) ? s : 1;
  const ox = W / 2 - k * (x0 + x1) / 2, oy = H / 2 - k * (y0 + y1) / 2;
  const seen = new Uint8Array(gw * gh);
  for (let i = 0; i < x.length; i++) {
    const gx = Math.floor((ox + k * x[i]) / cell), gy = Math.floor((oy + k * y[i]) / cell);
    if (gx >= 0 && gy >= 0 && gx < gw && gy < gh) seen[gy * gw + gx] = 1;
  }
  return seen.reduce((a, v) => a + v, 0) / seen.length;
}

/** packClusters keeps its result only when it uses at least this much more of the view (else the gaps were not worth closing). */
const PACK_MIN_GAIN = 1.2;

interface PackNode extends SimulationNodeDatum { x: number; y: number; r: number; ax: number; ay: number }

/**
 * Spreads each cluster's points evenly over a disc about its centroid: the point at distance rank q
 * (0..1) moves, along its own direction, to radius r90 · √(q / 0.9), r90 the radius that held 90% of
 * them. Direction and distance order are kept; dense specks open up and far strays come in to the rim.
 */
function evenDiscs(p: Projection, members: Map<number, number[]>): void {
  for (const m of members.values()) {
    let cx = 0, cy = 0;
    for (const i of m) {
      cx += p.x[i] / m.length;
      cy += p.y[i] / m.length;
    }
    const d = m.map((i) => Math.hypot(p.x[i] - cx, p.y[i] - cy));
    const order = m.map((_, j) => j).sort((a, b) => d[a] - d[b]);
    const r90 = d[order[Math.floor(0.9 * (m.length - 1))]];
    if (!(r90 > 0)) continue;
    order.forEach((j, rank) => {
      if (!(d[j] > 0)) return;
      const f = (r90 * Math.sqrt((rank + 0.5) / m.length / 0.9)) / d[j];
      const i = m[j];
      p.x[i] = cx + (p.x[i] - cx) * f;
      p.y[i] = cy + (p.y[i] - cy) * f;
    });
  }
}


/**
 * `steps` rounds of pushing apart every two points closer than min(h_i, h_j) (each by a quarter of
 * the overlap), on a grid of the largest h. Points of different clusters (cl ≥ 0) never push each
 * other; unclustered points (cl < 0) push and are pushed by any. After each round a clustered point
 * outside its cluster's disc (centre cx/cy, radius rad, by cluster slot) is put back on its rim.
 */
function relaxWithin(x: Float32Array, y: Float32Array, cl: Int32Array, h: Float64Array, steps: number, disc: { cx: Float64Array; cy: Float64Array; rad: Float64Array }): void {
  const n = x.length;
  let hmax = 0;
  for (let i = 0; i < n; i++) hmax = Math.max(hmax, h[i]);
  if (!(hmax > 0) || n < 2) return;
  const dx = new Float64Array(n), dy = new Float64Array(n);
  const cellOf = new Int32Array(n), order = new Int32Array(n);
  for (let step = 0; step < steps; step++) {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let i = 0; i < n; i++) {
      if (x[i] < x0) x0 = x[i];
      if (x[i] > x1) x1 = x[i];
      if (y[i] < y0) y0 = y[i];
      if (y[i] > y1) y1 = y[i];
    }
    const gw = Math.min(4096, Math.floor((x1 - x0) / hmax) + 1), gh = Math.min(4096, Math.floor((y1 - y0) / hmax) + 1);
    const cw = (x1 - x0) / gw || hmax, ch = (y1 - y0) / gh || hmax;
    const start = new Int32Array(gw * gh + 1);
    for (let i = 0; i < n; i++) {
      const c = Math.min(gh - 1, Math.floor((y[i] - y0) / ch)) * gw + Math.min(gw - 1, Math.floor((x[i] - x0) / cw));
      cellOf[i] = c;
      start[c + 1]++;
    }
    for (let c = 0; c < gw * gh; c++) start[c + 1] += start[c];
    const fill = start.slice(0, gw * gh);
    for (let i = 0; i < n; i++) order[fill[cellOf[i]]++] = i;
    dx.fill(0);
    dy.fill(0);
    for (let i = 0; i < n; i++) {
      const gx = cellOf[i] % gw, gy = (cellOf[i] - gx) / gw;
      for (let oy = -1; oy <= 1; oy++) for (let ox = -1; ox <= 1; ox++) {
        const qx = gx + ox, qy = gy + oy;
        if (qx < 0 || qy < 0 || qx >= gw || qy >= gh) continue;
        const c = qy * gw + qx;
        for (let t = start[c]; t < start[c + 1]; t++) {
          const j = order[t];
          if (j <= i || (cl[i] >= 0 && cl[j] >= 0 && cl[i] !== cl[j])) continue;
          const hh = Math.min(h[i], h[j]);
          const ex = x[i] - x[j], ey = y[i] - y[j], dd = Math.hypot(ex, ey);
          if (dd >= hh || dd === 0) continue;
          const f = (0.25 * (hh - dd)) / dd;
          dx[i] += ex * f;
          dy[i] += ey * f;
          dx[j] -= ex * f;
          dy[j] -= ey * f;
        }
      }
    }
    for (let i = 0; i < n; i++) {
      x[i] += dx[i];
      y[i] += dy[i];
      const c = cl[i];
      if (c < 0) continue;
      const ox = x[i] - disc.cx[c], oy = y[i] - disc.cy[c], d = Math.hypot(ox, oy);
      if (d > disc.rad[c]) {
        x[i] = disc.cx[c] + (ox * disc.rad[c]) / d;
        y[i] = disc.cy[c] + (oy * disc.rad[c]) / d;
      }
    }
  }
}

/** Settings of packClusters that the layout benchmark varies (defaults: the PACK_* constants). */
export interface PackOptions {
  /** Pull to the start while the discs settle, and in the late ticks. */
  anchor: number;
  lateAnchor: number;
  lateTicks: number;
  /** Even spacing: push below this × the cluster's mean spacing. */
  relax: number;
  /** Density of the discs in the rectangle they are pulled into. */
  density: number;
}

/**
 * UMAP separates well-defined topics by wide empty gaps and packs each into a
 * dense island, so at Fit the map is mostly empty canvas (and a few far strays
 * stretch it further). This closes the gaps and keeps each cluster's inner order:
 * - each cluster's points are spread evenly over a disc about its centroid
 *   (evenDiscs: direction and distance order kept); the disc gets an area
 *   proportional to the cluster's size (radius u·√size, u from the median
 *   cluster), so all clusters are drawn at about the same density;
 * - the discs start at the clusters' centroids, that arrangement stretched to
 *   the canvas's aspect (PACK_ASPECT) and shrunk until neighbours about touch,
 *   and settle by collision (gap: `gap` × u, about two point spacings for gap 3.5),
 *   a pull to their start, a pull to the middle (PACK_ASPECT² stronger in y) and
 *   a pull into a rectangle of that aspect holding the discs' area at
 *   PACK_DENSITY; then, with a weaker pull to their start, they close up;
 * - a cluster's points move with their disc (one shift and one scale per
 *   cluster, so no point leaves its disc); an unclustered point moves by a blend
 *   of the clusters' moves, weighted by 1/(distance to the cluster's centroid in
 *   units of its radius)², so it stays between the clusters it was between;
 * - points of one cluster then push apart to an even spacing inside their disc
 *   (relaxWithin, PACK_RELAX), never across the gap to another cluster.
 * The result is kept only when, before that last step, it uses PACK_MIN_GAIN × more of the
 * view (viewShare); on corpora whose clusters already touch (arXiv samples: ×1.03), the
 * layout is left as UMAP made it.
 * Modifies and returns `p`.
 */
export function packClusters(p: Projection, clusters: Int32Array, gap: number, opts: Partial<PackOptions> = {}): Projection {
  const o: PackOptions = { anchor: PACK_ANCHOR, lateAnchor: PACK_ANCHOR_LATE, lateTicks: PACK_LATE_TICKS, relax: PACK_RELAX, density: PACK_DENSITY, ...opts };
  const n = p.x.length;
  const members = clusterMembers(clusters, n);
  if (members.size < 2) return p;
  const shareBefore = viewShare(p.x, p.y);
  const ex = Float32Array.from(p.x), ey = Float32Array.from(p.y);
  evenDiscs({ x: ex, y: ey }, members);
  const slot = new Map([...members.keys()].map((c, j) => [c, j]));
  const info = [...members.values()].map((m) => {
    let cx = 0, cy = 0;
    for (const i of m) {
      cx += ex[i] / m.length;
      cy += ey[i] / m.length;
    }
    let r = 0;
    for (const i of m) r = Math.max(r, Math.hypot(ex[i] - cx, ey[i] - cy));
    return { cx, cy, r, size: m.length };
  });
  const K = info.length;
  const radii = info.filter((k) => k.size > 2 && k.r > 0).map((k) => k.r).sort((a, b) => a - b);
  const sizes = info.map((k) => k.size).sort((a, b) => a - b);
  const u = (radii.length ? radii[radii.length >> 1] : 1) / Math.sqrt(sizes[sizes.length >> 1]);
  const R = info.map((k) => u * Math.sqrt(k.size));
  // Start: the centroids' arrangement, stretched to the canvas's aspect and scaled so that the median cluster about touches its nearest neighbour.
  let mx = 0, my = 0, total = 0;
  for (const k of info) {
    mx += k.cx * k.size;
    my += k.cy * k.size;
    total += k.size;
  }
  mx /= total;
  my /= total;
  let sxx = 0, syy = 0;
  for (const k of info) {
    sxx += k.size * (k.cx - mx) ** 2;
    syy += k.size * (k.cy - my) ** 2;
  }
  const fx = sxx > 0 && syy > 0 ? Math.sqrt(PACK_ASPECT / Math.sqrt(sxx / syy)) : 1;
  const ax = info.map((k) => (k.cx - mx) * fx), ay = info.map((k) => (k.cy - my) / fx);
  const ratio = info.map((_, j) => {
    let best = Infinity, bj = j;
    for (let q = 0; q < K; q++) {
      const d = q === j ? Infinity : Math.hypot(ax[q] - ax[j], ay[q] - ay[j]);
      if (d < best) [best, bj] = [d, q];
    }
    return (R[j] + R[bj] + gap * u) / Math.max(best, 1e-9);
  }).sort((a, b) => a - b);
  const lam = ratio[Math.floor(0.5 * (K - 1))];
  const nodes: PackNode[] = info.map((_, j) => ({ x: lam * ax[j], y: lam * ay[j], r: R[j], ax: lam * ax[j], ay: lam * ay[j] }));
  // The rectangle of the canvas's aspect that would hold the discs (with their gaps) at PACK_DENSITY.
  const area = R.reduce((s, r) => s + Math.PI * (r + (gap * u) / 2) ** 2, 0) / o.density;
  const hh = Math.sqrt(area / PACK_ASPECT) / 2, hw = hh * PACK_ASPECT;
  const anchored = (a: number) => [forceX<PackNode>((d) => d.ax).strength(a), forceY<PackNode>((d) => d.ay).strength(a)] as const;
  const [axF, ayF] = anchored(o.anchor);
  const sim = forceSimulation(nodes)
    .force('collide', forceCollide<PackNode>((d) => d.r + (gap * u) / 2).strength(1).iterations(3))
    .force('gx', forceX<PackNode>(0).strength(0.05))
    .force('gy', forceY<PackNode>(0).strength(0.05 * PACK_ASPECT * PACK_ASPECT))
    .force('ax', axF)
    .force('ay', ayF)
    .force('rect', (alpha: number) => {
      for (const d of nodes) {
        const ox = Math.abs(d.x) + d.r - hw, oy = Math.abs(d.y) + d.r - hh;
        if (ox > 0) d.vx! -= Math.sign(d.x) * ox * alpha;
        if (oy > 0) d.vy! -= Math.sign(d.y) * oy * alpha;
      }
    })
    .alphaDecay(1 - Math.pow(0.001, 1 / PACK_TICKS))
    .stop();
  for (let t = 0; t < PACK_TICKS; t++) sim.tick();
  if (o.lateTicks > 0) {
    const [lx, ly] = anchored(o.lateAnchor);
    sim.force('ax', lx).force('ay', ly).alpha(0.3);
    for (let t = 0; t < o.lateTicks; t++) sim.tick();
  }
  const nx = new Float32Array(n), ny = new Float32Array(n);
  const scale = info.map((k, j) => (k.r > 0 ? R[j] / k.r : 1));
  const w = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    const own = clusters[i] >= 0 ? slot.get(clusters[i])! : -1;
    if (own >= 0) {
      nx[i] = nodes[own].x + scale[own] * (ex[i] - info[own].cx);
      ny[i] = nodes[own].y + scale[own] * (ey[i] - info[own].cy);
      continue;
    }
    let wMax = 0;
    for (let j = 0; j < K; j++) {
      const k = info[j], r = Math.max(k.r, 1e-9);
      w[j] = 1 / Math.max(((ex[i] - k.cx) ** 2 + (ey[i] - k.cy) ** 2) / (r * r), 0.25);
      if (w[j] > wMax) wMax = w[j];
    }
    let tx = 0, ty = 0, tw = 0;
    for (let j = 0; j < K; j++) {
      // Clusters with under 0.1% of the nearest one's weight move the point by less than that: skipped.
      if (w[j] < 1e-3 * wMax) continue;
      const k = info[j];
      let dx = ex[i] - k.cx, dy = ey[i] - k.cy;
      const d = Math.hypot(dx, dy);
      // Far unclustered points are pulled in logarithmically.
      const lim = 1.5 * k.r;
      if (d > lim && lim > 0) {
        const d2 = lim + 0.5 * k.r * Math.log1p((d - lim) / k.r);
        dx *= d2 / d;
        dy *= d2 / d;
      }
      tx += w[j] * (nodes[j].x + scale[j] * dx);
      ty += w[j] * (nodes[j].y + scale[j] * dy);
      tw += w[j];
    }
    nx[i] = tw > 0 ? tx / tw : ex[i];
    ny[i] = tw > 0 ? ty / tw : ey[i];
  }
  // Kept only when closing the gaps gains (before the even spacing, which would gain on any layout).
  if (viewShare(nx, ny) < PACK_MIN_GAIN * shareBefore) return p;
  const cl = Int32Array.from(clusters, (c) => (c >= 0 ? slot.get(c)! : -1));
  const spacing = (r: number, size: number) => o.relax * Math.sqrt((Math.PI * r * r) / size);
  const hu = spacing(Math.sqrt(R.reduce((s, r) => s + r * r, 0)), n);
  const h = Float64Array.from(cl, (c) => (c >= 0 ? spacing(R[c], info[c].size) : hu));
  relaxWithin(nx, ny, cl, h, PACK_RELAX_STEPS, { cx: Float64Array.from(nodes, (d) => d.x), cy: Float64Array.from(nodes, (d) => d.y), rad: Float64Array.from(R) });
  p.x.set(nx);
  p.y.set(ny);
  return p;
}
