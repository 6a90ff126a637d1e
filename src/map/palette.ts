/**
 * Categorical colours for clusters. Okabe-Ito (colour-blind safe, black
 * dropped: it reads as text) extended with Paul Tol's "muted" scheme, also
 * designed for colour-vision deficiency. Colours that were too close to an
 * earlier entry (CIELAB ΔE < 15, see tests/map/palette.test.ts) are left out.
 * Clusters beyond the palette reuse colours; their labels tell them apart.
 */
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
