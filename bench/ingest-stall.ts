/**
 * Browser benchmark: the longest main-thread stall while a large JSONL file is
 * read (dropped on the page, parsed in the ingest worker), through the real app
 * built and served by vite preview. A watchdog timer in the page records the
 * longest gap between its 10 ms ticks from the drop until the preview shows the
 * count. The e2e test proves the property structurally (the parse runs in the
 * worker, the page answers input meanwhile); this prints the figure.
 * Usage: npx tsx bench/ingest-stall.ts [N=50000]
 */
import { build, preview } from 'vite';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../tests/e2e/browser.ts';

const N = Number(process.argv[2] ?? 50_000);

await build({ logLevel: 'warn' });
const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const addr = server.httpServer.address();
const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 4173}/`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await page.goto(base);
  await page.getByTestId('preview-count').waitFor();
  const t0 = Date.now();
  await page.evaluate((n) => {
    const lines: string[] = [];
    for (let i = 0; i < n; i++) {
      lines.push(JSON.stringify({ title: `Paper ${i} on topic ${i % 97}`, abstract: `We study problem ${i} with method ${i % 13}. `.repeat(6), authors: ['A. Author', 'B. Author'], year: 2000 + (i % 25) }));
    }
    const w = window as unknown as { maxGap: number; watch: boolean };
    w.maxGap = 0;
    w.watch = true;
    let last = performance.now();
    const tick = () => {
      const now = performance.now();
      w.maxGap = Math.max(w.maxGap, now - last);
      last = now;
      if (w.watch) setTimeout(tick, 10);
    };
    setTimeout(tick, 10);
    const dt = new DataTransfer();
    dt.items.add(new File([lines.join('\n')], 'papers.jsonl'));
    for (const type of ['dragenter', 'dragover', 'drop']) document.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, N);
  await page.getByTestId('preview-count').filter({ hasText: N.toLocaleString('en-US') }).waitFor({ timeout: 600_000 });
  const wall = Date.now() - t0;
  const maxGap = await page.evaluate(() => {
    const w = window as unknown as { maxGap: number; watch: boolean };
    w.watch = false;
    return w.maxGap;
  });
  console.log(`${N.toLocaleString('en-US')}-paper JSONL dropped and read: ${(wall / 1000).toFixed(1)} s wall (file built in the page included); longest main-thread stall ${Math.round(maxGap)} ms`);
} finally {
  await browser.close();
  await new Promise<void>((r) => server.httpServer.close(() => r()));
}
