/**
 * The topic tree of a layout, read by the views, the exports and the edits.
 *
 * A layout has up to three levels: `coarse` (broad areas), `clusters` (topics: the
 * level `Layout.cluster` refers to) and `subtopics`. Node ids are unique across
 * levels (topics 0..F-1, then broad areas, then subtopics), so one id names one
 * node anywhere: renames, selection and exports key on it. `parent` links a node
 * to its parent's id; top-level nodes have none.
 */
import type { ClusterInfo, Layout } from './types.ts';

/** Ids for a fresh tree: topics keep 0..nFine-1; broad areas follow; then subtopics. */
export function treeNodeIds(nFine: number, nTop: number) {
  return { top: (j: number) => nFine + j, sub: (j: number) => nFine + nTop + j };
}

/** The levels present, top first (each a list of nodes). */
export function treeLevels(layout: Pick<Layout, 'clusters' | 'coarse' | 'subtopics'>): ClusterInfo[][] {
  return [layout.coarse ?? [], layout.clusters, layout.subtopics ?? []].filter((l, i) => l.length > 0 || i === 1);
}

/** Every node of the tree, top level first. */
export function treeNodes(layout: Pick<Layout, 'clusters' | 'coarse' | 'subtopics'>): ClusterInfo[] {
  return treeLevels(layout).flat();
}

export interface TreeIndex {
  byId: Map<number, ClusterInfo>;
  /** Depth of each node id (0 = top). */
  depth: Map<number, number>;
  children: Map<number, ClusterInfo[]>;
  roots: ClusterInfo[];
}

/** Children, depth and roots. A node whose parent is missing becomes a root. */
export function indexTree(layout: Pick<Layout, 'clusters' | 'coarse' | 'subtopics'>): TreeIndex {
  const levels = treeLevels(layout);
  const byId = new Map<number, ClusterInfo>();
  for (const l of levels) for (const c of l) if (!byId.has(c.id)) byId.set(c.id, c);
  const children = new Map<number, ClusterInfo[]>();
  const roots: ClusterInfo[] = [];
  const depth = new Map<number, number>();
  levels.forEach((l, li) => {
    for (const c of l) {
      if (byId.get(c.id) !== c) continue;
      const p = c.parent;
      const parentNode = p !== undefined && p !== null ? byId.get(p) : undefined;
      // A parent must be on an upper level (never itself or a cycle).
      if (parentNode && parentNode !== c && (depth.get(parentNode.id) ?? Infinity) < li + 1 && depth.has(parentNode.id)) {
        if (!children.has(parentNode.id)) children.set(parentNode.id, []);
        children.get(parentNode.id)!.push(c);
        depth.set(c.id, depth.get(parentNode.id)! + 1);
      } else {
        roots.push(c);
        depth.set(c.id, 0);
      }
    }
  });
  return { byId, depth, children, roots };
}

/** Labels from the top down to `id` (user renames win). Empty for an unknown id. */
export function pathOf(index: TreeIndex, id: number, labels: Map<number, string>): string[] {
  const out: string[] = [];
  const seen = new Set<number>();
  let c = index.byId.get(id);
  while (c && !seen.has(c.id)) {
    seen.add(c.id);
    out.unshift(labels.get(c.id)?.trim() || c.label);
    c = c.parent !== undefined && c.parent !== null && index.depth.get(c.id)! > 0 ? index.byId.get(c.parent) : undefined;
  }
  return out;
}

export const PATH_SEPARATOR = ' › ';

/**
 * Makes a loaded layout's tree consistent: area and subtopic ids that collide with a
 * topic id (files written before ids were unique across levels) are renumbered after
 * the largest id, and topics' parents follow; a topic whose parent names no area loses it.
 * Returns the layout itself when nothing needed fixing.
 */
export function normaliseTree<L extends Pick<Layout, 'clusters' | 'coarse' | 'subtopics'>>(layout: L): L {
  const topicIds = new Set(layout.clusters.map((c) => c.id));
  let next = 0;
  for (const c of treeNodes(layout)) next = Math.max(next, c.id + 1);
  let changed = false;
  const renumber = (list: ClusterInfo[] | undefined) => {
    const map = new Map<number, number>();
    const seen = new Set(topicIds);
    const out = list?.map((c) => {
      if (!seen.has(c.id)) {
        seen.add(c.id);
        return c;
      }
      changed = true;
      map.set(c.id, next);
      return { ...c, id: next++ };
    });
    for (const c of out ?? []) topicIds.add(c.id);
    return { out, map };
  };
  const areas = renumber(layout.coarse);
  const subs = renumber(layout.subtopics);
  const areaIds = new Set((areas.out ?? []).map((c) => c.id));
  const clusters = layout.clusters.map((c) => {
    if (c.parent === undefined) return c;
    const p = areas.map.get(c.parent) ?? c.parent;
    if (!areaIds.has(p)) {
      changed = true;
      const { parent: _drop, ...rest } = c;
      return rest;
    }
    if (p !== c.parent) changed = true;
    return p === c.parent ? c : { ...c, parent: p };
  });
  const subtopics = subs.out;
  if (!changed) return layout;
  return { ...layout, clusters, ...(areas.out ? { coarse: areas.out } : {}), ...(subtopics ? { subtopics } : {}) };
}
