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
import { normaliseLayout, project } from './project.ts';
import { inflateClusters, packClusters } from './pack.ts';

export { inflateClusters, packClusters, viewShare, PACK_ASPECT } from './pack.ts';
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
