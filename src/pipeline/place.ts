/**
 * Places papers added to an existing map without moving the old ones: each new
 * paper goes to the similarity-weighted mean position of its nearest old papers
 * (cosine of centred USE vectors) and takes their majority cluster. This is the
 * initialisation UMAP's own `transform` starts from; a full re-layout remains
 * one click away for a map that has changed a lot.
 */
import { EMBED_DIM } from '../model/model-info.ts';
import type { Prepared } from './prepare.ts';
import type { ClusterInfo, Layout } from '../types.ts';

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
 * first `nOld` papers' positions, returned unchanged in the output.
 */
export function placeNew(prepared: Prepared, vectors: Float32Array, old: OldLayout, nOld: number, k = 10): Placement {
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
  const mean = centre(vectors, anchors);

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
    const top = topK(vectors, mean, u, anchors, Math.min(k, anchors.length));
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

function centre(vectors: Float32Array, rows: number[]): Float32Array {
  const mean = new Float32Array(EMBED_DIM);
  for (const u of rows) for (let j = 0; j < EMBED_DIM; j++) mean[j] += vectors[u * EMBED_DIM + j];
  if (rows.length) for (let j = 0; j < EMBED_DIM; j++) mean[j] /= rows.length;
  return mean;
}

/** The k anchors most similar to text `u` (cosine of mean-centred vectors), best first. */
function topK(vectors: Float32Array, mean: Float32Array, u: number, anchors: number[], k: number): { u: number; sim: number }[] {
  const q = new Float32Array(EMBED_DIM);
  let qn = 0;
  for (let j = 0; j < EMBED_DIM; j++) {
    q[j] = vectors[u * EMBED_DIM + j] - mean[j];
    qn += q[j] * q[j];
  }
  qn = Math.sqrt(qn) || 1;
  const best: { u: number; sim: number }[] = [];
  for (const a of anchors) {
    let dot = 0;
    let an = 0;
    const o = a * EMBED_DIM;
    for (let j = 0; j < EMBED_DIM; j++) {
      const v = vectors[o + j] - mean[j];
      dot += v * q[j];
      an += v * v;
    }
    const sim = dot / (qn * (Math.sqrt(an) || 1));
    if (best.length < k || sim > best[best.length - 1].sim) {
      best.push({ u: a, sim });
      best.sort((p, r) => r.sim - p.sim || p.u - r.u);
      if (best.length > k) best.pop();
    }
  }
  return best;
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
