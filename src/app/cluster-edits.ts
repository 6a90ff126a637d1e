/**
 * User edits of clusters: renames and merges, at every level of the topic tree
 * (node ids are unique across levels, see src/topic-tree.ts). Edits are applied to
 * a Layout as pure functions, and carried over to a new layout of the same papers
 * by member overlap (cluster ids are not stable across settings).
 */
import type { ClusterInfo, Layout } from '../types.ts';
import { treeNodes } from '../topic-tree.ts';
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

function mergedNode(parts: ClusterInfo[]): ClusterInfo {
  const [target] = parts;
  const size = parts.reduce((s, c) => s + c.size, 0);
  return {
    ...target,
    size,
    members: interleave(parts.map((c) => c.members)),
    terms: [...new Set(parts.flatMap((c) => c.terms))].slice(0, 4),
    cx: parts.reduce((s, c) => s + c.cx * c.size, 0) / Math.max(1, size),
    cy: parts.reduce((s, c) => s + c.cy * c.size, 0) / Math.max(1, size),
    honesty: undefined,
  };
}

/** Broad areas recomputed from their topics (members, size, centre); areas left without topics go. */
function refreshAreas(layout: Layout): Layout {
  if (!layout.coarse?.length) return layout;
  const kids = new Map<number, ClusterInfo[]>();
  for (const c of layout.clusters) if (c.parent !== undefined) kids.set(c.parent, [...(kids.get(c.parent) ?? []), c]);
  const coarse = layout.coarse.filter((a) => kids.has(a.id)).map((a) => ({ ...mergedNode(kids.get(a.id)!), id: a.id, label: a.label, terms: a.terms, honesty: a.honesty, level: a.level, parent: a.parent }));
  return { ...layout, coarse };
}

/**
 * Merges nodes of one level into `ids[0]`: topics (papers move, subtopics follow, areas are
 * recomputed), broad areas (their topics move under the first), or subtopics of one topic.
 * Ids on another level than the first (or, for subtopics, under another topic) and unknown
 * ids are ignored. Returns a new Layout (inputs untouched).
 */
export function mergeClusters(layout: Layout, ids: number[]): Layout {
  const uniq = [...new Set(ids)];
  const inCoarse = new Map((layout.coarse ?? []).map((c) => [c.id, c]));
  const inSub = new Map((layout.subtopics ?? []).map((c) => [c.id, c]));
  if (inCoarse.has(uniq[0]) || inSub.has(uniq[0])) {
    const area = inCoarse.has(uniq[0]);
    const pool = area ? inCoarse : inSub;
    const first = pool.get(uniq[0])!;
    const parts = uniq.map((id) => pool.get(id)).filter((c): c is ClusterInfo => !!c && (area || c.parent === first.parent));
    if (parts.length < 2) return layout;
    const gone = new Set(parts.slice(1).map((c) => c.id));
    const merged = mergedNode(parts);
    const level = (list: ClusterInfo[]) => list.filter((c) => !gone.has(c.id)).map((c) => (c.id === first.id ? merged : c)).sort((a, b) => b.size - a.size);
    if (area) {
      const clusters = layout.clusters.map((c) => (c.parent !== undefined && gone.has(c.parent) ? { ...c, parent: first.id } : c));
      return { ...layout, clusters, coarse: level(layout.coarse!) };
    }
    return { ...layout, subtopics: level(layout.subtopics!) };
  }
  const byId = new Map(layout.clusters.map((c) => [c.id, c]));
  const parts = uniq.map((id) => byId.get(id)).filter((c): c is ClusterInfo => !!c);
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
  const subtopics = layout.subtopics?.map((c) => (c.parent !== undefined && gone.has(c.parent) ? { ...c, parent: target.id } : c));
  return refreshAreas({ ...layout, cluster, clusters, ...(subtopics ? { subtopics } : {}) });
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
  // Nothing to carry: no pass over the papers (a refined map of 50,000 papers lands in one task).
  if (!edits.renames.size && !edits.merges.length) return { renames: new Map(), merges: [] };
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
  const prevTopics = new Set(prev.clusters.map((c) => c.id));
  for (const [p, label] of edits.renames) {
    const ids = byPrev.get(p);
    if (prevTopics.has(p)) {
      if (ids?.length) renames.set(ids[0], label);
    }
  }
  // Areas and subtopics: a rename goes to the new node (any level) sharing the most papers
  // (Jaccard >= 1/2); a merge of areas or subtopics is made again among the new nodes of that
  // level lying mostly (>= half their papers) inside the merged one.
  if (prev.cluster.length !== next.cluster.length) return { renames, merges };
  const prevNodes = new Map(treeNodes(prev).map((c) => [c.id, c]));
  const nextNodes = treeNodes(next);
  const taken = new Set(renames.keys());
  for (const [p, label] of edits.renames) {
    const old = prevNodes.get(p);
    if (!old || prevTopics.has(p)) continue;
    const mine = new Set(old.members);
    let best: ClusterInfo | undefined;
    let bestJ = 0;
    for (const c of nextNodes) {
      if (taken.has(c.id)) continue;
      let both = 0;
      for (const i of c.members) if (mine.has(i)) both++;
      const j = both / (mine.size + c.members.length - both || 1);
      if (j > bestJ) [best, bestJ] = [c, j];
    }
    if (best && bestJ >= 0.5) {
      renames.set(best.id, label);
      taken.add(best.id);
    }
  }
  for (const group of edits.merges) {
    const old = prevNodes.get(group[0]);
    if (!old || prevTopics.has(old.id)) continue;
    const inPrevAreas = (prev.coarse ?? []).some((c) => c.id === old.id);
    const candidates = inPrevAreas ? next.coarse ?? [] : next.subtopics ?? [];
    const mine = new Set(old.members);
    const inside = candidates.filter((c) => c.members.filter((i) => mine.has(i)).length * 2 >= c.members.length && c.members.length > 0);
    if (inside.length > 1) merges.push(inside.sort((a, b) => b.size - a.size).map((c) => c.id));
  }
  return { renames, merges };
}
