/**
 * Places papers added to an existing map without moving the old ones: each new
 * paper goes to the similarity-weighted mean position of its nearest old papers
 * and takes their majority cluster. Nearest and similarity are the map's own
 * (similarity.ts: the grown corpus's representation, cosine). This is the
 * initialisation UMAP's own `transform` starts from; a full re-layout remains
 * one click away for a map that has changed a lot.
 */
import type { Prepared } from './prepare.ts';
import { DEFAULT_SETTINGS, type ClusterInfo, type Layout } from '../types.ts';
import { mapSpace, rankBySimilarity, representRow, type MapSpace } from './similarity.ts';

export interface OldLayout {
  x: Float32Array;
  y: Float32Array;
  cluster: Int32Array;
}

export interface Placement {
  x: Float32Array;
  y: Float32Array;
  cluster: Int32Array;
  /** For each new paper (index - nOld), its nearest old paper, or -1. */
  nearest: Int32Array;
}

/**
 * `prepared`/`vectors` cover all papers (old first, then new); `old` holds the
 * first `nOld` papers' positions, returned unchanged in the output. `space` is
 * the grown corpus's map space (built with the default settings when absent).
 */
export function placeNew(prepared: Prepared, vectors: Float32Array, old: OldLayout, nOld: number, k = 10, space?: MapSpace): Placement {
  const n = prepared.unique.length;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const cluster = new Int32Array(n);
  x.set(old.x.subarray(0, nOld));
  y.set(old.y.subarray(0, nOld));
  cluster.set(old.cluster.subarray(0, nOld));
  const nearest = new Int32Array(n - nOld).fill(-1);

  // Anchors: one old paper with finite coordinates per unique text.
  const anchorOf = new Int32Array(prepared.texts.length).fill(-1);
  for (let i = 0; i < nOld; i++) {
    const u = prepared.unique[i];
    if (u >= 0 && anchorOf[u] < 0 && Number.isFinite(old.x[i]) && Number.isFinite(old.y[i])) anchorOf[u] = i;
  }
  const anchors: number[] = [];
  anchorOf.forEach((p, u) => {
    if (p >= 0) anchors.push(u);
  });
  const sp = space ?? mapSpace({ prepared, vectors }, DEFAULT_SETTINGS);

  for (let i = nOld; i < n; i++) {
    const u = prepared.unique[i];
    x[i] = NaN;
    y[i] = NaN;
    cluster[i] = -1;
    if (u < 0 || !anchors.length) continue;
    if (anchorOf[u] >= 0) {
      // The same text is already on the map: share its point (a duplicate).
      const a = anchorOf[u];
      [x[i], y[i], cluster[i], nearest[i - nOld]] = [x[a], y[a], cluster[a], a];
      continue;
    }
    const top = rankBySimilarity(sp, representRow(sp, u), Math.min(k, anchors.length), anchors);
    let wx = 0;
    let wy = 0;
    let ws = 0;
    const votes = new Map<number, number>();
    for (const { u: au, sim } of top) {
      const a = anchorOf[au];
      // Sharpen so the closest papers dominate; a floor keeps weights positive.
      const w = Math.max(sim, 0.01) ** 4;
      wx += w * x[a];
      wy += w * y[a];
      ws += w;
      votes.set(cluster[a], (votes.get(cluster[a]) ?? 0) + w);
    }
    x[i] = wx / ws;
    y[i] = wy / ws;
    let best = -1;
    let bestW = -1;
    for (const [c, w] of votes) if (w > bestW) [best, bestW] = [c, w];
    cluster[i] = best;
    nearest[i - nOld] = anchorOf[top[0].u];
  }
  return { x, y, cluster, nearest };
}

/** The old layout grown by the placed papers: old clusters keep ids, labels and order; new members go last. */
export function extendLayout(old: Layout, placement: Placement, rep: Int32Array, nOld: number): Layout {
  const n = placement.x.length;
  const added = new Map<number, number[]>();
  for (let i = nOld; i < n; i++) {
    const c = placement.cluster[i];
    if (c >= 0) added.set(c, [...(added.get(c) ?? []), i]);
  }
  const clusters: ClusterInfo[] = old.clusters.map((c) => {
    const more = added.get(c.id) ?? [];
    return more.length ? { ...c, size: c.size + more.length, members: [...c.members, ...more] } : c;
  });
  const dupOf = new Int32Array(n);
  dupOf.set(old.dupOf.subarray(0, nOld));
  for (let i = nOld; i < n; i++) dupOf[i] = rep[i];
  return { x: placement.x, y: placement.y, cluster: placement.cluster, dupOf, clusters, ...(old.coarse ? { coarse: old.coarse } : {}) };
}
