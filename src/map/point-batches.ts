/**
 * Groups points by colour once per map, so drawing sets one fillStyle per
 * colour instead of one per point. Pure: typed arrays in, typed arrays out.
 */
import type { Layout } from '../types.ts';
import { clusterSlots, PALETTE } from './palette.ts';

export interface PointBatches {
  /** Finite point indices ordered by colour group; group 0 = outliers (drawn first, underneath). */
  order: Uint32Array;
  /** Group g occupies order[start[g] .. start[g+1]); length = groups + 1. */
  start: Uint32Array;
  /** Colour group per point (0 = outlier, g > 0 = PALETTE[g - 1]); 255 = not drawn (non-finite). */
  group: Uint8Array;
  /** Cluster id → palette slot. */
  slots: Map<number, number>;
  /** Number of points with finite coordinates (= drawn). */
  nDrawn: number;
}

export const NOT_DRAWN = 255;

/** `slots` overrides the layout's colour slots (provisional colours while its geometry is computed). */
export function buildBatches(layout: Layout, slots: Map<number, number> = clusterSlots(layout)): PointBatches {
  const n = layout.x.length;
  // Neighbouring clusters get different colours (clusterSlots); the biggest get the first (most distinct) ones.
  const groups = PALETTE.length + 1;
  const group = new Uint8Array(n);
  const count = new Uint32Array(groups + 1);
  let nDrawn = 0;
  // One Map lookup per run of equal cluster ids (papers of a cluster often come together).
  let lastC = NaN, g = 0;
  const xs = layout.x, ys = layout.y, cl = layout.cluster;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) {
      group[i] = NOT_DRAWN;
      continue;
    }
    if (cl[i] !== lastC) {
      lastC = cl[i];
      const slot = slots.get(lastC);
      g = slot === undefined ? 0 : slot + 1;
    }
    group[i] = g;
    count[g + 1]++;
    nDrawn++;
  }
  for (let g = 1; g <= groups; g++) count[g] += count[g - 1];
  const start = count.slice();
  const fill = count.slice(0, groups);
  const order = new Uint32Array(nDrawn);
  for (let i = 0; i < n; i++) if (group[i] !== NOT_DRAWN) order[fill[group[i]]++] = i;
  return { order, start, group, slots, nDrawn };
}
