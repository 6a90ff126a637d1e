/**
 * Layout stage: represent → kNN → UMAP → cluster → rank → label, on the unique
 * texts, then expanded to every paper (duplicates share their representative's
 * position and cluster; excluded papers get NaN coordinates and cluster -1).
 */
import type { ClusterInfo, Layout, MapResult, Paper } from '../types.ts';
import { MODEL_ID } from './embed.ts';
import type { Computed, RunOptions } from './run.ts';
import { report, throwIfAborted } from './progress.ts';
import { mapSpace, representation } from './similarity.ts';
import { lexicalView, type Lexical, type Representation } from './represent.ts';
import { buildKnn } from './knn.ts';
import { normaliseLayout, project, type Projection } from './project.ts';
import { forceCollide, forceSimulation, forceX, forceY, type SimulationNodeDatum } from 'd3';
import { clusterKnn, effectiveResolution, graphNeighbors } from './cluster.ts';
import { rankClusters } from './rank.ts';
import type { ClusterLabel } from './label.ts';
import { coarseClusters, type Coarse } from './coarse.ts';
import { labelLevel, subtopics } from './tree.ts';
import type { Knn } from './knn.ts';
import type { TermMatrix } from './tfidf.ts';
import { treeNodeIds } from '../topic-tree.ts';

export interface TreeInput {
  knn: Knn;
  rep: Representation;
  /** 2-D positions per row (for label centres); zeros will do when there is no projection. */
  x: Float32Array;
  y: Float32Array;
}

/**
 * The topic tree in row space, a pure function of (graph, representation, terms, settings):
 * topics (Louvain consensus), broad areas over them, subtopics inside them, and every
 * level's labels. Both run phases and the eval call it.
 */
export function clusterTree(input: TreeInput, o: { k: number; resolution: number; seed: number; subtopics?: boolean }, topics?: Int32Array) {
  const { knn, rep, x, y } = input;
  // `topics`: the clusterKnn result when the caller already has it (the layout finds clusters before projecting).
  const raw = topics ?? clusterKnn(knn, { k: o.k, resolution: o.resolution, seed: o.seed });
  const ranked = rankClusters(rep, raw, x, y);
  const nFine = ranked.clusters.length;
  const coarse = dropLoneAreas(coarseClusters(knn, ranked.assignment, nFine, { k: o.k }));
  const subs = o.subtopics === false ? { assignment: new Int32Array(0), count: 0, parentOf: new Int32Array(0) } : subtopics(knn, ranked.assignment, nFine, o);
  const subRanked = subs.count ? rankClusters(rep, subs.assignment, x, y) : undefined;
  // rankClusters renumbers by size: a subtopic's parent is its first member's topic.
  const subParent = subRanked ? Int32Array.from(subRanked.clusters, (c) => ranked.assignment[c.members[0]]) : new Int32Array(0);
  return { ranked, coarse, subRanked, subParent };
}

/**
 * An area holding one topic only repeats it: such topics stand at the top themselves
 * (parentOf -1). No areas at all when fewer than two are left.
 */
function dropLoneAreas(coarse: Coarse | undefined): Coarse | undefined {
  if (!coarse) return undefined;
  const kids = new Int32Array(coarse.count);
  for (const p of coarse.parentOf) kids[p]++;
  const renum = new Int32Array(coarse.count).fill(-1);
  let count = 0;
  for (let p = 0; p < coarse.count; p++) if (kids[p] > 1) renum[p] = count++;
  if (count < 2) return undefined;
  const parentOf = Int32Array.from(coarse.parentOf, (p) => renum[p]);
  return { count, parentOf, assignment: Int32Array.from(coarse.assignment, (p) => (p < 0 ? -1 : renum[p])) };
}

export type TreeStructure = ReturnType<typeof clusterTree>;

/** Labels for every level of a tree from clusterTree: each against its siblings, none repeating an ancestor's terms. */
export function labelTree(tm: TermMatrix, t: TreeStructure) {
  const { ranked, coarse, subRanked, subParent } = t;
  const nFine = ranked.clusters.length;
  // Broad areas join several topics: up to 4 terms, so the label can name more of them.
  const coarseLabels = coarse ? labelLevel(tm, coarse.assignment, coarse.count, undefined, { maxTerms: 4 }) : [];
  const labels = labelLevel(tm, ranked.assignment, nFine, coarse ? { of: coarse.parentOf, keys: (p) => coarseLabels[p].keys } : undefined);
  const subLabels = subRanked
    ? labelLevel(tm, subRanked.assignment, subRanked.clusters.length, {
        of: subParent,
        keys: (f) => [...labels[f].keys, ...(coarse && coarse.parentOf[f] >= 0 ? coarseLabels[coarse.parentOf[f]].keys : [])],
      })
    : [];
  return { labels, coarseLabels, subLabels };
}

/** UMAP settings of the 2-D layout (see layoutParams). */
export interface LayoutParams {
  minDist: number;
  spread: number;
  /** Cluster-aware layout: stretch of cross-cluster kNN distances (0 = off; see stretchAcross). */
  clusterWeight: number;
  /** Cluster inflation: each cluster grows about its centre until its radius is this share of the distance to the nearest other cluster (0 = off; see inflateClusters). */
  inflate: number;
  /** Cluster packing: gap kept between packed clusters, in units of the typical point spacing (0 = off; see packClusters). */
  pack: number;
  /** UMAP neighbours at least this many (the settings' count when larger; 0 = the settings' count). */
  umapNeighbors: number;
}

/**
 * Layout settings by corpus size, chosen by measurement (npm run bench:layout:
 * 2-D silhouette by cluster, 2-D kNN-10 purity against the labelled sets, share
 * of the canvas used at Fit). See the README's "Map layout" section.
 */
export function layoutParams(n: number): LayoutParams {
  // Cluster-aware only for small corpora: it lifted the demo's silhouette from 0.07 to 0.62, but cost
  // 0.02 of kNN-10 purity on the 1,449-paper 13-topic set, where plain UMAP already separates topics.
  // Above that (13-topic set, 1,449 papers): min_dist 0.5 spreads each cluster's points more evenly (canvas used
  // 9% → 23%, kNN-10 purity 0.930 → 0.925); 30 UMAP neighbours rather than 15 keep more of the topic structure
  // (purity 0.933); packing closes the gaps between clusters (canvas 31%, purity 0.932). Inflation alone (0.35) had
  // reached 6-14%, by growing strays. Min_dist 0.8 reached 42% but purity 0.919; min_dist 0.5 with 15 neighbours 39%, 0.923.
  // 30 neighbours up to MID_CORPUS papers only: UMAP's cost grows with them, and larger corpora were not measured.
  const small = n <= SMALL_CORPUS;
  return { minDist: small ? 0.1 : 0.5, spread: 1, clusterWeight: small ? 0.5 : 0, inflate: 0, pack: 3.5, umapNeighbors: !small && n <= MID_CORPUS ? 30 : 0 };
}

/** Up to this many papers the layout is cluster-aware. */
export const SMALL_CORPUS = 600;

/**
 * From this many papers, the first (keyword) map of a progressive run is made the quick way: the quick
 * LSA (QUICK_LSA), UMAP's neighbour count for its graph, one Louvain run instead of the consensus of
 * ten, no subtopics. The refined map, minutes later, is made the full way. Measured with
 * bench/first-map.ts (see the README's Performance section).
 */
export const QUICK_FIRST_MAP = 10_000;

/** Up to this many papers UMAP uses 30 neighbours (layoutParams). */
export const MID_CORPUS = 5000;

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

/** Cluster packing: pull of each disc towards where its cluster was (arrangement kept; weaker pulls mixed topics at their edges). */
const PACK_ANCHOR = 0.1;

/**
 * Even spacing after packing: points closer than this × the mean spacing (√(disc area / point)) push
 * apart (PACK_RELAX_STEPS rounds). UMAP leaves dense specks inside clusters, so at Fit many 32-px
 * cells hold several points while others stay empty; the push spreads them (ml-13: canvas 33% → 40%)
 * at a small cost in 2-D kNN-10 purity (0.930 → 0.929; 1.0 × spacing cost 0.006, see README).
 */
const PACK_RELAX = 0.95;
const PACK_RELAX_STEPS = 10;

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

/** `steps` rounds of pushing apart every two points closer than `h` (each by a quarter of the overlap), on a grid of h-cells. */
function relaxSpacing(x: Float32Array, y: Float32Array, h: number, steps: number): void {
  const n = x.length;
  if (!(h > 0) || n < 2) return;
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
    const gw = Math.min(4096, Math.floor((x1 - x0) / h) + 1), gh = Math.min(4096, Math.floor((y1 - y0) / h) + 1);
    const cw = (x1 - x0) / gw || h, ch = (y1 - y0) / gh || h;
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
          if (j <= i) continue;
          const ex = x[i] - x[j], ey = y[i] - y[j], dd = Math.hypot(ex, ey);
          if (dd >= h || dd === 0) continue;
          const f = (0.25 * (h - dd)) / dd;
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
    }
  }
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
 *   and settle by collision (gap: `gap` × u), a pull to their start, a pull to
 *   the middle (PACK_ASPECT² stronger in y) and a pull into a rectangle of
 *   that aspect holding the discs' area, so they fill the canvas's shape;
 * - every point moves by a blend of the clusters' moves, weighted by
 *   1/(distance to the cluster's centroid in units of its radius)², so points
 *   between two clusters (and unclustered points) stay between them;
 * - points then push apart to an even spacing (relaxSpacing, PACK_RELAX).
 * The result is kept only when, before that last step, it uses PACK_MIN_GAIN × more of the
 * view (viewShare); on corpora whose clusters already touch (arXiv samples: ×1.03), the
 * layout is left as UMAP made it.
 * Modifies and returns `p`.
 */
export function packClusters(p: Projection, clusters: Int32Array, gap: number): Projection {
  const n = p.x.length;
  const members = clusterMembers(clusters, n);
  if (members.size < 2) return p;
  const shareBefore = viewShare(p.x, p.y);
  const ex = Float32Array.from(p.x), ey = Float32Array.from(p.y);
  evenDiscs({ x: ex, y: ey }, members);
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
    for (let o = 0; o < K; o++) {
      const d = o === j ? Infinity : Math.hypot(ax[o] - ax[j], ay[o] - ay[j]);
      if (d < best) [best, bj] = [d, o];
    }
    return (R[j] + R[bj] + gap * u) / Math.max(best, 1e-9);
  }).sort((a, b) => a - b);
  const lam = ratio[Math.floor(0.5 * (K - 1))];
  const nodes: PackNode[] = info.map((_, j) => ({ x: lam * ax[j], y: lam * ay[j], r: R[j], ax: lam * ax[j], ay: lam * ay[j] }));
  // The rectangle of the canvas's aspect that would hold the discs (with their gaps) at 75% density.
  const area = R.reduce((s, r) => s + Math.PI * (r + (gap * u) / 2) ** 2, 0) / 0.75;
  const hh = Math.sqrt(area / PACK_ASPECT) / 2, hw = hh * PACK_ASPECT;
  const ticks = 300;
  const sim = forceSimulation(nodes)
    .force('collide', forceCollide<PackNode>((d) => d.r + (gap * u) / 2).strength(1).iterations(3))
    .force('gx', forceX<PackNode>(0).strength(0.05))
    .force('gy', forceY<PackNode>(0).strength(0.05 * PACK_ASPECT * PACK_ASPECT))
    .force('ax', forceX<PackNode>((d) => d.ax).strength(PACK_ANCHOR))
    .force('ay', forceY<PackNode>((d) => d.ay).strength(PACK_ANCHOR))
    .force('rect', (alpha: number) => {
      for (const d of nodes) {
        const ox = Math.abs(d.x) + d.r - hw, oy = Math.abs(d.y) + d.r - hh;
        if (ox > 0) d.vx! -= Math.sign(d.x) * ox * alpha;
        if (oy > 0) d.vy! -= Math.sign(d.y) * oy * alpha;
      }
    })
    .alphaDecay(1 - Math.pow(0.001, 1 / ticks))
    .stop();
  for (let t = 0; t < ticks; t++) sim.tick();
  const nx = new Float32Array(n), ny = new Float32Array(n);
  const scale = info.map((k, j) => (k.r > 0 ? R[j] / k.r : 1));
  const w = new Float64Array(K);
  for (let i = 0; i < n; i++) {
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
      // Unclustered far points are pulled in logarithmically (members are all within the disc now).
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
  relaxSpacing(nx, ny, PACK_RELAX * Math.sqrt(R.reduce((s, r) => s + Math.PI * r * r, 0) / n), PACK_RELAX_STEPS);
  p.x.set(nx);
  p.y.set(ny);
  return p;
}

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

/** The keyword view alone (LSA rows), memoised on `computed` like the map space's lexical part. */
function keywordSpace(computed: Computed, seed: number, quick: boolean): { rep: Representation; weight: number; lexical: Lexical } {
  if (!computed.lexical || computed.lexicalSeed !== seed || (computed.lexical.quick && !quick)) {
    computed.lexical = lexicalView(computed.prepared.texts, seed, { quick, terms: computed.lexical?.quick ? computed.lexical.terms : undefined });
    computed.lexicalSeed = seed;
  }
  const lexical = computed.lexical;
  return { rep: { data: lexical.coords, dim: lexical.dim, n: computed.prepared.texts.length }, weight: 0, lexical };
}

/** The map's space (similarity.ts) and its full matrix, made for this layout and then dropped. */
function denseSpace(computed: Computed, settings: RunOptions['settings']): { rep: Representation; weight: number; lexical: Lexical } {
  const space = mapSpace(computed, settings);
  return { rep: representation(space), weight: space.weight, lexical: space.lexical };
}

export interface LayoutOptions extends RunOptions {
  /** The keyword view alone (the first map of a progressive run): no sentence vectors needed. */
  keywordOnly?: boolean;
  /** Start positions per unique text (2n, interleaved), e.g. the keyword map being refined. */
  init?: Float64Array;
  /** Corpus size from which a keyword-only map is made the quick way (default QUICK_FIRST_MAP). */
  quickFrom?: number;
}

export async function layoutStage(papers: Paper[], computed: Computed, opts: LayoutOptions): Promise<MapResult> {
  const { settings, signal } = opts;
  const { prepared } = computed;
  const n = prepared.texts.length;
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = async (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - t);
    t = now;
    await tick();
    throwIfAborted(signal);
  };

  // A large corpus's first map is a preview the refinement replaces, made the quick way (QUICK_FIRST_MAP).
  const quick = !!opts.keywordOnly && n >= (opts.quickFrom ?? QUICK_FIRST_MAP);
  report(opts, 'represent', 0);
  // The one representation (similarity.ts), memoised on `computed` for Similar and Add-to-map;
  // the first map of a progressive run has no vectors yet and uses the keyword view alone.
  const { rep, weight, lexical } = opts.keywordOnly ? keywordSpace(computed, settings.seed, quick) : denseSpace(computed, settings);
  await lap('represent');

  const lp = { ...layoutParams(n), ...opts.layoutParams };
  const umapK = Math.max(1, Math.min(Math.max(settings.nNeighbors, lp.umapNeighbors ?? 0), n - 1));
  const graphK = quick ? umapK : graphNeighbors(n, settings.nNeighbors);
  report(opts, 'knn', 0);
  const knn = buildKnn(rep.data, n, rep.dim, Math.max(umapK, graphK), { seed: settings.seed, onProgress: (f) => report(opts, 'knn', f) });
  await lap('knn');

  // Clusters come from the kNN graph alone, so they are found first and can shape the layout
  // (progress reports 'cluster' first; the timings keep project before cluster, with the clustering time under 'cluster').
  report(opts, 'cluster', 0);
  const tc = performance.now();
  const raw = clusterKnn(knn, { k: graphK, resolution: settings.resolution, seed: settings.seed, ...(quick ? { runs: 1 } : {}) });
  const clusterMs = performance.now() - tc;

  report(opts, 'project', 0);
  const proj = await project(rep.data, rep.dim, knn, {
    nNeighbors: umapK,
    seed: settings.seed,
    init: opts.init,
    minDist: lp.minDist,
    spread: lp.spread,
    clusters: lp.clusterWeight > 0 ? raw : undefined,
    clusterWeight: lp.clusterWeight,
    onEpoch: (f) => report(opts, 'project', f),
    yieldEvery: async () => {
      await tick();
      throwIfAborted(signal);
    },
  });
  await lap('project');

  if (lp.inflate > 0) normaliseLayout(inflateClusters(proj, raw, lp.inflate));
  if (lp.pack > 0) normaliseLayout(packClusters(proj, raw, lp.pack));
  const tree = clusterTree({ knn, rep, x: proj.x, y: proj.y }, { k: graphK, resolution: settings.resolution, seed: settings.seed, subtopics: !quick }, raw);
  const { ranked, coarse, subRanked, subParent } = tree;
  const nFine = ranked.clusters.length;
  await lap('cluster');
  // Timings keep their pipeline order (project, cluster); clustering ran before the projection.
  timings.project = Math.max(0, timings.project - Math.round(clusterMs));
  timings.cluster += Math.round(clusterMs);

  report(opts, 'label', 0);
  const { labels, coarseLabels, subLabels } = labelTree(lexical.terms, tree);
  await lap('label');

  const ids = treeNodeIds(nFine, coarse?.count ?? 0);
  const layout = expand(papers.length, prepared.unique, prepared.rep, proj.x, proj.y, ranked.assignment);
  layout.clusters = ranked.clusters.map((c, id) => ({
    id,
    label: labels[id].label,
    terms: labels[id].terms,
    size: 0,
    members: [],
    cx: c.cx,
    cy: c.cy,
    level: coarse && coarse.parentOf[id] >= 0 ? 1 : 0,
    honesty: round3(labels[id].honesty),
    ...(coarse && coarse.parentOf[id] >= 0 ? { parent: ids.top(coarse.parentOf[id]) } : {}),
  }));
  fillMembers(layout.clusters, ranked.clusters.map((c) => c.members), prepared.unique);
  if (coarse) layout.coarse = coarseInfos(layout, coarse.parentOf, coarseLabels, ids.top);
  if (subRanked && subRanked.clusters.length) {
    const firstSub = ids.sub(0);
    layout.subtopics = subRanked.clusters.map((c, j) => ({
      id: firstSub + j,
      label: subLabels[j].label,
      terms: subLabels[j].terms,
      size: 0,
      members: [],
      cx: c.cx,
      cy: c.cy,
      level: (layout.clusters[subParent[j]].level ?? 0) + 1,
      honesty: round3(subLabels[j].honesty),
      parent: subParent[j],
    }));
    fillMembers(layout.subtopics, subRanked.clusters.map((c) => c.members), prepared.unique);
  }
  report(opts, 'done', 1);
  return {
    layout,
    info: {
      backend: opts.backend ?? 'cpu',
      model: MODEL_ID,
      settings: opts.keywordOnly ? { ...settings, semanticWeight: 0 } : { ...settings },
      timings,
      nPapers: papers.length,
      nEmbedded: computed.nEmbedded,
      nCached: computed.nCached,
      notices: [
        ...prepared.notices,
        ...(ranked.clusters.length === 1 && papers.length > 1 ? ['All papers form one group.'] : []),
        ...(!opts.keywordOnly && Math.abs(weight - settings.semanticWeight) > 0.02
          ? [`Semantic weight ${settings.semanticWeight.toFixed(2)} applied as ${weight.toFixed(2)}: with ${n} papers the keyword view is more reliable.`]
          : []),
        ...(Math.abs(effectiveResolution(settings.resolution, n) - settings.resolution) > 0.005
          ? [`Granularity ${settings.resolution.toFixed(2)} applied as ${effectiveResolution(settings.resolution, n).toFixed(2)}: with ${n} papers a theme can be a few papers.`]
          : []),
      ],
    },
  };
}

function expand(nPapers: number, unique: Int32Array, repOf: Int32Array, ux: Float32Array, uy: Float32Array, uc: Int32Array): Layout {
  const x = new Float32Array(nPapers);
  const y = new Float32Array(nPapers);
  const cluster = new Int32Array(nPapers);
  for (let i = 0; i < nPapers; i++) {
    const u = unique[i];
    x[i] = u >= 0 ? ux[u] : NaN;
    y[i] = u >= 0 ? uy[u] : NaN;
    cluster[i] = u >= 0 ? uc[u] : -1;
  }
  return { x, y, cluster, dupOf: Int32Array.from(repOf), clusters: [] };
}

/** Members in paper indices: each unique text's papers, representative first, in rank order. */
function fillMembers(clusters: ClusterInfo[], uniqueMembers: number[][], unique: Int32Array): void {
  const papersOf = new Map<number, number[]>();
  unique.forEach((u, i) => {
    if (u < 0) return;
    if (!papersOf.has(u)) papersOf.set(u, []);
    papersOf.get(u)!.push(i);
  });
  uniqueMembers.forEach((ms, id) => {
    const members = ms.flatMap((u) => papersOf.get(u) ?? []);
    clusters[id].members = members;
    clusters[id].size = members.length;
  });
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

function coarseInfos(layout: Layout, parentOf: Int32Array, labels: ClusterLabel[], topId: (j: number) => number): ClusterInfo[] {
  const out: ClusterInfo[] = labels.map((l, j) => ({ id: topId(j), label: l.label, terms: l.terms, size: 0, members: [], cx: 0, cy: 0, level: 0, honesty: round3(l.honesty) }));
  // Members by rank: the first of each child, then the second of each, ... (children by size).
  const parts: number[][][] = out.map(() => []);
  for (const c of layout.clusters) {
    if (parentOf[c.id] < 0) continue;
    const p = out[parentOf[c.id]];
    parts[parentOf[c.id]].push(c.members);
    p.cx += c.cx * c.size;
    p.cy += c.cy * c.size;
    p.size += c.size;
  }
  out.forEach((p, j) => {
    const lists = parts[j];
    const longest = lists.reduce((m, l) => Math.max(m, l.length), 0);
    for (let r = 0; r < longest; r++) for (const l of lists) if (r < l.length) p.members.push(l[r]);
  });
  for (const p of out) {
    p.cx /= Math.max(1, p.size);
    p.cy /= Math.max(1, p.size);
  }
  return out;
}
