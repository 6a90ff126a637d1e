/**
 * Colour by something other than the cluster: the date (a sequential scale over the
 * periods) or a metadata field with few values (source file, venue, listing day, year…).
 * Pure: papers in, one packed RGBA colour per paper and a legend out. The map draws these
 * instead of cluster colours (an alternative colour accessor; cluster colours stay the default).
 */
import { interpolateViridis } from 'd3';
import type { Paper } from '../types.ts';
import { OUTLIER_COLOR, PALETTE } from '../map/palette.ts';
import { fadePacked } from '../map/point-layer.ts';
import type { Timeline } from './periods.ts';
import { LISTING_DAY } from '../ingest/dates.ts';
import { runSync, type Task } from '../util/slice.ts';

export type ColorBy = { kind: 'cluster' } | { kind: 'date' } | { kind: 'field'; field: string };

export interface LegendEntry {
  label: string;
  color: string;
  count: number;
}

export interface Coloring {
  /** Per paper, RGBA packed little-endian (as the canvas ImageData Uint32 view reads it). */
  packed: Uint32Array;
  /** The same, mixed with white as faded points are drawn. */
  faded: Uint32Array;
  /** The same colours as CSS hex, for the canvas path and the legend. */
  css: string[];
  legend: LegendEntry[];
  /** A continuous legend (date): first and last period keys. */
  range?: [string, string];
}

/** A field offered for colouring has at most this many values (the rest would be "other"). */
export const MAX_FIELD_VALUES = 40;
const MISSING = 'none';

/** RGBA of a CSS hex colour, packed little-endian (ABGR in memory). */
export function packHex(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  return ((255 << 24) | ((n & 255) << 16) | (n & 0xff00) | ((n >> 16) & 255)) >>> 0;
}

const toHex = (rgb: string) => {
  const m = /rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(rgb);
  if (!m) return rgb.startsWith('#') ? rgb : OUTLIER_COLOR;
  return '#' + [m[1], m[2], m[3]].map((v) => Number(v).toString(16).padStart(2, '0')).join('');
};

/** The value of a metadata field for one paper ('' when it has none). */
export function fieldValue(p: Paper, field: string): string {
  switch (field) {
    case 'source file': return p.source.file;
    case 'venue': return p.venue ?? '';
    case 'year': return p.year !== undefined ? String(p.year) : '';
    case 'format': return p.source.format;
    default: return p.extra && Object.prototype.hasOwnProperty.call(p.extra, field) ? p.extra[field] : '';
  }
}

/** Papers looked at between two checkpoints of `colourableFieldsTask`. */
export const FIELD_STEP = 4096;

/**
 * Fields with 2..MAX_FIELD_VALUES distinct values that at least half the papers have:
 * source file, venue, year, listing day and any other column the input carried.
 */
export function colourableFields(papers: readonly Paper[]): string[] {
  return runSync(colourableFieldsTask(papers));
}

/** `colourableFields` as a task with a checkpoint every FIELD_STEP papers (100,000 papers: one 0.6 s step when a map opened, issue 16). */
export function* colourableFieldsTask(papers: readonly Paper[]): Task<string[]> {
  const keys = new Set<string>(['source file', 'venue', LISTING_DAY, 'year']);
  const n = Math.min(papers.length, 5000);
  for (let i = 0; i < n; i++) for (const k of Object.keys(papers[i].extra ?? {})) keys.add(k);
  yield;
  const out: string[] = [];
  for (const k of keys) {
    const seen = new Set<string>();
    let have = 0;
    for (let i = 0; i < papers.length; i++) {
      if (i % FIELD_STEP === FIELD_STEP - 1) yield;
      const v = fieldValue(papers[i], k);
      if (!v) continue;
      have++;
      seen.add(v);
      if (seen.size > MAX_FIELD_VALUES) break;
    }
    if (seen.size >= 2 && seen.size <= MAX_FIELD_VALUES && 2 * have >= papers.length) out.push(k);
    yield;
  }
  return out;
}

/** Colours by period: viridis from the first period to the last; undated papers grey. */
export function colourByDate(timeline: Timeline): Coloring {
  const P = timeline.periods.length;
  // The scale spans the shown window; thin tails before / after it take its end colours.
  const [a, b] = timeline.window;
  const css = timeline.periods.map((_, t) => toHex(interpolateViridis(b > a ? Math.min(1, Math.max(0, (t - a) / (b - a))) : 0.5)));
  const packedOf = css.map(packHex);
  const grey = packHex(OUTLIER_COLOR);
  const n = timeline.periodOf.length;
  const packed = new Uint32Array(n);
  const perPoint: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const t = timeline.periodOf[i];
    packed[i] = t >= 0 ? packedOf[t] : grey;
    perPoint[i] = t >= 0 ? css[t] : OUTLIER_COLOR;
  }
  const legend = timeline.periods.slice(a, b + 1).map((k, t) => ({ label: k, color: css[a + t], count: timeline.totals[a + t] }));
  const undated = timeline.undated + timeline.tooCoarse;
  if (undated) legend.push({ label: `no ${timeline.granularity}`, color: OUTLIER_COLOR, count: undated });
  return { packed, faded: fadeAll(packed), css: perPoint, legend, range: P ? [timeline.periods[a], timeline.periods[b]] : undefined };
}

/** Colours by a field's values, most frequent first; values past the palette and missing ones grey. */
export function colourByField(papers: readonly Paper[], field: string): Coloring {
  const counts = new Map<string, number>();
  for (const p of papers) {
    const v = fieldValue(p, field) || MISSING;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const values = [...counts.keys()].filter((v) => v !== MISSING).sort((a, b) => counts.get(b)! - counts.get(a)! || a.localeCompare(b));
  const slot = new Map<string, string>();
  values.slice(0, PALETTE.length).forEach((v, k) => slot.set(v, PALETTE[k]));
  const packed = new Uint32Array(papers.length);
  const css: string[] = new Array(papers.length);
  const cache = new Map<string, number>();
  papers.forEach((p, i) => {
    const c = slot.get(fieldValue(p, field) || MISSING) ?? OUTLIER_COLOR;
    css[i] = c;
    let k = cache.get(c);
    if (k === undefined) cache.set(c, (k = packHex(c)));
    packed[i] = k;
  });
  const legend: LegendEntry[] = values.slice(0, PALETTE.length).map((v) => ({ label: v, color: slot.get(v)!, count: counts.get(v)! }));
  const rest = values.slice(PALETTE.length).reduce((s, v) => s + counts.get(v)!, 0) + (counts.get(MISSING) ?? 0);
  if (rest) legend.push({ label: values.length > PALETTE.length ? 'other / none' : 'none', color: OUTLIER_COLOR, count: rest });
  return { packed, faded: fadeAll(packed), css, legend };
}

function fadeAll(packed: Uint32Array): Uint32Array {
  const cache = new Map<number, number>();
  return packed.map((c) => {
    let f = cache.get(c);
    if (f === undefined) cache.set(c, (f = fadePacked(c)));
    return f;
  });
}
