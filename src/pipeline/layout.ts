/**
 * Layout stage: represent → kNN → UMAP → cluster → rank → label, on the unique
 * texts, then expanded to every paper (duplicates share their representative's
 * position and cluster; excluded papers get NaN coordinates and cluster -1).
 */
import type { ClusterInfo, Layout, MapResult, Paper } from '../types.ts';
import { MODEL_ID } from './embed.ts';
import type { Computed, RunOptions } from './run.ts';
import { report, throwIfAborted } from './progress.ts';
import { mapSpace } from './similarity.ts';
import { buildKnn } from './knn.ts';
import { normaliseLayout, project, type Projection } from './project.ts';
import { clusterKnn, graphNeighbors } from './cluster.ts';
import { rankClusters } from './rank.ts';
import { labelClusters } from './label.ts';
import { coarseClusters } from './coarse.ts';
import { pushAll } from '../util/array.ts';

/** UMAP settings of the 2-D layout (see layoutParams). */
export interface LayoutParams {
  minDist: number;
  spread: number;
  /** Cluster-aware layout: stretch of cross-cluster kNN distances (0 = off; see stretchAcross). */
  clusterWeight: number;
  /** Cluster inflation: each cluster grows about its centre until its radius is this share of the distance to the nearest other cluster (0 = off; see inflateClusters). */
  inflate: number;
}

/**
 * Layout settings by corpus size, chosen by measurement (npm run bench:layout:
 * 2-D silhouette by cluster, 2-D kNN-10 purity against the labelled sets, share
 * of the canvas used at Fit). See the README's "Map layout" section.
 */
export function layoutParams(n: number): LayoutParams {
  // Cluster-aware only for small corpora: it lifted the demo's silhouette from 0.07 to 0.62, but cost
  // 0.02 of kNN-10 purity on the 1,449-paper 13-topic set, where plain UMAP already separates topics.
  return { minDist: 0.1, spread: 1, clusterWeight: n <= SMALL_CORPUS ? 0.5 : 0, inflate: 0.45 };
}

/** Up to this many papers the layout is cluster-aware. */
export const SMALL_CORPUS = 600;

/** Largest growth of one cluster by inflateClusters. */
const MAX_INFLATE = 8;

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
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const c = clusters[i];
    if (c < 0) continue;
    let m = members.get(c);
    if (!m) members.set(c, (m = []));
    m.push(i);
  }
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

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

export async function layoutStage(papers: Paper[], computed: Computed, opts: RunOptions): Promise<MapResult> {
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

  report(opts, 'represent', 0);
  // The one representation (similarity.ts), memoised on `computed` for Similar and Add-to-map.
  const { rep, weight, lexical } = mapSpace(computed, settings);
  await lap('represent');

  const umapK = Math.max(1, Math.min(settings.nNeighbors, n - 1));
  const graphK = graphNeighbors(n, settings.nNeighbors);
  report(opts, 'knn', 0);
  const knn = buildKnn(rep.data, n, rep.dim, Math.max(umapK, graphK), { seed: settings.seed, onProgress: (f) => report(opts, 'knn', f) });
  await lap('knn');

  // Clusters come from the kNN graph alone, so they are found first and can shape the layout.
  report(opts, 'cluster', 0);
  const tc = performance.now();
  const raw = clusterKnn(knn, { k: graphK, resolution: settings.resolution, seed: settings.seed });
  const clusterMs = performance.now() - tc;

  report(opts, 'project', 0);
  const lp = { ...layoutParams(n), ...opts.layoutParams };
  const proj = await project(rep.data, rep.dim, knn, {
    nNeighbors: umapK,
    seed: settings.seed,
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
  const ranked = rankClusters(rep, raw, proj.x, proj.y);
  const coarse = coarseClusters(knn, ranked.assignment, ranked.clusters.length, { k: graphK });
  await lap('cluster');
  // Timings keep their pipeline order (project, cluster); clustering ran before the projection.
  timings.project = Math.max(0, timings.project - Math.round(clusterMs));
  timings.cluster += Math.round(clusterMs);

  report(opts, 'label', 0);
  const labels = labelClusters(lexical.terms, ranked.assignment, ranked.clusters.length);
  const coarseLabels = coarse ? labelClusters(lexical.terms, coarse.assignment, coarse.count) : [];
  await lap('label');

  const layout = expand(papers.length, prepared.unique, prepared.rep, proj.x, proj.y, ranked.assignment);
  layout.clusters = ranked.clusters.map((c, id) => ({
    id,
    label: labels[id].label,
    terms: labels[id].terms,
    size: 0,
    members: [],
    cx: c.cx,
    cy: c.cy,
    parent: coarse ? coarse.parentOf[id] : undefined,
  }));
  fillMembers(layout, ranked.clusters.map((c) => c.members), prepared.unique);
  if (coarse && coarse.count > 1 && coarse.count < ranked.clusters.length) layout.coarse = coarseInfos(layout, coarse.parentOf, coarseLabels);
  report(opts, 'done', 1);
  return {
    layout,
    info: {
      backend: opts.backend ?? 'cpu',
      model: MODEL_ID,
      settings: { ...settings },
      timings,
      nPapers: papers.length,
      nEmbedded: computed.nEmbedded,
      nCached: computed.nCached,
      notices: [
        ...prepared.notices,
        ...(ranked.clusters.length === 1 && papers.length > 1 ? ['All papers form one group.'] : []),
        ...(Math.abs(weight - settings.semanticWeight) > 0.02
          ? [`Semantic weight ${settings.semanticWeight.toFixed(2)} applied as ${weight.toFixed(2)}: with ${n} papers the keyword view is more reliable.`]
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
function fillMembers(layout: Layout, uniqueMembers: number[][], unique: Int32Array): void {
  const papersOf = new Map<number, number[]>();
  unique.forEach((u, i) => {
    if (u < 0) return;
    if (!papersOf.has(u)) papersOf.set(u, []);
    papersOf.get(u)!.push(i);
  });
  uniqueMembers.forEach((ms, id) => {
    const members = ms.flatMap((u) => papersOf.get(u) ?? []);
    layout.clusters[id].members = members;
    layout.clusters[id].size = members.length;
  });
}

function coarseInfos(layout: Layout, parentOf: Int32Array, labels: { terms: string[]; label: string }[]): ClusterInfo[] {
  const out: ClusterInfo[] = labels.map((l, id) => ({ id, label: l.label, terms: l.terms, size: 0, members: [], cx: 0, cy: 0 }));
  for (const c of layout.clusters) {
    const p = out[parentOf[c.id]];
    pushAll(p.members, c.members);
    p.cx += c.cx * c.size;
    p.cy += c.cy * c.size;
    p.size += c.size;
  }
  for (const p of out) {
    p.cx /= Math.max(1, p.size);
    p.cy /= Math.max(1, p.size);
  }
  return out;
}
