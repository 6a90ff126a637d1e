/**
 * Time benchmark (not a test): the whole app in Chromium with a 50,000-paper map opened as
 * `npm run map` JSON (synthetic points and dates over 16 months, no model needed). Prints
 * frame times while brushing the time histogram for 5 s, the cost of switching to colour by
 * date, and frame times while panning and zooming coloured by date with a brush set.
 * Usage: npm run bench:time [-- 50000]
 */
import { createServer } from 'vite';
import { chromium, type Page } from 'playwright-core';
import os from 'node:os';
import { CHROMIUM_ARGS } from '../tests/e2e/browser.ts';
import { syntheticLayout } from '../src/map/demo-data.ts';
import { mulberry32 } from '../src/pipeline/random.ts';
import { panAndZoom } from './gestures.ts';

const N = Number(process.argv[2]) || 50_000;
const CLUSTERS = 40;
const INTERACT_MS = 5000;
const VIEW = { width: 1400, height: 900 };

/** A map JSON like `npm run map` writes: points in clusters, each cluster with its own trend over 16 months. */
function mapJson(n: number) {
  const l = syntheticLayout(n, CLUSTERS, 1);
  const rand = mulberry32(7);
  const months = Array.from({ length: 16 }, (_, k) => `${2025 + Math.floor((2 + k) / 12)}-${String(((2 + k) % 12) + 1).padStart(2, '0')}`);
  const slope = Array.from({ length: CLUSTERS }, () => rand() * 2 - 1);
  const papers = Array.from({ length: n }, (_, i) => {
    const c = Math.max(0, l.cluster[i]);
    // Month drawn with a cluster-specific linear tilt.
    let m = Math.floor(rand() * 16);
    if (rand() < Math.abs(slope[c % CLUSTERS]) * 0.5) m = slope[c % CLUSTERS] > 0 ? 15 - Math.floor(rand() * 5) : Math.floor(rand() * 5);
    return { id: `p${i}`, title: `Synthetic paper ${i}`, abstract: '', authors: [], date: months[m], x: l.x[i], y: l.y[i], cluster: l.cluster[i] };
  });
  const clusters = l.clusters.map((c) => ({ id: c.id, label: `topic ${c.id}`, terms: [], size: c.size, papers: c.members.map((i) => `p${i}`) }));
  return JSON.stringify({ app: 'paperscope', version: 'bench', settings: {}, papers, clusters });
}

const pct = (a: number[], p: number) => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(v < 10 ? 1 : 0) : 'n/a');

async function record(page: Page, act: () => Promise<void>) {
  // A string, not a function: tsx would wrap named inner functions in a helper the page does not have.
  await page.evaluate(`(() => {
    const w = window;
    w.__frames = []; w.__long = []; w.__benchOn = true;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) if (w.__benchOn) w.__long.push(e.duration); })
      .observe({ type: 'longtask', buffered: false });
    let last = performance.now();
    const tick = (now) => { if (!w.__benchOn) return; w.__frames.push(now - last); last = now; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  await act();
  return page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __long: number[]; __benchOn: boolean };
    w.__benchOn = false;
    return { frames: w.__frames.slice(1), long: w.__long };
  });
}

const server = await createServer({ root: process.cwd(), server: { port: 0, host: '127.0.0.1', hmr: false, watch: null }, logLevel: 'warn' });
await server.listen();
const addr = server.httpServer?.address();
const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 5173}/`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const page = await (await browser.newContext({ viewport: VIEW })).newPage();
  page.on('pageerror', (e) => console.error(`[page] ${e}`));
  await page.goto(url);
  await page.getByTestId('preview-count').waitFor({ timeout: 180_000 });
  const t0 = Date.now();
  await page.setInputFiles('#file-input', { name: 'map.json', mimeType: 'application/json', buffer: Buffer.from(mapJson(N)) }, { timeout: 300_000 });
  await page.waitForFunction((n) => Number(document.getElementById('map')?.dataset.points) === n, N, { timeout: 300_000 });
  await page.waitForTimeout(1500);
  console.error(`[bench] ${N} points opened in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const box = (await page.locator('.ps-histo svg').boundingBox())!;
  const brush = await record(page, async () => {
    const end = Date.now() + INTERACT_MS;
    let k = 0;
    while (Date.now() < end) {
      // Draw a new brush, then drag it along the histogram.
      const x0 = box.x + 4 + (k++ % 3) * 20;
      await page.mouse.move(x0, box.y + 10);
      await page.mouse.down();
      await page.mouse.move(x0 + box.width * 0.3, box.y + 10, { steps: 10 });
      await page.mouse.up();
      await page.mouse.move(x0 + box.width * 0.15, box.y + 10);
      await page.mouse.down();
      await page.mouse.move(x0 + box.width * 0.6, box.y + 10, { steps: 15 });
      await page.mouse.up();
    }
  });
  const inside = await page.getByTestId('brush-status').getAttribute('data-inside');

  const switchMs = await page.evaluate(async () => {
    const sel = document.querySelector<HTMLSelectElement>('[data-testid="colour-by"]')!;
    const t = performance.now();
    sel.value = 'date';
    sel.dispatchEvent(new Event('change'));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t;
  });
  const colored = await page.locator('#map').getAttribute('data-colored');

  const pan = await record(page, () => panAndZoom(page, VIEW.width / 2 - 200, VIEW.height / 2 - 100, INTERACT_MS));

  const cpu = os.cpus();
  console.log(`Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, Chromium headless (software raster); ${N.toLocaleString('en-US')} points\n`);
  console.log('| interaction | frames | frame p50 (ms) | frame p95 (ms) | long tasks > 50 ms | note |');
  console.log('|---|---:|---:|---:|---:|---|');
  console.log(`| brushing the time histogram 5 s | ${brush.frames.length} | ${ms(pct(brush.frames, 0.5))} | ${ms(pct(brush.frames, 0.95))} | ${brush.long.filter((d) => d > 50).length} | last brush holds ${inside} papers |`);
  console.log(`| panning and zooming, coloured by date, brush set, 5 s | ${pan.frames.length} | ${ms(pct(pan.frames, 0.5))} | ${ms(pct(pan.frames, 0.95))} | ${pan.long.filter((d) => d > 50).length} | switch to colour by date: ${ms(switchMs)} ms to the next frame (${colored}) |`);
  console.log('\nTarget at 50,000: frame p95 < 33 ms.');
} finally {
  await browser.close();
  await server.close();
}
