/**
 * Map benchmark (not a test): the real map view in Chromium over 50k, 200k and
 * 1M precomputed synthetic points (40 clusters), with cluster regions and labels
 * on, as in the app. For each N prints: the regions' geometry (the geometry
 * worker, as the app asks for it before showing a big map), time to first paint,
 * frame times while panning and zooming for 5 s (all frames, and the frames in
 * which the view changed), what was on screen (regions, labels), the lasso hit
 * test on about a quarter of the points, long tasks at load and while
 * interacting, and the map replaced as by the semantic refinement (geometry,
 * then the animated move) with its long tasks. Prints the load average, since
 * the machine is shared. Serves bench/map-bench.html with Vite's dev server.
 * Usage: npm run bench:map [-- 50000 200000]
 */
import { createServer } from 'vite';
import { chromium, type Page } from 'playwright-core';
import os from 'node:os';
import { CHROMIUM_ARGS } from '../tests/e2e/browser.ts';
import { panAndZoom } from './gestures.ts';

const SIZES = process.argv.slice(2).map(Number).filter((n) => n > 0);
const NS = SIZES.length ? SIZES : [50_000, 200_000, 1_000_000];
const CLUSTERS = 40;
const INTERACT_MS = 5000;
const VIEW = { width: 1400, height: 900 };

type Bench = {
  load(n: number, k: number, seed: number): Promise<{ geometry: number; workerMs: number; setData: number; drawn: number; painted: number; total: number; points: number; labels: number; regions: number }>;
  refine(k: number, seed: number): Promise<{ geometry: number; total: number; deltas: number[]; longTasks: number[]; regions: number; labels: number }>;
  startFrames(): void;
  stopFrames(): { deltas: number[]; movedDeltas: number[]; longTasks: number[]; moved: number; regions: number; labels: number };
  lassoDirect(fraction: number, runs?: number): { first: number; median: number; hits: number };
  lastLasso(): { ms: number; hits: number };
  longTasks(): number[];
};
declare global {
  interface Window {
    mapBench: Bench;
  }
}

const pct = (a: number[], p: number) => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(v < 10 ? 1 : 0) : 'n/a');

/** Pans (drags) and zooms (wheel) around the middle of the map, continuously, for `duration` ms. */
function panAndZoomMiddle(page: Page, duration: number) {
  return panAndZoom(page, VIEW.width / 2, VIEW.height / 2, duration);
}

/** A real lasso drag: an ellipse around the middle of the view; timed in the page from pointerup to onSelect. */
async function lassoDrag(page: Page) {
  await page.getByTestId('fit-view').click();
  await page.getByTestId('lasso-mode').click();
  const cx = VIEW.width / 2, cy = VIEW.height / 2, rx = VIEW.width * 0.22, ry = VIEW.height * 0.22;
  await page.mouse.move(cx + rx, cy);
  await page.mouse.down();
  for (let a = 0; a <= Math.PI * 2 + 0.01; a += Math.PI / 32) await page.mouse.move(cx + rx * Math.cos(a), cy + ry * Math.sin(a));
  await page.mouse.up();
  await page.waitForTimeout(200);
  await page.getByTestId('lasso-mode').click();
  return page.evaluate(() => window.mapBench.lastLasso());
}

const server = await createServer({ root: process.cwd(), server: { port: 0, host: '127.0.0.1', hmr: false, watch: null }, logLevel: 'warn', optimizeDeps: { include: ['d3'] } });
await server.listen();
const addr = server.httpServer?.address();
const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 5173}/bench/map-bench.html`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });

const rows: string[] = [];
const loadStart = os.loadavg().map((v) => v.toFixed(2)).join(' / ');
try {
  for (const n of NS) {
    // A fresh page per size: no memory or JIT state carried from the previous one.
    const context = await browser.newContext({ viewport: VIEW });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`[page] ${e}`));
    await page.goto(url);
    await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 120_000 });
    // Warm-up on a small map so module and JIT start-up do not count against the first size.
    await page.evaluate(() => window.mapBench.load(2000, 10, 7));
    const load = await page.evaluate(([n, k]) => window.mapBench.load(n, k, 1), [n, CLUSTERS] as const);
    await page.waitForTimeout(1000);
    const loadLong = await page.evaluate(() => window.mapBench.longTasks());
    await page.evaluate(() => window.mapBench.startFrames());
    await panAndZoomMiddle(page, INTERACT_MS);
    const pan = await page.evaluate(() => window.mapBench.stopFrames());
    const direct = await page.evaluate(() => window.mapBench.lassoDirect(0.25));
    const drag = await lassoDrag(page);
    await page.getByTestId('fit-view').click();
    await page.waitForTimeout(300);
    // The map replaced as by the semantic refinement: geometry in the worker, then the animated move.
    const refine = await page.evaluate(([k]) => window.mapBench.refine(k, 2), [CLUSTERS] as const);
    await page.waitForTimeout(500);
    const refineLong = [...refine.longTasks, ...(await page.evaluate(() => window.mapBench.longTasks()))];
    const f = pan.deltas.slice(1), fm = pan.movedDeltas.slice(1);
    const long = (a: number[]) => `${a.filter((d) => d > 50).length} / ${a.filter((d) => d > 100).length} (max ${ms(Math.max(0, ...a))})`;
    const row = {
      n: n.toLocaleString('en-US'),
      geometry: Number.isFinite(load.workerMs) ? `${ms(load.geometry)} (worker ${ms(load.workerMs)})` : 'on main thread, in paint',
      paint: ms(load.painted),
      total: ms(load.total),
      p50: ms(pct(f, 0.5)),
      p95: ms(pct(f, 0.95)),
      p95moved: ms(pct(fm, 0.95)),
      frames: `${f.length} (${pan.moved} moved)`,
      on: `${pan.regions} regions, ${pan.labels} labels`,
      lasso: `${ms(direct.median)} (first ${ms(direct.first)}; ${((100 * direct.hits) / n).toFixed(0)}% hit)`,
      drag: `${ms(drag.ms)} (${((100 * drag.hits) / n).toFixed(0)}% hit)`,
      longLoad: long(loadLong),
      longPan: long(pan.longTasks),
      refine: `${ms(refine.total)} (geometry ${ms(refine.geometry)}), frame p95 ${ms(pct(refine.deltas.slice(1), 0.95))}`,
      longRefine: long(refineLong),
    };
    console.error(`[bench] ${JSON.stringify(row)}; setData ${ms(load.setData)} ms, first frame drawn at ${ms(load.drawn)} ms; points drawn ${load.points}, at load ${load.regions} regions / ${load.labels} labels; after refine ${refine.regions} regions / ${refine.labels} labels`);
    rows.push(`| ${row.n} | ${row.geometry} | ${row.paint} | ${row.total} | ${row.p50} | ${row.p95} | ${row.p95moved} | ${row.frames} | ${row.on} | ${row.lasso} | ${row.drag} | ${row.longLoad} | ${row.longPan} | ${row.refine} | ${row.longRefine} |`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const cpu = os.cpus();
console.log(`Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.platform()} ${os.release()}, Chromium headless (software raster)`);
console.log(`Load average (1/5/15 min): at start ${loadStart}, at end ${os.loadavg().map((v) => v.toFixed(2)).join(' / ')}\n`);
console.log('| N points | regions: geometry (ms) | first paint after setData (ms) | geometry + first paint (ms) | frame p50 (ms) | frame p95 (ms) | frame p95, frames that redraw (ms) | frames in 5 s (with view change) | on while panning | lasso hit test, median of 5 (ms) | lasso drag: pointerup→selection (ms) | long tasks >50 / >100 ms at load | long tasks >50 / >100 ms while panning/zooming | map replaced (refinement): total (ms) | long tasks >50 / >100 ms while replaced |');
console.log('|---:|---|---:|---:|---:|---:|---:|---:|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
console.log('\nTargets at 50,000: frame p95 < 33 ms, lasso < 50 ms.');
