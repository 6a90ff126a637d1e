/**
 * User edits of clusters: renames and merges. Edits are applied to a Layout
 * as pure functions, and carried over to a new layout of the same papers by
 * member overlap (cluster ids are not stable across settings).
 */
import type { ClusterInfo, Layout } from '../types.ts';
import { maxOf } from '../util/array.ts';

export interface ClusterEdits {
  /** Cluster id → user label. */
  renames: Map<number, string>;
  /** Groups of cluster ids merged into their first id. */
  merges: number[][];
}

export const NO_EDITS: ClusterEdits = { renames: new Map(), merges: [] };

/** Interleaves member lists by rank so the merged list starts with each part's most representative papers. */
function interleave(lists: number[][]): number[] {
  const out: number[] = [];
  const longest = maxOf(lists.map((l) => l.length), 0);
  for (let r = 0; r < longest; r++) for (const l of lists) if (r < l.length) out.push(l[r]);
  return out;
}

/** Merges `ids` into `ids[0]`; unknown ids are ignored. Returns a new Layout (inputs untouched). */
export function mergeClusters(layout: Layout, ids: number[]): Layout {
  const byId = new Map(layout.clusters.map((c) => [c.id, c]));
  const parts = [...new Set(ids)].map((id) => byId.get(id)).filter((c): c is ClusterInfo => !!c);
  if (parts.length < 2) return layout;
  const [target] = parts;
  const gone = new Set(parts.slice(1).map((c) => c.id));
  const cluster = Int32Array.from(layout.cluster, (c) => (gone.has(c) ? target.id : c));
  const size = parts.reduce((s, c) => s + c.size, 0);
  const merged: ClusterInfo = {
    ...target,
    size,
    members: interleave(parts.map((c) => c.members)),
    terms: [...new Set(parts.flatMap((c) => c.terms))].slice(0, 4),
    cx: parts.reduce((s, c) => s + c.cx * c.size, 0) / size,
    cy: parts.reduce((s, c) => s + c.cy * c.size, 0) / size,
  };
  const clusters = layout.clusters.filter((c) => !gone.has(c.id)).map((c) => (c.id === target.id ? merged : c));
  clusters.sort((a, b) => b.size - a.size);
  return { ...layout, cluster, clusters };
}

export function applyMerges(layout: Layout, merges: number[][]): Layout {
  return merges.reduce((l, group) => mergeClusters(l, group), layout);
}

/** For each cluster of `next`, the cluster of `prev` holding most of its papers, if that is at least half of them. */
export function matchClusters(prev: Layout, next: Layout): Map<number, number> {
  const match = new Map<number, number>();
  if (prev.cluster.length !== next.cluster.length) return match;
  for (const c of next.clusters) {
    const counts = new Map<number, number>();
    for (const i of c.members) {
      const p = prev.cluster[i];
      if (p >= 0) counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    let best = -1;
    let bestCount = 0;
    for (const [p, n] of counts) if (n > bestCount) [best, bestCount] = [p, n];
    if (best >= 0 && bestCount * 2 >= c.members.length) match.set(c.id, best);
  }
  return match;
}

/**
 * Carries edits made on `prev` (a layout with the merges already applied) to
 * `next`, a fresh layout of the same papers: new clusters that fall mostly in
 * one merged cluster are merged again, and renames follow their papers.
 */
export function carryEdits(prev: Layout, edits: ClusterEdits, next: Layout): ClusterEdits {
  const match = matchClusters(prev, next);
  const byPrev = new Map<number, number[]>();
  for (const c of next.clusters) {
    const p = match.get(c.id);
    if (p !== undefined) byPrev.set(p, [...(byPrev.get(p) ?? []), c.id]);
  }
  const mergedTargets = new Set(edits.merges.map((g) => g[0]));
  const merges: number[][] = [];
  for (const [p, ids] of byPrev) if (mergedTargets.has(p) && ids.length > 1) merges.push(ids);
  const renames = new Map<number, string>();
  for (const [p, label] of edits.renames) {
    const ids = byPrev.get(p);
    if (ids?.length) renames.set(ids[0], label);
  }
  return { renames, merges };
}
