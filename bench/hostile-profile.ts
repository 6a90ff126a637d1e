/**
 * Where the long tasks of bench/hostile.ts go: one hostile session case, each step under
 * Chrome's sampling profiler (CDP `Profiler`), unminified build. Prints per step the worst
 * long task and the functions with the most self and inclusive time, then the same for each
 * of the step's longest tasks alone (`TASKS` of them, default 3; the profile's clock is matched
 * to performance.now() by a marker function run before each step).
 * Usage: [TASKS=3] npx tsx bench/hostile-profile.ts <case-name-filter> [steps=open,select,search,rename,csv,json,md,bib,png,svg] [scale=1]
 */
import type { CDPSession, Page } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApp } from './app-server.ts';
import { sessionCases } from '../tests/fixtures/hostile-cases.ts';
import { calibrate, MARKER_SCRIPT, report, sampleTimes, type Profile } from './cpu-profile.ts';

const filter = new RegExp(process.argv[2] ?? '.', 'i');
const steps = (process.argv[3] ?? 'open,select,search,rename,csv,json,md,bib,png,svg').split(',');
const scale = Number(process.argv[4] ?? 1);
const outDir = 'node_modules/.cache/paperscope-bench-hostile-profile';
const inputs = 'node_modules/.cache/paperscope-bench-hostile-inputs';
mkdirSync(inputs, { recursive: true });

const { base, browser, close } = await startApp({ outDir, minify: false });

type W = { __lt: { start: number; duration: number }[] };
for (const c of sessionCases(scale)) {
  if (!filter.test(c.name)) continue;
  console.log(`== ${c.name}`);
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
  await context.addInitScript(() => {
    const w = window as unknown as W;
    w.__lt = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) w.__lt.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask', buffered: true });
  });
  const page: Page = await context.newPage();
  page.setDefaultTimeout(120_000);
  await page.goto(base);
  await page.getByTestId('preview-count').waitFor({ timeout: 120_000 });
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  const file = join(inputs, 'hostile-profile-session.json');
  writeFileSync(file, JSON.stringify(c.session));
  const actions: Record<string, () => Promise<unknown>> = {
    open: async () => {
      const before = await page.evaluate(() => Number(document.body.dataset.mapVersion ?? 0));
      await page.locator('#btn-input').click();
      await page.setInputFiles('#file-input', file, { timeout: 300_000 });
      await page.waitForFunction((v) => Number(document.body.dataset.mapVersion ?? 0) > v, before, { timeout: 120_000 });
      await page.waitForTimeout(1500);
    },
    select: async () => {
      await page.locator('#clusters tbody tr .ps-c-text').first().click();
      await page.locator('#papers .ps-details summary').first().click();
    },
    search: () => page.locator('#search').fill(c.query),
    rename: async () => {
      await page.locator('#clusters tbody tr .ps-edit').first().click();
      await page.locator('#clusters .ps-rename').fill('r'.repeat(10_000));
      await page.locator('#clusters .ps-rename').press('Enter');
    },
  };
  for (const f of ['csv', 'json', 'md', 'bib', 'png', 'svg']) actions[f] = () => Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.locator(`[data-export="${f}"][data-scope="all"]`).click()]);
  for (const s of ['open', ...steps.filter((x) => x !== 'open')]) {
    if (s !== 'open' && !steps.includes(s)) continue;
    await cdp.send('Profiler.start');
    await page.waitForTimeout(100); // the sampler is running before the marker
    // A named busy loop (30 ms) the profile can be matched by; a string, so the bundler's helpers stay out.
    const mark = (await page.evaluate(MARKER_SCRIPT)) as number;
    const t0 = await page.evaluate(() => performance.now());
    const started = Date.now();
    await actions[s]();
    await page.waitForTimeout(600);
    const { profile } = await cdp.send('Profiler.stop');
    const all = await page.evaluate((t) => (window as unknown as W).__lt.filter((e) => e.start + e.duration >= t), t0);
    const tasks = all.map((e) => Math.round(e.duration));
    console.log(`-- ${s}: step ${Date.now() - started} ms; long tasks ${JSON.stringify(tasks.slice(0, 20))}`);
    if (!steps.includes(s)) continue;
    report(profile as never);
    const p = profile as unknown as Profile;
    const times = sampleTimes(p);
    const offset = calibrate(p, times, mark);
    if (offset === null) {
      console.log('  (marker not found in the profile: no per-task breakdown)');
      continue;
    }
    for (const lt of [...all].sort((a, b) => b.duration - a.duration).slice(0, Number(process.env.TASKS ?? 3))) {
      const from = lt.start + offset, to = lt.start + lt.duration + offset;
      console.log(`  == task of ${Math.round(lt.duration)} ms at ${Math.round(lt.start)}:`);
      report(p, (k) => times[k] >= from && times[k] <= to);
    }
  }
  await context.close();
}
await close();
process.exit(0);
