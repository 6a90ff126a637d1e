/**
 * Browser benchmark of the progressive run, through the real app (built, served by
 * vite preview) in Chromium: for each size, a cold run (fresh profile, empty cache)
 * of the first N abstracts of arxiv-cs-50k. Prints the time to the first (keyword)
 * map, the time to the finished (refined) map, their ratio, and the main-thread long
 * tasks (long-task observer) while the refinement runs on a map already usable.
 * Usage: npx tsx bench/browser-embed.ts [sizes…=1500 5000] [--workers N] [--seed-cache] [--trace] [--names]
 *   a size written N:first stops at the first map (e.g. 50000:first).
 *   --seed-cache fills the page's embedding cache with random unit vectors for 99% of the corpus
 *   first (every 100th text is left to the model, so the run is still progressive), so the
 *   refinement runs almost without the model (50,000 papers would embed for an hour here):
 *   it measures the page while a big map refines and lands, not the model or the clusters'
 *   quality. The long tasks are counted from the first map until 3 s after the refined map.
 *   --names builds unminified, so the long animation frames name the functions that ran in them.
 *   --trace records a Chrome trace until the first map and over the refinement and prints the main thread's tasks by CPU
 *   time as well as wall time (on this shared machine a task's wall time grows with the load).
 */
import { build, preview } from 'vite';
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CHROMIUM_ARGS } from '../tests/e2e/browser.ts';
import { readTrace, TRACE_CATEGORIES, traceSummary } from './cpu-profile.ts';
import { seedEmbeddingCache } from './seed-cache.ts';

const args = process.argv.slice(2);
const wi = args.indexOf('--workers');
const workers = wi >= 0 ? Number(args.splice(wi, 2)[1]) : undefined;
const si = args.indexOf('--seed-cache');
const seedCache = si >= 0 && !!args.splice(si, 1);
const ti = args.indexOf('--trace');
const traceRefine = ti >= 0 && !!args.splice(ti, 1);
const ni = args.indexOf('--names');
const names = ni >= 0 && !!args.splice(ni, 1);
const sizes = (args.length ? args : ['1500', '5000']).map((a) => ({ n: Number(a.split(':')[0]), firstOnly: a.endsWith(':first') }));
const all = gunzipSync(readFileSync('../shared/data/arxiv-cs-50k.jsonl.gz')).toString('utf8').split('\n').filter(Boolean);

await build({ logLevel: 'warn', ...(names ? { build: { minify: false } } : {}) });
const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const addr = server.httpServer.address();
const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 4173}/`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });

type Loaf = { start: number; duration: number; render: number; block: number; scripts: string[] };
type W = { __events: { t: number; what: string }[]; __long: { start: number; duration: number }[]; __loaf: Loaf[]; __puts: { t: number; d: number; key: string }[]; __stages: { t: number; text: string }[] };

async function run(n: number, firstOnly: boolean) {
  const lines = all.slice(0, n).join('\n');
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addInitScript(() => {
    const w = window as unknown as W;
    w.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__long.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    // IndexedDB puts that took over 10 ms on the page (a put clones its record in the calling task).
    w.__puts = [];
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      const t = performance.now();
      const r = put.call(this, value, key);
      const d = performance.now() - t;
      if (d > 10) w.__puts.push({ t, d, key: `${this.name}/${String(key)}` });
      return r;
    };
    // Long animation frames: what ran in each long task (scripts by invoker and function, and the rendering).
    w.__loaf = [];
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as unknown as { startTime: number; duration: number; renderStart: number; blockingDuration: number; scripts: { invoker: string; sourceFunctionName: string; sourceURL: string; sourceCharPosition: number; duration: number; forcedStyleAndLayoutDuration: number }[] }[]) {
          w.__loaf.push({
            start: e.startTime, duration: e.duration, block: e.blockingDuration,
            render: e.renderStart ? e.startTime + e.duration - e.renderStart : 0,
            scripts: e.scripts.filter((x) => x.duration >= 5).map((x) => `${x.invoker}${x.sourceFunctionName ? ' ' + x.sourceFunctionName : x.sourceURL ? ` @${x.sourceURL.split('/').pop()}:${x.sourceCharPosition}` : ''} ${Math.round(x.duration)}${x.forcedStyleAndLayoutDuration >= 5 ? ` (layout ${Math.round(x.forcedStyleAndLayoutDuration)})` : ''}`),
          });
        }
      }).observe({ type: 'long-animation-frame', buffered: true });
    } catch { /* not in this browser */ }
    // Every progress line the page shows, with its time: where the first map's time goes.
    w.__stages = [];
    // (No named function here: tsx would wrap it in a helper the page does not have.)
    const iv = setInterval(() => {
      const el = document.getElementById('progress-stage');
      if (!el) return;
      clearInterval(iv);
      new MutationObserver(() => {
        const text = (el.textContent ?? '').replace(/\s*\d+%.*$/, '');
        if (w.__stages.at(-1)?.text !== text) w.__stages.push({ t: performance.now(), text });
      }).observe(el, { childList: true, characterData: true, subtree: true });
      // What the map and the page report as they change (new points, labels placed, zoom, stored
      // writes, the map's size): lines up the long tasks with what the page was doing.
      const map = document.getElementById('map');
      if (map) {
        new MutationObserver((list) => {
          for (const m of list) {
            const t = m.target as HTMLElement, a = m.attributeName ?? '';
            const v = t.getAttribute(a) ?? '';
            w.__events.push({ t: performance.now(), what: `${t.id || t.tagName.toLowerCase()}.${a.replace(/^data-/, '')}=${v.slice(0, 24)}` });
          }
        }).observe(document.body, { attributes: true, subtree: true, attributeFilter: ['data-points', 'data-labels', 'data-regions', 'data-zoom', 'data-stored-session', 'data-stored-run', 'data-map-version', 'data-first-map-version', 'hidden'] });
        new ResizeObserver((es) => {
          for (const e of es) w.__events.push({ t: performance.now(), what: `map size ${Math.round(e.contentRect.width)}x${Math.round(e.contentRect.height)}` });
        }).observe(map);
      }
    }, 100);
    w.__events = [];
  });
  const page = await context.newPage();
  await page.goto(base + (workers ? `?workers=${workers}` : ''));
  await page.getByTestId('preview-count').waitFor();
  if (seedCache) console.log(`  cache seeded with ${(await seedEmbeddingCache(page, lines, `papers-${n}.jsonl`)).toLocaleString('en-US')} random vectors`);
  await page.locator('#btn-input').click();
  // Through a file on disk: playwright refuses buffers over 50 MB (50,000 abstracts are ~70 MB).
  const file = join(tmpdir(), `papers-${n}.jsonl`);
  writeFileSync(file, lines);
  await page.setInputFiles('#file-input', file, { timeout: 600_000 });
  await page.getByTestId('preview-count').filter({ hasText: n.toLocaleString('en-US') }).waitFor({ timeout: 600_000 });
  if (traceRefine) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  const t0 = Date.now();
  const p0 = await page.evaluate(() => performance.now());
  // Over 10,000 papers the preview asks whether to map all of them or the first 10,000: all.
  const mapAll = page.getByTestId('preview-confirm');
  if (await mapAll.count()) await mapAll.click();
  else await page.getByTestId('preview').getByRole('button', { name: /^Map/ }).click();
  await page.waitForFunction(() => Number(document.body.dataset.firstMapVersion ?? 0) > 0 || Number(document.body.dataset.mapVersion ?? 0) > 0, null, { timeout: 3_600_000 });
  const first = Date.now() - t0;
  const pFirst = await page.evaluate(() => performance.now());
  // The page's JS heap (Chromium's performance.memory, MB): major collections grow with it.
  const heapMb = () => page.evaluate(() => Math.round(((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? NaN) / 2 ** 20));
  const heapFirst = await heapMb();
  let heapDone = NaN;
  const tracedFirst = traceRefine ? traceSummary(readTrace(await browser.stopTracing())) : '';
  if (traceRefine && !firstOnly) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  let traced = '';
  const points = Number(await page.locator('#map').getAttribute('data-points'));
  let done = NaN;
  let refineLong: number[] = [];
  let refineLongAt: { start: number; duration: number }[] = [];
  let timings = '';
  let loafs: Loaf[] = [];
  let puts: { t: number; d: number; key: string }[] = [];
  let near: string[] = [];
  if (!firstOnly) {
    await page.waitForFunction(() => Number(document.body.dataset.mapVersion ?? 0) > 0, null, { timeout: 3_600_000 });
    done = Date.now() - t0;
    // Until 3 s after the refined map: what it schedules after landing counts too.
    await page.waitForTimeout(3000);
    const pDone = await page.evaluate(() => performance.now());
    heapDone = await heapMb();
    if (traceRefine) traced = traceSummary(readTrace(await browser.stopTracing()));
    const long = await page.evaluate(() => (window as unknown as W).__long.slice());
    refineLongAt = long.filter((e) => e.start >= pFirst && e.start <= pDone).map((e) => ({ start: e.start - pFirst, duration: e.duration }));
    refineLong = refineLongAt.map((e) => e.duration);
    // The page's events within 1.5 s before and 0.5 s after each long task of the refinement.
    const evs = (await page.evaluate(() => (window as unknown as W).__events.slice())).map((e) => ({ ...e, t: e.t - pFirst }));
    near = refineLongAt.map((l) => `${Math.round(l.start)} (${Math.round(l.duration)} ms): ${evs.filter((e) => e.t >= l.start - 1500 && e.t <= l.start + l.duration + 500).map((e) => `${Math.round(e.t)} ${e.what}`).join('; ') || 'no page event near'}`);
    loafs = (await page.evaluate(() => (window as unknown as W).__loaf.slice())).filter((e) => e.start >= pFirst && e.start <= pDone).map((e) => ({ ...e, start: e.start - pFirst }));
    puts = (await page.evaluate(() => (window as unknown as W).__puts.slice())).filter((e) => e.t >= pFirst && e.t <= pDone).map((e) => ({ ...e, t: e.t - pFirst }));
    timings = (await page.locator('#run-info').getAttribute('title')) ?? '';
    if (seedCache) timings += `; vectors from the seeded cache: ${await page.locator('#run-info').getAttribute('data-cached')}`;
  }
  const stages = (await page.evaluate(() => (window as unknown as W).__stages.slice())).filter((e) => e.t >= p0 && e.t <= pFirst);
  const stageLine = stages.map((e, i) => `${e.text} ${(((stages[i + 1]?.t ?? pFirst) - e.t) / 1000).toFixed(1)} s`).join('; ');
  const long = await page.evaluate(() => (window as unknown as W).__long.slice());
  const firstLong = long.filter((e) => e.start >= p0 && e.start <= pFirst).map((e) => e.duration);
  await context.close();
  return { n, points, first, done, refineLong, refineLongAt, loafs, puts, firstLong, stageLine, timings: timings.replace(/\n/g, '; '), traced, tracedFirst, heapFirst, heapDone, near };
}

const max = (l: number[]) => (l.length ? Math.max(...l).toFixed(0) : '0');
const rows = [];
for (const { n, firstOnly } of sizes) {
  const r = await run(n, firstOnly);
  rows.push(r);
  console.log(`${n.toLocaleString('en-US')} abstracts (${r.points} points): first map ${(r.first / 1000).toFixed(1)} s` +
    (firstOnly ? '' : `, finished map ${(r.done / 1000).toFixed(1)} s, first/finished ${(r.first / r.done).toFixed(3)}`));
  console.log(`  main-thread long tasks until the first map: ${r.firstLong.length} over 50 ms (longest ${max(r.firstLong)} ms)`);
  console.log(`  until the first map, as the progress line showed it: ${r.stageLine}`);
  if (r.tracedFirst) console.log(`  traced until the first map: ${r.tracedFirst}`);
  if (!firstOnly) {
    console.log(`  main-thread long tasks during the refinement: ${r.refineLong.length} over 50 ms (longest ${max(r.refineLong)} ms)` +
      (r.refineLongAt.length ? `; at ms from the first map: ${r.refineLongAt.map((e) => `${Math.round(e.start)} (${Math.round(e.duration)} ms)`).join(', ')}` : ''));
    console.log(`  stage timings: ${r.timings}`);
    for (const l of r.near) console.log(`  long task at ${l}`);
    console.log(`  page JS heap: ${r.heapFirst} MB at the first map, ${r.heapDone} MB 3 s after the refined map`);
    if (r.traced) console.log(`  traced during the refinement: ${r.traced}`);
    if (r.puts.length) console.log(`  IndexedDB puts over 10 ms on the page during the refinement: ${r.puts.map((e) => `${Math.round(e.t)}: ${e.key} ${Math.round(e.d)} ms`).join('; ')}`);
    if (r.loafs.length) {
      console.log(`  long animation frames during the refinement (${r.loafs.length}; at ms from the first map: duration, rendering, scripts ≥ 5 ms):`);
      for (const f of r.loafs) console.log(`    ${Math.round(f.start)}: ${Math.round(f.duration)} ms, render ${Math.round(f.render)}; ${f.scripts.join('; ') || '(no script ≥ 5 ms)'}`);
    }
  }
}
console.log('\n| abstracts | first map | finished map | first / finished | long tasks > 50 ms during refinement |');
console.log('|---|---|---|---|---|');
for (const r of rows) {
  const fin = Number.isFinite(r.done);
  console.log(`| ${r.n.toLocaleString('en-US')} | ${(r.first / 1000).toFixed(1)} s | ${fin ? `${(r.done / 1000).toFixed(1)} s` : '–'} | ${fin ? (r.first / r.done).toFixed(2) : '–'} | ${fin ? `${r.refineLong.length} (longest ${max(r.refineLong)} ms)` : '–'} |`);
}
await browser.close();
server.httpServer.close();
