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
import { buildKnn } from './knn.ts';
import { project } from './project.ts';
import { clusterKnn, graphNeighbors } from './cluster.ts';
import { rankClusters } from './rank.ts';
import { labelClusters } from './label.ts';
import { coarseClusters } from './coarse.ts';
import { pushAll } from '../util/array.ts';

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
  const space = mapSpace(computed, settings);
  const { weight, lexical } = space;
  const rep = representation(space);
  await lap('represent');

  const umapK = Math.max(1, Math.min(settings.nNeighbors, n - 1));
  const graphK = graphNeighbors(n, settings.nNeighbors);
  report(opts, 'knn', 0);
  const knn = buildKnn(rep.data, n, rep.dim, Math.max(umapK, graphK), { seed: settings.seed, onProgress: (f) => report(opts, 'knn', f) });
  await lap('knn');

  report(opts, 'project', 0);
  const proj = await project(rep.data, rep.dim, knn, {
    nNeighbors: umapK,
    seed: settings.seed,
    onEpoch: (f) => report(opts, 'project', f),
    yieldEvery: async () => {
      await tick();
      throwIfAborted(signal);
    },
  });
  await lap('project');

  report(opts, 'cluster', 0);
  const raw = clusterKnn(knn, { k: graphK, resolution: settings.resolution, seed: settings.seed });
  const ranked = rankClusters(rep, raw, proj.x, proj.y);
  const coarse = coarseClusters(knn, ranked.assignment, ranked.clusters.length, { k: graphK });
  await lap('cluster');

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
