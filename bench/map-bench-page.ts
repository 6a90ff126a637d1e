/**
 * In-page half of bench/map-bench.ts: the real map view over synthetic points,
 * with hooks the driver calls through `window.mapBench`. Times are ms
 * (performance.now), measured in the page so Playwright's round trips do not count.
 */
import { createMapView } from '../src/map/index.ts';
import { syntheticLayout, syntheticPapers } from '../src/map/demo-data.ts';
import { lassoHitTest } from '../src/map/lasso-hit.ts';
import type { Layout, Paper } from '../src/types.ts';
import type { MapGeometry } from '../src/map/regions.ts';

// Modules of the new map code, looked up by glob so this page also runs on older checkouts
// (the before/after comparison): an absent module gives an empty record, not a build error.
const clientMods = import.meta.glob<{ geometryFor(l: Layout): Promise<MapGeometry>; lastWorkerMs: number; warmGeometryWorker(): void }>('../src/map/geometry-client.ts', { eager: true });
const client = Object.values(clientMods)[0];
// As the app does at start-up: the geometry worker is started before the first big map.
client?.warmGeometryWorker();
const transitionMods = import.meta.glob<{ animateLayout: (...a: unknown[]) => () => void }>('../src/map/transition.ts', { eager: true });
const transition = Object.values(transitionMods)[0];

const container = document.getElementById('map') as HTMLElement;
let layout: Layout | null = null;
/** performance.now() of the last pointerup, and the gap from it to the view's onSelect. */
let upAt = 0;
let lastLasso = { ms: NaN, hits: 0 };
const longTasks: number[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTasks.push(e.duration);
}).observe({ type: 'longtask', buffered: false });
window.addEventListener('pointerup', () => (upAt = performance.now()), { capture: true });

const view = createMapView(container, {
  onSelect(indices) {
    lastLasso = { ms: performance.now() - upAt, hits: indices.length };
    view.setSelection(null);
  },
});

const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
/** Lets the long-task observer deliver what happened so far (building the synthetic map), then forgets it. */
async function settle() {
  await frame();
  await new Promise((r) => setTimeout(r, 100));
  await frame();
  longTasks.length = 0;
}
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

/** A 64-gon around the centroid enclosing `fraction` of the points (radius = that quantile of distance). */
function circleCovering(l: Layout, fraction: number): Float64Array {
  const n = l.x.length;
  let cx = 0, cy = 0;
  for (let i = 0; i < n; i++) { cx += l.x[i]; cy += l.y[i]; }
  cx /= n; cy /= n;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = Math.hypot(l.x[i] - cx, l.y[i] - cy);
  d.sort();
  const r = d[Math.floor(fraction * (n - 1))];
  const poly = new Float64Array(128);
  for (let k = 0; k < 64; k++) {
    poly[2 * k] = cx + r * Math.cos((2 * Math.PI * k) / 64);
    poly[2 * k + 1] = cy + r * Math.sin((2 * Math.PI * k) / 64);
  }
  return poly;
}

let papers: Paper[] = [];
/** Frame deltas while an animated transition runs. */
async function framesUntil(done: () => boolean): Promise<number[]> {
  const deltas: number[] = [];
  let last = performance.now();
  while (!done()) {
    const now = await frame();
    deltas.push(now - last);
    last = now;
  }
  return deltas;
}

const api = {
  /**
   * Builds the synthetic map (not timed), then does what the app does with a new map: asks the
   * geometry worker for its regions (where the code has one) and then calls setData. Times the
   * geometry, setData → the frame the points are drawn in → the next frame, and the total.
   */
  async load(n: number, k: number, seed: number) {
    view.setSelection(null);
    layout = syntheticLayout(n, k, seed);
    papers = syntheticPapers(layout);
    await settle();
    const tg = performance.now();
    if (client) await client.geometryFor(layout);
    const geometry = performance.now() - tg;
    const t0 = performance.now();
    view.setData(papers, layout);
    const setData = performance.now() - t0;
    await frame(); // runs right after the view's own draw callback in the same frame
    const drawn = performance.now() - t0;
    await frame();
    const painted = performance.now() - t0;
    return {
      geometry, workerMs: client ? client.lastWorkerMs : NaN, setData, drawn, painted, total: geometry + painted,
      points: Number(container.dataset.points), labels: Number(container.dataset.labels), regions: Number(container.dataset.regions ?? NaN),
    };
  },
  /**
   * Replaces the map as a semantic refinement does: a new layout of the same papers (other
   * positions and clusters), geometry from the worker, then the animated transition as main.ts
   * runs it (the old code's per-frame setData where there is no transition module).
   */
  async refine(k: number, seed: number) {
    if (!layout) throw new Error('load first');
    const from = layout, n = from.x.length;
    const to = syntheticLayout(n, k, seed);
    await settle();
    const t0 = performance.now();
    if (client) await client.geometryFor(to);
    const geometry = performance.now() - t0;
    let landed = false;
    let deltas: number[];
    if (transition) {
      transition.animateLayout(view, papers, from, to, () => (landed = true));
      deltas = await framesUntil(() => landed);
    } else {
      // main.ts before the transition module: a new layout object per frame through setData.
      const x = new Float32Array(n), y = new Float32Array(n), tt = performance.now();
      const step = () => {
        const f = Math.min(1, (performance.now() - tt) / 700);
        const e = f < 0.5 ? 2 * f * f : 1 - (-2 * f + 2) ** 2 / 2;
        if (f >= 1) {
          view.setData(papers, to, { keepView: true });
          landed = true;
          return;
        }
        for (let i = 0; i < n; i++) {
          x[i] = from.x[i] + (to.x[i] - from.x[i]) * e;
          y[i] = from.y[i] + (to.y[i] - from.y[i]) * e;
        }
        view.setData(papers, { ...to, x, y }, { keepView: true });
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
      deltas = await framesUntil(() => landed);
    }
    await frame();
    layout = to;
    return { geometry, total: performance.now() - t0, deltas, longTasks: [...longTasks], regions: Number(container.dataset.regions ?? NaN), labels: Number(container.dataset.labels) };
  },
  /** Starts recording rAF deltas and long tasks; stop() returns them. */
  startFrames() {
    const deltas: number[] = [];
    /** Deltas of frames in which the view had changed (the frames that redraw). */
    const movedDeltas: number[] = [];
    let on = true;
    let last = performance.now();
    // d3-zoom keeps its transform on the element as __zoom: counting its changes proves the driver really moved the view.
    const canvas = container.querySelector('canvas') as unknown as { __zoom?: { k: number; x: number; y: number } };
    let prev = '';
    let moved = 0;
    const tick = (now: number) => {
      if (!on) return;
      deltas.push(now - last);
      last = now;
      const z = canvas.__zoom;
      const key = z ? `${z.k},${z.x},${z.y}` : '';
      if (key !== prev) {
        moved++;
        movedDeltas.push(deltas[deltas.length - 1]);
      }
      prev = key;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    longTasks.length = 0;
    (window as unknown as { __stop: () => unknown }).__stop = () => {
      on = false;
      return { deltas, movedDeltas, longTasks: [...longTasks], moved, regions: Number(container.dataset.regions ?? NaN), labels: Number(container.dataset.labels) };
    };
  },
  stopFrames() {
    return (window as unknown as { __stop: () => { deltas: number[]; movedDeltas: number[]; longTasks: number[]; moved: number; regions: number; labels: number } }).__stop();
  },
  /** Direct lasso hit test, as the view calls it, on a polygon holding ~`fraction` of the points. */
  lassoDirect(fraction: number, runs = 5) {
    if (!layout) throw new Error('load first');
    const poly = circleCovering(layout, fraction);
    const times: number[] = [];
    let hits = 0;
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      hits = lassoHitTest(layout.x, layout.y, poly).length;
      times.push(performance.now() - t0);
    }
    return { first: times[0], median: median(times), hits };
  },
  lastLasso: () => lastLasso,
  longTasks: () => [...longTasks],
  median,
};
(window as unknown as { mapBench: typeof api }).mapBench = api;
document.body.dataset.ready = '1';
