/**
 * Screenshot and SVG export of a map in the real app (not a test): serves the
 * app with Vite, opens a map JSON from `npm run map` (or any input file the app
 * reads), waits for the map, saves a 1400 x 900 screenshot and the SVG export,
 * and prints the SVG's figures (tests/map/svg-figures.ts). The input `demo` maps the
 * demo listing the app offers on first start. Waits for the FINISHED map (the
 * body's data-map-version: after the semantic refinement and its animation), not
 * the keyword first map.
 * Usage: npx tsx bench/map-shot.ts <map.json | input file | demo> <out.png> [out.svg]
 */
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CHROMIUM_ARGS } from '../tests/e2e/browser.ts';
import { svgFigures } from '../tests/map/svg-figures.ts';

const [input, png, svgOut] = process.argv.slice(2);
if (!input || !png) throw new Error('usage: map-shot.ts <map.json> <out.png> [out.svg]');
const server = await createServer({ root: process.cwd(), server: { port: 0, host: '127.0.0.1', hmr: false, watch: null }, logLevel: 'warn' });
await server.listen();
const addr = server.httpServer?.address();
const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 5173}/`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[page] ${e}`));
  await page.goto(url, { timeout: 300_000 });
  await page.getByTestId('preview-count').waitFor({ timeout: 120_000 });
  const demo = input === 'demo';
  if (demo) await page.getByTestId('preview-confirm').click();
  else await page.setInputFiles('#file-input', { name: basename(input), mimeType: 'application/json', buffer: readFileSync(input) }, { timeout: 600_000 });
  // A map JSON opens directly; other inputs show a preview first (wait until it is this file's, not the demo's).
  const confirm = page.getByTestId('preview-confirm');
  const deadline = Date.now() + 600_000;
  while (!demo && Date.now() < deadline) {
    if (Number(await page.locator('#map').getAttribute('data-points')) > 0) break;
    if (await confirm.isVisible() && !/\b68\b/.test((await confirm.textContent()) ?? '')) {
      await confirm.click();
      break;
    }
    await page.waitForTimeout(1000);
  }
  await page.waitForFunction(() => Number(document.body.dataset.mapVersion ?? 0) > 0 && Number(document.getElementById('map')?.dataset.points) > 0, null, { timeout: 1_200_000 });
  const dismiss = page.locator('#banner [aria-label="Dismiss"]');
  if (await dismiss.isVisible()) await dismiss.click();
  await page.waitForTimeout(800);
  await page.screenshot({ path: png });
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="svg"][data-scope="all"]').click()]);
  const svg = readFileSync(await download.path(), 'utf8');
  if (svgOut) writeFileSync(svgOut, svg);
  console.log(JSON.stringify({ input: basename(input), labelsLive: await page.locator('#map').getAttribute('data-labels'), ...svgFigures(svg) }));
} finally {
  await browser.close();
  await server.close();
}
