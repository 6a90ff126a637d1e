import type { ClusterInfo, Layout, Paper } from '../types.ts';

/** A cluster as exported: its (possibly renamed) label and its papers in reading order. */
export interface ExportGroup {
  /** Cluster id; -1 for the "Unclustered" group. */
  id: number;
  label: string;
  terms: string[];
  /** Paper indices (into the Paper[] of the map), most representative first. */
  papers: number[];
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
  const n = Math.min(papers.length, layout.cluster.length);
  const include = subset ? new Uint8Array(n) : undefined;
  if (include && subset) for (const i of subset) if (Number.isInteger(i) && i >= 0 && i < n) include[i] = 1;

  const info = new Map<number, ClusterInfo>();
  for (const c of layout.clusters) info.set(c.id, c);

  // rank[i] = position of i in its cluster's members list (Infinity when unlisted).
  const rank = new Float64Array(n).fill(Infinity);
  for (const c of layout.clusters) c.members.forEach((m, pos) => { if (m >= 0 && m < n && rank[m] === Infinity) rank[m] = pos; });

  const byCluster = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
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
  for (const c of layout.clusters) place(c.id);
  for (const id of [...byCluster.keys()].sort((a, b) => a - b)) place(id);
  if (byCluster.has(UNCLUSTERED_ID)) order.push(UNCLUSTERED_ID);

  return order.map((id) => {
    const members = byCluster.get(id) ?? [];
    const keyed = members.map((i) => ({ i, k: sortKey(i) }));
    keyed.sort((a, b) => (a.k === b.k ? a.i - b.i : a.k < b.k ? -1 : 1));
    const c = info.get(id);
    const fallback = id === UNCLUSTERED_ID ? UNCLUSTERED_LABEL : c?.label || `Cluster ${id}`;
    return {
      id,
      label: labels.get(id)?.trim() || fallback,
      terms: c && id !== UNCLUSTERED_ID ? [...c.terms] : [],
      papers: keyed.map((x) => x.i),
    };
  });
}
