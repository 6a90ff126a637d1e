/**
 * The progressive run: the keyword map first, then the sentence model refines it.
 *
 * 1. prepare → keyword view (TF-IDF + LSA) → kNN → layout → clusters → labels: the first map,
 *    handed to `onFirstMap` at once (seconds, where embedding takes minutes).
 * 2. embed what the cache lacks (each batch cached as it lands) → the default mix
 *    (centred USE + LSA, exactly as a single-phase run) → kNN → layout started from the first
 *    map's positions → clusters → labels; then the refined layout is rotated/scaled onto the
 *    first map (orthogonal Procrustes) so points move as little as possible, and the mean
 *    displacement is reported.
 * When the cache already holds every vector, there is one phase: the refined map directly.
 */
import type { Layout, MapResult, Paper, Progress } from '../types.ts';
import type { Encoder } from './embed.ts';
import { prepare } from './prepare.ts';
import { embedItems, embedStage, lookupCache, type CacheLookup, type Computed, type RunOptions } from './run.ts';
import { layoutStage } from './layout.ts';
import { report } from './progress.ts';

export interface ProgressiveOptions extends RunOptions {
  /** The keyword map, as soon as it is ready (not called for a single-phase run). */
  onFirstMap?: (first: MapResult) => void;
  /** The vectors are in (the worker keeps them for Re-map and Similar). */
  onComputed?: (computed: Computed) => void;
  /** false: stop after the keyword map (the "skip refinement" setting). */
  refine?: boolean;
  /** Corpus size from which the keyword map is made the quick way (layout.ts, QUICK_FIRST_MAP). */
  quickFrom?: number;
}

export async function runProgressive(papers: Paper[], encoder: Encoder, opts: ProgressiveOptions): Promise<MapResult> {
  const t0 = performance.now();
  const tag = (phase: Progress['phase']) => (p: Progress) => opts.onProgress?.({ ...p, phase });
  const prepared = prepare(papers);
  report({ onProgress: tag('first') }, 'embed', 0, 'Checking the embedding cache');
  const refine = opts.refine !== false;
  // The whole cache lookup before the first map only when a sample says every vector may be
  // there (then there is one phase); else it waits for the refinement: at 50,000 papers (texts
  // and titles) it was 26-44 s of the first map's time (issue 10).
  let lookup: CacheLookup | null = refine && (await sampleCached(prepared, opts.cache)) ? await lookupCache(prepared, opts.cache) : null;

  if (refine && lookup && lookup.todo.length === 0) {
    const computed = await embedStage(papers, encoder, { ...opts, prepared, lookup });
    opts.onComputed?.(computed);
    const t1 = performance.now();
    const result = await layoutStage(papers, computed, opts);
    result.info.timings = { embed: Math.round(t1 - t0), ...result.info.timings };
    return result;
  }

  const keyword: Computed = { prepared, vectors: new Float32Array(0), nEmbedded: 0, nCached: lookup?.nCached ?? 0 };
  const first = await layoutStage(papers, keyword, { ...opts, keywordOnly: true, onProgress: tag('first') });
  const firstMs = Math.round(performance.now() - t0);
  first.info.phase = 'keyword';
  first.info.timings = { 'first map': firstMs, ...first.info.timings };
  if (refine) {
    first.info.notices.push('Keyword map: the sentence model is refining it in the background.');
    opts.onFirstMap?.(first);
  } else {
    first.info.notices.push('Keyword map only: refinement with the sentence model is switched off.');
    return first;
  }

  const t1 = performance.now();
  if (!lookup) {
    report({ onProgress: tag('refine') }, 'embed', 0, 'Checking the embedding cache');
    lookup = await lookupCache(prepared, opts.cache);
  }
  const computed = await embedStage(papers, encoder, { ...opts, prepared, lookup, onProgress: tag('refine') });
  if (computed.prepared === prepared) {
    // Same texts and seed: the keyword view is reused, not rebuilt.
    computed.lexical = keyword.lexical;
    computed.lexicalSeed = keyword.lexicalSeed;
  }
  opts.onComputed?.(computed);
  const t2 = performance.now();
  const init = startPositions(first.layout, computed.prepared.unique, computed.prepared.texts.length);
  const refined = await layoutStage(papers, computed, { ...opts, init, onProgress: tag('refine') });
  // Axes kept: both maps are packed into the canvas's shape (layout.ts), and a free rotation
  // turned the refined demo map into a tall column on a wide canvas.
  const displacement = alignTo(first.layout, refined.layout, { keepAxes: true });
  refined.info.phase = 'refined';
  refined.info.displacement = displacement;
  refined.info.notices.push(`Refined with the sentence model: papers moved ${((displacement / 2) * 100).toFixed(1)}% of the map's width on average.`);
  refined.info.timings = { 'first map': firstMs, embed: Math.round(t2 - t1), ...refined.info.timings };
  return refined;
}

/** Per unique text, the position of its first paper on `layout` (2n interleaved). */
export function startPositions(layout: Layout, unique: Int32Array, nUnique: number): Float64Array {
  const init = new Float64Array(2 * nUnique).fill(NaN);
  for (let i = 0; i < unique.length; i++) {
    const u = unique[i];
    if (u < 0 || !Number.isNaN(init[2 * u])) continue;
    init[2 * u] = layout.x[i];
    init[2 * u + 1] = layout.y[i];
  }
  return init;
}

/**
 * Moves `next` (in place: points, cluster centres) by the rotation (reflection allowed) and
 * translation that bring it closest to `prev` in least squares (orthogonal Procrustes in 2-D),
 * scaled to the same spread as `prev`, and returns the mean distance a paper then moved.
 * `keepAxes`: only the turns that keep the map's width along x (none, a half turn, a mirror in
 * either axis), the one closest to `prev`.
 */
export function alignTo(prev: Layout, next: Layout, opts: { keepAxes?: boolean } = {}): number {
  const n = Math.min(prev.x.length, next.x.length);
  const ok: number[] = [];
  for (let i = 0; i < n; i++) if ([prev.x[i], prev.y[i], next.x[i], next.y[i]].every(Number.isFinite)) ok.push(i);
  if (!ok.length) return 0;
  let px = 0, py = 0, qx = 0, qy = 0;
  for (const i of ok) {
    px += prev.x[i]; py += prev.y[i]; qx += next.x[i]; qy += next.y[i];
  }
  px /= ok.length; py /= ok.length; qx /= ok.length; qy /= ok.length;
  let a = 0, b = 0, c = 0, d = 0, qq = 0;
  for (const i of ok) {
    const ux = next.x[i] - qx, uy = next.y[i] - qy, vx = prev.x[i] - px, vy = prev.y[i] - py;
    a += ux * vx; b += ux * vy; c += uy * vx; d += uy * vy; qq += ux * ux + uy * uy;
  }
  // Without reflection: rotate by θ = atan2(b − c, a + d); with (y → −y first): atan2(b + c, a − d).
  const plain = opts.keepAxes ? Math.abs(a + d) : Math.hypot(b - c, a + d);
  const mirrored = opts.keepAxes ? Math.abs(a - d) : Math.hypot(b + c, a - d);
  const flip = mirrored > plain ? -1 : 1;
  const theta = opts.keepAxes
    ? ((flip < 0 ? a - d : a + d) < 0 ? Math.PI : 0)
    : flip < 0 ? Math.atan2(b + c, a - d) : Math.atan2(b - c, a + d);
  // Scale to keep the spread of the map on screen (the least-squares scale shrinks a map that moved).
  let pp = 0;
  for (const i of ok) pp += (prev.x[i] - px) ** 2 + (prev.y[i] - py) ** 2;
  const s = qq > 0 && pp > 0 ? Math.sqrt(pp / qq) : 1;
  const cos = Math.cos(theta), sin = Math.sin(theta);
  const move = (x: number, y: number): [number, number] => {
    const ux = x - qx, uy = flip * (y - qy);
    return [px + s * (ux * cos - uy * sin), py + s * (ux * sin + uy * cos)];
  };
  for (let i = 0; i < next.x.length; i++) {
    if (!Number.isFinite(next.x[i])) continue;
    [next.x[i], next.y[i]] = move(next.x[i], next.y[i]);
  }
  for (const list of [next.clusters, next.coarse ?? []]) {
    for (const cl of list) [cl.cx, cl.cy] = move(cl.cx, cl.cy);
  }
  let sum = 0;
  for (const i of ok) sum += Math.hypot(next.x[i] - prev.x[i], next.y[i] - prev.y[i]);
  return sum / ok.length;
}

/** Items looked up to decide whether a whole lookup may find everything (spread over the corpus). */
export const CACHE_SAMPLE = 64;

/**
 * Whether the cache holds every one of up to CACHE_SAMPLE items spread over the corpus's texts
 * and titles: false means some vector is certainly missing, so the run is progressive.
 */
export async function sampleCached(prepared: Parameters<typeof embedItems>[0], cache: RunOptions['cache']): Promise<boolean> {
  if (!cache) return false;
  const { items } = embedItems(prepared);
  if (!items.length) return true;
  const step = Math.max(1, Math.floor(items.length / CACHE_SAMPLE));
  const sample: string[] = [];
  for (let i = 0; i < items.length && sample.length < CACHE_SAMPLE; i += step) sample.push(items[i]);
  if (sample.at(-1) !== items.at(-1)) sample.push(items.at(-1)!);
  const got = await cache.get(sample);
  return got.every((v) => !!v);
}
