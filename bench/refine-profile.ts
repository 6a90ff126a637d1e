/**
 * Where the main thread's long tasks go while a progressive run refines its first map:
 * the first N abstracts of arxiv-cs-50k (default 300) mapped in Chromium (unminified build),
 * the sampling profiler (CDP `Profiler`) running from the first map until the refined map
 * has been shown and its transition has ended. Prints every long task (> 50 ms) in that
 * window and, for the longest ones (`TASKS`, default 3), the functions with the most self
 * and inclusive time. Optional: a lasso on the first map (`--select`), so the refinement is
 * offered instead of applied and then applied by the user's click, as in the e2e test.
 * --seed-cache: 99% of the vectors from a seeded cache (bench/seed-cache.ts), for big corpora.
 * The longest tasks are picked by CPU time from a Chrome trace (wall time grows with the load).
 * --first: profile from pressing Map until the first map instead.
 * --landing: profile only the refinement's end: from its clustering stage until the refined map
 * has landed (a 50,000-paper refinement's whole trace overflows Chrome's trace buffer).
 * Usage: [TASKS=3] npx tsx bench/refine-profile.ts [N=300] [--select] [--workers N] [--seed-cache] [--first | --landing]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startApp } from './app-server.ts';
import { calibrate, mainThreadTasks, threadCpu, MARKER_SCRIPT, readTrace, report, sampleTimes, TRACE_CATEGORIES, traceSummary, type Profile } from './cpu-profile.ts';
import { seedEmbeddingCache } from './seed-cache.ts';

const args = process.argv.slice(2);
const wi = args.indexOf('--workers');
const workers = wi >= 0 ? Number(args.splice(wi, 2)[1]) : 1;
const si = args.indexOf('--select');
const select = si >= 0 && !!args.splice(si, 1);
const ci = args.indexOf('--seed-cache');
const seed = ci >= 0 && !!args.splice(ci, 1);
const fi = args.indexOf('--first');
/** Profile from pressing Map until the first map instead (the corpus handed to the workers, the first map shown). */
const firstPhase = fi >= 0 && !!args.splice(fi, 1);
const li = args.indexOf('--landing');
/** Profile from the refinement's clustering stage until the refined map has landed. */
const landing = li >= 0 && !!args.splice(li, 1);
const n = Number(args[0] ?? 300);
const outDir = 'node_modules/.cache/paperscope-bench-refine-profile';
const lines = gunzipSync(readFileSync('../shared/data/arxiv-cs-50k.jsonl.gz')).toString('utf8').split('\n').filter(Boolean).slice(0, n);

const { base, browser, close } = await startApp({ outDir, minify: false });

type W = { __lt: { start: number; duration: number }[] };
const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
await context.addInitScript(() => {
  const w = window as unknown as W;
  w.__lt = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) w.__lt.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask', buffered: true });
});
const page = await context.newPage();
page.setDefaultTimeout(3_600_000);
await page.goto(`${base}?workers=${workers}`);
await page.getByTestId('preview-count').waitFor();
await page.locator('#btn-input').click();
if (seed) console.log(`cache seeded with ${await seedEmbeddingCache(page, lines.join('\n'), `refine-profile-${n}.jsonl`)} random vectors`);
const file = join(tmpdir(), `refine-profile-${n}.jsonl`);
writeFileSync(file, lines.join('\n'));
await page.setInputFiles('#file-input', file);
await page.getByTestId('preview-count').filter({ hasText: n.toLocaleString('en-US') }).waitFor();
const cdp = await context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
const startProfile = async () => {
  await cdp.send('Profiler.start');
  // The trace gives each main-thread task's CPU time beside its wall time: on this shared machine a
  // task's wall time grows with the load, its CPU time much less.
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  await page.waitForTimeout(100);
  return (await page.evaluate(MARKER_SCRIPT)) as number;
};
let mark = firstPhase ? await startProfile() : 0;
const mapAll = page.getByTestId('preview-confirm');
if (await mapAll.count()) await mapAll.click();
else await page.getByTestId('preview').getByRole('button', { name: /^Map/ }).click();
await page.waitForFunction(() => Number(document.body.dataset.firstMapVersion ?? 0) > 0);
if (landing) {
  // The refinement's last stages (cluster, label), then the landing on the main thread.
  await page.waitForFunction(() => {
    const p = document.getElementById('progress');
    return !!p && p.dataset.phase === 'refine' && (p.dataset.stage === 'cluster' || p.dataset.stage === 'label');
  }, undefined, { polling: 200 });
  mark = await startProfile();
} else if (!firstPhase) mark = await startProfile();
const t0 = firstPhase ? mark : await page.evaluate(() => performance.now());
if (select && !firstPhase) {
  // A lasso over the middle of the map (as tests/e2e/progressive.test.ts does): the refinement is then offered, not applied.
  await page.getByTestId('lasso-mode').click();
  const box = (await page.getByTestId('map-canvas').boundingBox())!;
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2, rx = box.width * 0.3, ry = box.height * 0.3;
  await page.mouse.move(cx + rx, cy);
  await page.mouse.down();
  for (let a = 0; a <= Math.PI * 2 + 0.01; a += Math.PI / 24) await page.mouse.move(cx + rx * Math.cos(a), cy + ry * Math.sin(a), { steps: 2 });
  await page.mouse.up();
  await page.getByTestId('refine-apply').click({ timeout: 3_600_000 });
}
if (!firstPhase) {
  await page.waitForFunction(() => Number(document.body.dataset.mapVersion ?? 0) > 0);
  await page.waitForTimeout(2500); // the transition and anything the refined map schedules after it
} else await page.waitForTimeout(1000);
const traceJson = readTrace(await browser.stopTracing(), { allThreadTasks: landing });
const { profile } = await cdp.send('Profiler.stop');
const long = await page.evaluate((t) => (window as unknown as W).__lt.filter((e) => e.start >= t), landing ? mark - 200 : t0);
console.log(`${n} abstracts, ${workers} embedding worker(s)${select ? ', lasso on the first map' : ''}: ${long.length} long tasks ${firstPhase ? 'until the first map' : landing ? 'from the refinement\'s clustering stage to its landing' : 'during the refinement'} ${JSON.stringify(long.map((e) => Math.round(e.duration)))}`);
console.log(traceSummary(traceJson, Number(process.env.TASKS ?? 3)));
if (landing) {
  // Every thread's CPU from the refined map's arrival (its message, the first main-thread task
  // over 10 ms of CPU in the last 5 s) to the trace's end: what ran beside the landing.
  const tasks = mainThreadTasks(traceJson);
  const endTs = tasks[tasks.length - 1]?.end ?? 0;
  const arrival = tasks.find((t) => t.ts >= endTs - 5e6 && t.cpu > 10)?.ts ?? endTs - 3.5e6;
  console.log(`CPU by thread, from the landing's first task to the trace's end (${Math.round((endTs - arrival) / 1000)} ms of wall time):`);
  for (const [name, ms] of threadCpu(traceJson, arrival, endTs).slice(0, 14)) console.log(`    ${Math.round(ms)} ms  ${name}`);
}
const p = profile as unknown as Profile;
const times = sampleTimes(p);
const offset = calibrate(p, times, mark);
// The longest tasks by CPU time (trace), broken down from the profile samples inside them (same clock).
for (const t of mainThreadTasks(traceJson).sort((a, b) => b.cpu - a.cpu).slice(0, Number(process.env.TASKS ?? 3))) {
  const at = offset === null ? '' : ` at ${Math.round(t.ts / 1000 - offset - t0)} ms after ${firstPhase ? 'pressing Map' : landing ? 'the profile\'s start' : 'the first map'}`;
  console.log(`== task of ${Math.round(t.wall)} ms wall, ${Math.round(t.cpu)} ms CPU${at}:`);
  report(p, (k) => times[k] * 1000 >= t.ts && times[k] * 1000 <= t.end);
}
await close();
