/**
 * Categorical colours for clusters. Okabe-Ito (colour-blind safe, black
 * dropped: it reads as text) extended with Paul Tol's "muted" scheme, also
 * designed for colour-vision deficiency. Colours that were too close to an
 * earlier entry (CIELAB ΔE < 15, see tests/map/palette.test.ts) are left out.
 * Clusters beyond the palette reuse colours; their labels tell them apart.
 */
import type { Layout } from '../types.ts';
import { mapGeometry } from './regions.ts';
import { runSync, type Task } from '../util/slice.ts';

export const PALETTE: readonly string[] = [
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#56B4E9', // sky blue
  '#D55E00', // vermillion
  '#F0E442', // yellow
  '#332288', // indigo
  '#882255', // wine
  '#999933', // olive
  '#44AA99', // teal
  '#117733', // green
  '#AA4499', // purple
  '#DDCC77', // sand
];

/** Outliers (cluster -1) and anything unclustered. */
export const OUTLIER_COLOR = '#9a9a9a';

/**
 * Assigns a palette slot to every cluster id, in the given order (callers pass
 * clusters biggest first so the most distinct colours go to the biggest groups).
 * Returns id → palette index; outliers are not in the map.
 */
export function assignColors(clusterIds: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  let next = 0;
  for (const id of clusterIds) {
    if (id < 0 || out.has(id)) continue;
    out.set(id, next % PALETTE.length);
    next++;
  }
  return out;
}

/** Colour of a cluster id given an assignment (outliers and unknown ids grey). */
export function clusterColor(id: number, slots: Map<number, number>): string {
  const slot = slots.get(id);
  return slot === undefined ? OUTLIER_COLOR : PALETTE[slot];
}

/**
 * Mixes a hex colour with white; `alpha` = weight of the colour (0..1).
 * Used to draw faded (unselected) points as opaque colours so that a faded
 * point never darkens where many overlap.
 */
export function fadeHex(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  const mix = (c: number) => Math.round(c * alpha + 255 * (1 - alpha));
  const r = mix((n >> 16) & 255), g = mix((n >> 8) & 255), b = mix(n & 255);
  return '#' + ((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1);
}

/**
 * Colours clusters so that neighbours (adjacency: id → neighbour id → contact
 * strength) never share a colour while the palette allows it: DSatur greedy
 * colouring (the cluster with the most differently coloured neighbours goes
 * next; ties go to the bigger cluster, by the order of `ids`, biggest first).
 * Each takes, of the slots no neighbour uses, the one used least so far (so
 * colours stay spread and the biggest clusters get the first, most distinct
 * ones); when every slot is used around it, the one it touches least.
 * Past 400 clusters, those without neighbours in `adjacency` follow, least-used slot first.
 * Returns id → palette index.
 */
export function colourGraph(ids: readonly number[], adjacency: Map<number, Map<number, number>>): Map<number, number> {
  return runSync(colourGraphTask(ids, adjacency));
}

/**
 * `colourGraph` as a task (util/slice.ts): a checkpoint after each cluster coloured, so a big
 * map's colours can be found in time slices (20,000 clusters: 0.35 s in one task, issue 16).
 */
export function* colourGraphTask(ids: readonly number[], adjacency: Map<number, Map<number, number>>): Task<Map<number, number>> {
  // Checkpoints between the set-up passes too (20,000 clusters: each pass a few tens of ms at load).
  const seen = new Set<number>();
  const order = ids.filter((id) => id >= 0 && !seen.has(id) && seen.add(id));
  yield;
  const rank = new Map(order.map((id, i) => [id, i]));
  const out = new Map<number, number>();
  const used = new Float64Array(PALETTE.length);
  const sat = new Map<number, Set<number>>();
  yield;
  // DSatur over every cluster (biggest first among equals) when there are few; with thousands, over those with neighbours only.
  const left = new Set(order.length <= 400 ? order : order.filter((id) => adjacency.get(id)?.size));
  for (const id of left) sat.set(id, new Set());
  yield;
  const assign = (id: number) => {
    const touch = new Float64Array(PALETTE.length);
    for (const [nb, w] of adjacency.get(id) ?? []) {
      const s = out.get(nb);
      if (s !== undefined) touch[s] += w;
    }
    let slot = -1;
    for (let s = 0; s < PALETTE.length; s++) if (touch[s] === 0 && (slot < 0 || used[s] < used[slot])) slot = s;
    if (slot < 0) for (let s = 0; s < PALETTE.length; s++) if (slot < 0 || touch[s] < touch[slot]) slot = s;
    out.set(id, slot);
    used[slot]++;
    for (const nb of adjacency.get(id)?.keys() ?? []) sat.get(nb)?.add(slot);
  };
  while (left.size) {
    let pick = -1, bestSat = -1, bestRank = Infinity;
    for (const id of left) {
      const s = sat.get(id)!.size, r = rank.get(id)!;
      if (s > bestSat || (s === bestSat && r < bestRank)) {
        pick = id;
        bestSat = s;
        bestRank = r;
      }
    }
    left.delete(pick);
    assign(pick);
    yield;
  }
  for (const id of order) {
    if (out.has(id)) continue;
    assign(id);
    yield;
  }
  return out;
}

/** Colour slots of a layout's clusters: neighbours on the map apart (see colourGraph), memoised per layout. */
export function clusterSlots(layout: Layout): Map<number, number> {
  let m = slotMemo.get(layout);
  if (!m) slotMemo.set(layout, (m = colourGraph(bySize(layout), mapGeometry(layout).adjacency)));
  return m;
}

/** `clusterSlots` as a task (checkpoints per cluster coloured); stores the slots for the layout like clusterSlots. */
export function* clusterSlotsTask(layout: Layout): Task<Map<number, number>> {
  let m = slotMemo.get(layout);
  if (!m) {
    const ids = bySize(layout);
    yield;
    m = yield* colourGraphTask(ids, mapGeometry(layout).adjacency);
    // Computed meanwhile on the spot (a draw, an export): keep the one already in use.
    const now = slotMemo.get(layout);
    if (now) return now;
    slotMemo.set(layout, m);
  }
  return m;
}

/** Slots while a big map's geometry is still being computed (no adjacency yet); not memoised. */
export function provisionalSlots(layout: Layout): Map<number, number> {
  return colourGraph(bySize(layout), new Map());
}

const bySize = (layout: Layout) => layout.clusters.slice().sort((a, b) => b.size - a.size || a.id - b.id).map((c) => c.id);
const slotMemo = new WeakMap<Layout, Map<number, number>>();
