/**
 * In-page half of bench/map-bench.ts: the real map view over synthetic points,
 * with hooks the driver calls through `window.mapBench`. Times are ms
 * (performance.now), measured in the page so Playwright's round trips do not count.
 */
import { createMapView } from '../src/map/index.ts';
import { syntheticLayout, syntheticPapers } from '../src/map/demo-data.ts';
import { lassoHitTest } from '../src/map/lasso-hit.ts';
import type { Layout } from '../src/types.ts';

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

const api = {
  /** Builds the synthetic map (not timed), then times setData → the frame the points are drawn in → the next frame. */
  async load(n: number, k: number, seed: number) {
    view.setSelection(null);
    layout = syntheticLayout(n, k, seed);
    const papers = syntheticPapers(layout);
    await frame();
    longTasks.length = 0;
    const t0 = performance.now();
    view.setData(papers, layout);
    await frame(); // runs right after the view's own draw callback in the same frame
    const drawn = performance.now() - t0;
    await frame();
    const painted = performance.now() - t0;
    return { drawn, painted, points: Number(container.dataset.points), labels: Number(container.dataset.labels) };
  },
  /** Starts recording rAF deltas and long tasks; stop() returns them. */
  startFrames() {
    const deltas: number[] = [];
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
      if (key !== prev) moved++;
      prev = key;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    longTasks.length = 0;
    (window as unknown as { __stop: () => unknown }).__stop = () => {
      on = false;
      return { deltas, longTasks: [...longTasks], moved };
    };
  },
  stopFrames(): { deltas: number[]; longTasks: number[]; moved: number } {
    return (window as unknown as { __stop: () => { deltas: number[]; longTasks: number[]; moved: number } }).__stop();
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
