/**
 * Browser benchmark: embedding throughput in Chromium through the real app
 * (built, served by vite preview), with 1 embedding worker (the single-thread
 * WASM baseline) and with the default pool, on the same abstracts in one run;
 * then a cached re-run. Prints ms per abstract and the ratio.
 * Usage: npx tsx bench/browser-embed.ts [N=300] [--baseline M]
 *   --baseline M: measure the 1-worker baseline on the first M abstracts only (default N);
 *   per-abstract figures stay comparable and a 5,000-paper run takes minutes less.
 */
import { build, preview } from 'vite';
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { CHROMIUM_ARGS } from '../tests/e2e/browser.ts';

const N = Number(process.argv[2] ?? 300);
const bi = process.argv.indexOf('--baseline');
const B = bi > 0 ? Number(process.argv[bi + 1]) : N;
const all = gunzipSync(readFileSync('../shared/data/arxiv-cs-50k.jsonl.gz')).toString('utf8').split('\n');
const texts = { [N]: all.slice(0, N).join('\n'), [B]: all.slice(0, B).join('\n') };

await build({ logLevel: 'warn' });
const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const addr = server.httpServer.address();
const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 4173}/`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });

async function run(query: string, twice: boolean, n: number) {
  const lines = texts[n];
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  // Long tasks on the main thread, for the responsiveness goal (no task over 100 ms during a run).
  await context.addInitScript(() => {
    const w = window as unknown as { __long: number[] };
    w.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__long.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  await page.goto(base + query);
  await page.getByTestId('preview-count').waitFor();
  const once = async () => {
    // A file, not the text box: typing megabytes into a textarea is slow and is not what is measured.
    await page.locator('#btn-input').click();
    await page.setInputFiles('#file-input', { name: `papers-${n}.jsonl`, mimeType: 'application/x-ndjson', buffer: Buffer.from(lines) });
    await page.getByTestId('preview-count').filter({ hasText: n.toLocaleString('en-US') }).waitFor({ timeout: 120_000 });
    const before = await page.evaluate(() => Number(document.body.dataset.mapVersion ?? 0));
    await page.evaluate(() => {
      (window as unknown as { __long: number[] }).__long.length = 0;
    });
    const t0 = Date.now();
    await page.getByTestId('preview').getByRole('button', { name: /^Map/ }).click();
    await page.waitForFunction((v) => Number(document.body.dataset.mapVersion ?? 0) > v, before, { timeout: 3_600_000 });
    const wall = Date.now() - t0;
    const timings = Object.fromEntries(
      ((await page.locator('#run-info').getAttribute('title')) ?? '').split('\n').map((l) => {
        const [k, v] = l.split(': ');
        return [k, parseInt(v, 10)];
      }),
    ) as Record<string, number>;
    const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long.slice());
    return { wall, timings, long, backend: await page.locator('#backend-badge').getAttribute('data-backend') };
  };
  const first = await once();
  const second = twice ? await once() : undefined;
  await context.close();
  return { first, second };
}

const single = await run('?workers=1', false, B);
const pool = await run('', true, N);
const baseMs = single.first.timings.embed / B;
const poolMs = pool.first.timings.embed / N;
console.log(`embedding in Chromium (${single.first.backend}):`);
console.log(`  1 worker (single-thread baseline), ${B} abstracts: ${baseMs.toFixed(1)} ms/abstract`);
console.log(`  pool (default size), ${N} abstracts:               ${poolMs.toFixed(1)} ms/abstract`);
console.log(`  throughput ratio pool / baseline:  ${(baseMs / poolMs).toFixed(2)}x`);
console.log(`  cached re-run of ${N}, whole map:  ${(pool.second!.wall / 1000).toFixed(1)} s wall (embed ${pool.second!.timings.embed} ms; ${JSON.stringify(pool.second!.timings)})`);
console.log(`  stage timings (pool, cold): ${JSON.stringify(pool.first.timings)}`);
const longest = (l: number[]) => (l.length ? Math.max(...l).toFixed(0) : '0');
console.log(`  main-thread long tasks during the cold run: ${pool.first.long.length} over 50 ms, ${pool.first.long.filter((d) => d > 100).length} over 100 ms, longest ${longest(pool.first.long)} ms`);
console.log(`  main-thread long tasks during the cached run: ${pool.second!.long.filter((d) => d > 100).length} over 100 ms, longest ${longest(pool.second!.long)} ms`);
await browser.close();
server.httpServer.close();
