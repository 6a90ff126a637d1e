import type { ClusterInfo, Layout, Paper } from '../types.ts';
import { indexTree, pathOf, PATH_SEPARATOR } from '../topic-tree.ts';
import { runSync, type Task } from '../util/slice.ts';

/** A cluster as exported: its (possibly renamed) label and its papers in reading order. */
export interface ExportGroup {
  /** Cluster id; -1 for the "Unclustered" group. */
  id: number;
  label: string;
  terms: string[];
  /** Paper indices (into the Paper[] of the map), most representative first. */
  papers: number[];
  /** Labels from the top of the topic tree down to this group ([label] without a tree). */
  path: string[];
  /** Node ids along `path` (the last is this group's id). */
  pathIds: number[];
  /** This topic's subtopics (renames applied), each with its papers in the group's order; [] when none. */
  subtopics: { id: number; label: string; papers: number[] }[];
}

/** A paper's path in the tree: its group's path, then its subtopic's label if it has one. */
export function paperPath(g: ExportGroup, i: number): string[] {
  if (!g.subtopics.length) return g.path;
  let of = subOf.get(g);
  if (!of) {
    of = new Map();
    for (const s of g.subtopics) for (const p of s.papers) of.set(p, s.label);
    subOf.set(g, of);
  }
  const sub = of.get(i);
  return sub !== undefined ? [...g.path, sub] : g.path;
}
const subOf = new WeakMap<ExportGroup, Map<number, string>>();

/** "Vision › Segmentation › Medical image segmentation". */
export const pathText = (path: string[]) => path.join(PATH_SEPARATOR);

/** Members handled between two checkpoints of a group's ordering. */
export const ORDER_STEP = 8192;

/**
 * `members` (ascending) ordered by `key`, ties in member order. Keys are ranks: integers,
 * a rank + 0.5, or Infinity, so a counting sort does it in linear time (100,000 duplicates
 * of one paper sorted as objects took a long task); other keys fall back to a stable sort.
 * A task with a checkpoint every ORDER_STEP members: one group of 100,000 papers was one
 * step of the sliced export (issue 16).
 */
function* byKey(members: number[], key: (i: number) => number): Task<number[]> {
  const keys = new Float64Array(members.length);
  let max = 0;
  let countable = true;
  for (let j = 0; j < members.length; j++) {
    if (j % ORDER_STEP === ORDER_STEP - 1) yield;
    const k = (keys[j] = key(members[j]));
    if (k === Infinity) continue;
    if (!(k >= 0) || (k * 2) % 1 !== 0) countable = false;
    else if (k > max) max = k;
  }
  if (!countable || max * 2 > 4 * members.length + 1024) {
    const keyed = members.map((i, j) => ({ i, k: keys[j] }));
    keyed.sort((a, b) => (a.k === b.k ? a.i - b.i : a.k < b.k ? -1 : 1));
    return keyed.map((x) => x.i);
  }
  const slots = max * 2 + 2; // the last slot is Infinity
  const last = slots - 1;
  const start = new Int32Array(slots + 1);
  for (let j = 0; j < keys.length; j++) {
    if (j % ORDER_STEP === ORDER_STEP - 1) yield;
    const k = keys[j];
    start[(k === Infinity ? last : k * 2) + 1]++;
  }
  for (let b = 0; b < slots; b++) start[b + 1] += start[b];
  yield;
  const out = new Array<number>(members.length);
  for (let j = 0; j < keys.length; j++) {
    if (j % ORDER_STEP === ORDER_STEP - 1) yield;
    const k = keys[j];
    out[start[k === Infinity ? last : k * 2]++] = members[j];
  }
  return out;
}

export const UNCLUSTERED_ID = -1;
export const UNCLUSTERED_LABEL = 'Unclustered';

/**
 * Groups every row for export. `layout.cluster` is the truth for membership, so every
 * original row appears — duplicates included, each with its own Paper. Order within a
 * group follows `ClusterInfo.members`; a duplicate not listed there sits right after its
 * representative (`dupOf`), remaining rows follow in input order.
 * Groups come in `layout.clusters` order, then ids only seen in `layout.cluster`,
 * then "Unclustered". Empty groups (e.g. outside `subset`) are left out.
 */
export function groupsForExport(papers: Paper[], layout: Layout, labels: Map<number, string>, subset?: number[]): ExportGroup[] {
  return runSync(groupsTask(papers, layout, labels, subset));
}

/** `groupsForExport` as a task with checkpoints (every group, every 8,192 papers), for a time-sliced run. */
export function* groupsTask(papers: Paper[], layout: Layout, labels: Map<number, string>, subset?: number[]): Task<ExportGroup[]> {
  const n = Math.min(papers.length, layout.cluster.length);
  const include = subset ? new Uint8Array(n) : undefined;
  if (include && subset) for (const i of subset) if (Number.isInteger(i) && i >= 0 && i < n) include[i] = 1;

  const info = new Map<number, ClusterInfo>();
  for (const c of layout.clusters) info.set(c.id, c);

  // rank[i] = position of i in its cluster's members list (Infinity when unlisted).
  const rank = new Float64Array(n).fill(Infinity);
  let seen = 0;
  for (const c of layout.clusters) {
    const ms = c.members;
    for (let pos = 0; pos < ms.length; pos++) {
      if (++seen % ORDER_STEP === 0) yield;
      const m = ms[pos];
      if (m >= 0 && m < n && rank[m] === Infinity) rank[m] = pos;
    }
  }

  const byCluster = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    if ((i & 8191) === 8191) yield;
    if (include && !include[i]) continue;
    const id = layout.cluster[i] < 0 ? UNCLUSTERED_ID : layout.cluster[i];
    let list = byCluster.get(id);
    if (!list) byCluster.set(id, (list = []));
    list.push(i);
  }

  const sortKey = (i: number): number => {
    if (rank[i] !== Infinity) return rank[i];
    const rep = layout.dupOf[i];
    return rep >= 0 && rep < n && rep !== i && rank[rep] !== Infinity ? rank[rep] + 0.5 : Infinity;
  };

  // Tree order: topics grouped under their broad area (areas by size), so nested exports read top-down.
  const tree = indexTree(layout);
  const areaRank = new Map((layout.coarse ?? []).map((a) => [a.id, a.size]));
  const topics = [...layout.clusters];
  if (areaRank.size) {
    const at = new Map(topics.map((c, k) => [c.id, k]));
    const areaOf = (c: ClusterInfo) => (c.parent !== undefined && areaRank.has(c.parent) ? c.parent : -1);
    const areaKey = (c: ClusterInfo) => areaRank.get(areaOf(c)) ?? -1;
    topics.sort((a, b) => areaKey(b) - areaKey(a) || areaOf(a) - areaOf(b) || at.get(a.id)! - at.get(b.id)!);
  }
  // Each group once: a cluster listed twice, or a ClusterInfo with a negative id (a crafted
  // file), must not repeat its rows; "Unclustered" comes last. A Set keeps this linear.
  const order: number[] = [];
  const placed = new Set<number>([UNCLUSTERED_ID]);
  const place = (id: number) => {
    if (byCluster.has(id) && !placed.has(id)) {
      placed.add(id);
      order.push(id);
    }
  };
  for (const c of topics) place(c.id);
  for (const id of [...byCluster.keys()].sort((a, b) => a - b)) place(id);
  if (byCluster.has(UNCLUSTERED_ID)) order.push(UNCLUSTERED_ID);

  const out: ExportGroup[] = [];
  for (const id of order) {
    yield;
    const members = byCluster.get(id) ?? [];
    const list = yield* byKey(members, sortKey);
    const c = info.get(id);
    const fallback = id === UNCLUSTERED_ID ? UNCLUSTERED_LABEL : c?.label || `Cluster ${id}`;
    const label = labels.get(id)?.trim() || fallback;
    const subs = id === UNCLUSTERED_ID ? [] : (tree.children.get(id) ?? []).map((s) => {
      const mine = new Set(s.members);
      return { id: s.id, label: labels.get(s.id)?.trim() || s.label, papers: list.filter((i) => mine.has(i) || mine.has(layout.dupOf[i])) };
    }).filter((s) => s.papers.length > 0);
    const path = c && id !== UNCLUSTERED_ID && tree.byId.has(id) ? pathOf(tree, id, labels) : [label];
    const pathIds = [id];
    for (let p = tree.byId.get(id); p && pathIds.length < path.length; ) {
      p = p.parent !== undefined ? tree.byId.get(p.parent) : undefined;
      if (p) pathIds.unshift(p.id);
    }
    out.push({ id, label, terms: c && id !== UNCLUSTERED_ID ? [...c.terms] : [], papers: list, path, pathIds, subtopics: subs });
  }
  return out;
}
