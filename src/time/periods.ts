/**
 * Time periods for a corpus and the papers each cluster has per period. The period length
 * (day, ISO week, month, year) follows the data's span, never finer than most papers' dates.
 * Pure: dates in, typed arrays out.
 */
import type { PaperDate } from '../types.ts';
import { runSync, type Task } from '../util/slice.ts';

/** Dates looked at between two checkpoints of the timeline tasks. */
export const DATE_STEP = 8192;

export type Granularity = 'day' | 'week' | 'month' | 'year';

export interface Timeline {
  granularity: Granularity;
  /** Period keys in time order, with no gaps: "2025-03-12", "2025-W11", "2025-03" or "2025". */
  periods: string[];
  /** Per paper: its period index, or -1 (no date, or a date coarser than the period). */
  periodOf: Int32Array;
  /** Papers per period. */
  totals: Int32Array;
  /** Papers with a date too coarse for the period (e.g. a year when periods are months). */
  tooCoarse: number;
  /** Papers with no date. */
  undated: number;
  /**
   * The periods worth showing [first, last]: all of them but thin tails (at most TAIL_SHARE of the
   * dated papers on each side, e.g. a few old arXiv ids in a 2025 listing). Sparklines, the
   * histogram and the trend test use this window; counts and exports keep every period.
   */
  window: [number, number];
}

/** Share of dated papers each thin tail may hold and still be left out of the shown window. */
export const TAIL_SHARE = 0.005;

const DAY_MS = 86_400_000;
/** Spans (days) up to which each period length is chosen. */
const SPAN_DAY = 31;
const SPAN_WEEK = 183;
const SPAN_MONTH = 6 * 366;

const ORDER: Granularity[] = ['day', 'week', 'month', 'year'];
/** The finest date precision each period length needs. */
const NEEDS: Record<Granularity, PaperDate['precision']> = { day: 'day', week: 'day', month: 'month', year: 'year' };
const FINE: Record<PaperDate['precision'], number> = { year: 0, month: 1, day: 2 };

/** UTC ms of the first day a date covers. */
export function startMs(d: PaperDate): number {
  // Cached by date text: a corpus has few distinct dates, and parsing each of 100,000 took a long task (issue 16).
  let ms = startCache.get(d.iso);
  if (ms === undefined) {
    const [y, m = 1, dd = 1] = d.iso.split('-').map(Number);
    ms = Date.UTC(y, m - 1, dd);
    if (startCache.size > 100_000) startCache.clear();
    startCache.set(d.iso, ms);
  }
  return ms;
}
const startCache = new Map<string, number>();
const endCache = new Map<string, number>();

/** UTC ms just after the last day a date covers. */
function endMs(d: PaperDate): number {
  const key = d.precision + d.iso;
  let ms = endCache.get(key);
  if (ms === undefined) {
    ms = endMsOf(d);
    if (endCache.size > 100_000) endCache.clear();
    endCache.set(key, ms);
  }
  return ms;
}

function endMsOf(d: PaperDate): number {
  const [y, m, dd] = d.iso.split('-').map(Number);
  if (d.precision === 'year') return Date.UTC(y + 1, 0, 1);
  if (d.precision === 'month') return Date.UTC(y, m, 1);
  return Date.UTC(y, m - 1, dd + 1);
}

/** ISO 8601 week of a UTC day: [week-year, week]. */
function isoWeek(ms: number): [number, number] {
  const d = new Date(ms);
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  const thursday = ms + (3 - day) * DAY_MS;
  const wy = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(wy, 0, 1)) / (7 * DAY_MS));
  return [wy, week];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The key of the period holding `ms`. */
export function periodKey(ms: number, g: Granularity): string {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  if (g === 'year') return String(y);
  if (g === 'month') return `${y}-${pad(d.getUTCMonth() + 1)}`;
  if (g === 'day') return `${y}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const [wy, w] = isoWeek(ms);
  return `${wy}-W${pad(w)}`;
}

/** Start (UTC ms) of the period after the one holding `ms`. */
function nextStart(ms: number, g: Granularity): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear(), m = d.getUTCMonth();
  if (g === 'year') return Date.UTC(y + 1, 0, 1);
  if (g === 'month') return Date.UTC(y, m + 1, 1);
  if (g === 'day') return Date.UTC(y, m, d.getUTCDate() + 1);
  const day = (d.getUTCDay() + 6) % 7;
  return Date.UTC(y, m, d.getUTCDate() - day + 7);
}

/**
 * The period length for these dates: from the span (≤ 31 days: day; ≤ 26 weeks: week;
 * ≤ 6 years: month; else year), made coarser until at least half the dated papers are
 * precise enough for it.
 */
export function chooseGranularity(dates: readonly (PaperDate | undefined | null)[]): Granularity {
  return runSync(chooseGranularityTask(dates));
}

/** `chooseGranularity` as a task with a checkpoint every DATE_STEP dates. */
export function* chooseGranularityTask(dates: readonly (PaperDate | undefined | null)[]): Task<Granularity> {
  let lo = Infinity, hi = -Infinity, n = 0;
  const byPrecision = { day: 0, month: 0, year: 0 };
  for (let i = 0; i < dates.length; i++) {
    if (i % DATE_STEP === DATE_STEP - 1) yield;
    const d = dates[i];
    if (!d) continue;
    n++;
    byPrecision[d.precision]++;
    lo = Math.min(lo, startMs(d));
    hi = Math.max(hi, endMs(d));
  }
  yield;
  if (n === 0) return 'year';
  // The span without thin tails (TAIL_SHARE of the dates on each side), so a few stray old dates do not widen the periods.
  // Typed arrays sort numerically without a comparator call per pair.
  const starts = new Float64Array(n), ends = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < dates.length; i++) {
    if (i % DATE_STEP === DATE_STEP - 1) yield;
    const d = dates[i];
    if (!d) continue;
    starts[k] = startMs(d);
    ends[k++] = endMs(d);
  }
  starts.sort();
  yield;
  ends.sort();
  yield;
  const cut = Math.floor(TAIL_SHARE * n);
  lo = starts[cut];
  hi = ends[n - 1 - cut];
  const span = (hi - lo) / DAY_MS;
  let g: Granularity = span <= SPAN_DAY ? 'day' : span <= SPAN_WEEK ? 'week' : span <= SPAN_MONTH ? 'month' : 'year';
  const preciseEnough = (x: Granularity) => {
    const need = FINE[NEEDS[x]];
    let k = 0;
    for (const p of ['day', 'month', 'year'] as const) if (FINE[p] >= need) k += byPrecision[p];
    return 2 * k >= n;
  };
  while (g !== 'year' && !preciseEnough(g)) g = ORDER[ORDER.indexOf(g) + 1];
  return g;
}

export function buildTimeline(dates: readonly (PaperDate | undefined | null)[], granularity?: Granularity): Timeline {
  return runSync(buildTimelineTask(dates, granularity));
}

/**
 * `buildTimeline` as a task with a checkpoint every DATE_STEP dates: 100,000 papers' timeline
 * was one step of the task that shows a map (47 + 36 + 42 ms of it in a profile at load, issue 16).
 */
export function* buildTimelineTask(dates: readonly (PaperDate | undefined | null)[], granularity?: Granularity): Task<Timeline> {
  const g = granularity ?? (yield* chooseGranularityTask(dates));
  const need = FINE[NEEDS[g]];
  const periodOf = new Int32Array(dates.length).fill(-1);
  let lo = Infinity, hi = -Infinity, tooCoarse = 0, undated = 0;
  for (let i = 0; i < dates.length; i++) {
    if (i % DATE_STEP === DATE_STEP - 1) yield;
    const d = dates[i];
    if (!d) continue;
    if (FINE[d.precision] < need) continue;
    const s = startMs(d);
    lo = Math.min(lo, s);
    hi = Math.max(hi, s);
  }
  yield;
  const periods: string[] = [];
  const index = new Map<string, number>();
  if (lo <= hi) {
    for (let ms = lo; ms <= hi; ms = nextStart(ms, g)) {
      const k = periodKey(ms, g);
      if (!index.has(k)) {
        index.set(k, periods.length);
        periods.push(k);
      }
    }
  }
  const totals = new Int32Array(periods.length);
  // Period per start time, cached: periodKey formats a Date (issue 16: 100,000 papers).
  const periodAt = new Map<number, number>();
  for (let i = 0; i < dates.length; i++) {
    if (i % DATE_STEP === DATE_STEP - 1) yield;
    const d = dates[i];
    if (!d) {
      undated++;
      continue;
    }
    if (FINE[d.precision] < need) {
      tooCoarse++;
      continue;
    }
    const s = startMs(d);
    let p = periodAt.get(s);
    if (p === undefined) periodAt.set(s, (p = index.get(periodKey(s, g))!));
    periodOf[i] = p;
    totals[p]++;
  }
  const dated = totals.reduce((a, b) => a + b, 0);
  let a = 0, b = periods.length - 1, left = 0, right = 0;
  while (a < b && left + totals[a] <= TAIL_SHARE * dated) left += totals[a++];
  while (b > a && right + totals[b] <= TAIL_SHARE * dated) right += totals[b--];
  return { granularity: g, periods, periodOf, totals, tooCoarse, undated, window: [a, Math.max(a, b)] };
}

/** Papers per period for each cluster id (counts aligned with `timeline.periods`). */
export function clusterTrends(timeline: Timeline, clusterOf: ArrayLike<number>, ids: readonly number[]): Map<number, Int32Array> {
  const out = new Map<number, Int32Array>();
  for (const id of ids) out.set(id, new Int32Array(timeline.periods.length));
  for (let i = 0; i < clusterOf.length; i++) {
    const p = timeline.periodOf[i];
    if (p < 0) continue;
    const row = out.get(clusterOf[i]);
    if (row) row[p]++;
  }
  return out;
}

/** Papers per cluster id among those with `keep(i)` (the papers inside a time brush, for instance). */
export function countBy(clusterOf: ArrayLike<number>, keep: (i: number) => boolean): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 0; i < clusterOf.length; i++) if (keep(i)) out.set(clusterOf[i], (out.get(clusterOf[i]) ?? 0) + 1);
  return out;
}
