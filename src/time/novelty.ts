/**
 * What is new: which clusters the new papers joined and which clusters they formed.
 * A cluster counts as formed by new papers when at least FORMED_SHARE of its papers are new
 * (and at least 2 are): before them it was not there in substance.
 */
import type { ClusterInfo } from '../types.ts';

export const FORMED_SHARE = 2 / 3;

export interface Novelty {
  count: number;
  /** Existing clusters that got new papers, most first. */
  joined: { id: number; n: number }[];
  /** Clusters mostly made of new papers. */
  formed: { id: number; n: number; size: number }[];
  /** New papers left unclustered (outliers or not placed). */
  unclustered: number;
}

export function novelty(isNew: Uint8Array, clusterOf: ArrayLike<number>, clusters: readonly ClusterInfo[]): Novelty {
  const per = new Map<number, number>();
  let count = 0, unclustered = 0;
  for (let i = 0; i < isNew.length; i++) {
    if (!isNew[i]) continue;
    count++;
    const c = clusterOf[i];
    if (c < 0) unclustered++;
    else per.set(c, (per.get(c) ?? 0) + 1);
  }
  const joined: Novelty['joined'] = [];
  const formed: Novelty['formed'] = [];
  for (const c of clusters) {
    const n = per.get(c.id) ?? 0;
    if (!n) continue;
    if (n >= 2 && n >= FORMED_SHARE * c.size) formed.push({ id: c.id, n, size: c.size });
    else joined.push({ id: c.id, n });
  }
  joined.sort((a, b) => b.n - a.n || a.id - b.id);
  formed.sort((a, b) => b.n - a.n || a.id - b.id);
  return { count, joined, formed, unclustered };
}

/** 1 for papers dated on or after `sinceIso` (a YYYY-MM-DD day): a paper dated by month or year counts when its period starts then or later. */
export function newSince(dates: readonly ({ iso: string } | undefined)[], sinceIso: string): Uint8Array {
  const out = new Uint8Array(dates.length);
  dates.forEach((d, i) => {
    if (!d) return;
    const full = d.iso.length === 4 ? `${d.iso}-01-01` : d.iso.length === 7 ? `${d.iso}-01` : d.iso;
    if (full >= sinceIso) out[i] = 1;
  });
  return out;
}
