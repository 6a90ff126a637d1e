/**
 * Faults a real browser throws at the app (RELIABILITY R1-R5, R7; R9 runs in test:scale): each
 * must end in a clear message, the input kept, and a working retry.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, openApp } from '../e2e/browser.ts';
import { browserSuite, embedWorkers, mapAndWait, mapVersion, pressMap } from '../e2e/app-actions.ts';

const suite = browserSuite();
const open = suite.open;

/** Pastes `n` short synthetic papers (distinct texts, so nothing is cached) and previews them. */
async function pasteSynthetic(page: Page, n: number, tag: string) {
  const topics = ['graph neural networks', 'diffusion models', 'speech recognition', 'robot grasping', 'protein folding'];
  const text = Array.from({ length: n }, (_, i) => {
    const t = topics[i % topics.length];
    return `${tag} study ${i} of ${t}\n\nWe revisit ${t} in setting ${i} (${tag}), propose a simple baseline and report results on standard benchmarks for ${t}, with ablations.\n`;
  }).join('\n');
  await page.locator('#btn-input').click();
  await page.locator('#input-text').fill(text);
  await page.locator('#btn-read').click();
  await page.getByTestId('preview-count').filter({ hasText: String(n) }).waitFor();
}

describe('faults in the browser', () => {
  it('R1: the model failing to load gives a clear message, keeps the papers, and Retry works', async () => {
    const s = await open();
    await s.context.route('**/models/use/**', (route) => route.abort('internetdisconnected'));
    await pressMap(s.page);
    const banner = s.page.locator('#banner.error');
    await banner.waitFor({ timeout: 60_000 });
    expect(await banner.textContent()).toMatch(/Could not load the sentence model/);
    expect(await s.page.locator('#input-text').inputValue()).toContain('Sequential Training of Neural Networks');
    await s.context.unroute('**/models/use/**');
    const before = await mapVersion(s.page);
    await s.page.getByTestId('banner-action').click();
    await s.page.waitForFunction((v) => Number(document.body.dataset.mapVersion ?? 0) > v, before, { timeout: 240_000 });
    expect(Number(await s.page.locator('#map').getAttribute('data-points'))).toBe(68);
    await s.context.close();
  });

  it('R2: with WebGL unavailable and WebGL asked for, the run finishes on WASM and the page says so', async () => {
    // With GPU and software rasteriser both off, no WebGL context exists, not even in workers (checked).
    const noGl = await launch(['--disable-webgl', '--disable-webgl2', '--disable-3d-apis', '--disable-software-rasterizer']);
    try {
      const s = await openApp(noGl, inject('baseUrl'), '?backend=webgl');
      await s.page.getByTestId('preview-count').waitFor();
      await pasteSynthetic(s.page, 12, 'nogl');
      await mapAndWait(s.page);
      expect(await s.page.locator('#backend-badge').getAttribute('data-backend')).toBe('wasm');
      expect(s.offending).toEqual([]);
    } finally {
      await noGl.close();
    }
  });

  it('R3: a WebGL context lost mid-run is detected, the batch re-runs on WASM, and the page says so', async () => {
    const s = await open('?backend=webgl&workers=1');
    await pasteSynthetic(s.page, 64, 'lost');
    await pressMap(s.page);
    // Wait for the first batch of 16, then pull the context out from under tfjs.
    await s.page.waitForFunction(() => /^(1[6-9]|[2-9]\d) \//.test(document.getElementById('progress-detail')?.textContent ?? ''), null, {
      timeout: 120_000,
    });
    const [worker] = embedWorkers(s.page);
    expect(await worker.evaluate(() => (self as unknown as { paperscopeDebug: { loseWebGLContext(): boolean } }).paperscopeDebug.loseWebGLContext())).toBe(true);
    await s.page.waitForFunction(() => Number(document.body.dataset.mapVersion ?? 0) > 0, null, { timeout: 240_000 });
    expect(await s.page.locator('#banner').textContent()).toMatch(/WebGL context was lost.*wasm/);
    expect(await s.page.locator('#backend-badge').getAttribute('data-backend')).toBe('wasm');
    expect(Number(await s.page.locator('#map').getAttribute('data-points'))).toBe(64);
    await s.context.close();
  });

  it('R4: an embedding worker crashing mid-run rejects the run with a message; input kept; Retry uses fresh workers', async () => {
    const s = await open('?workers=1');
    // 160 papers: the crash lands between 16 and 99 done, so at least four batches are still to come.
    await pasteSynthetic(s.page, 160, 'crash');
    await pressMap(s.page);
    await s.page.waitForFunction(() => /^(1[6-9]|[2-9]\d) \//.test(document.getElementById('progress-detail')?.textContent ?? ''), null, {
      timeout: 120_000,
    });
    const [worker] = embedWorkers(s.page);
    // The worker dies on the next batch it is sent, so the crash lands while a batch is in
    // flight (a worker that dies idle, e.g. while the page writes the cache, is replaced unseen).
    await worker.evaluate(() => {
      (self as unknown as { onmessage: () => void }).onmessage = () => {
        throw new Error('simulated crash');
      };
    });
    const banner = s.page.locator('#banner.error');
    await banner.waitFor({ timeout: 60_000 });
    expect(await banner.textContent()).toMatch(/crashed/);
    expect(await s.page.locator('#progress').isHidden()).toBe(true);
    const before = await mapVersion(s.page);
    await s.page.getByTestId('banner-action').click();
    await s.page.waitForFunction((v) => Number(document.body.dataset.mapVersion ?? 0) > v, before, { timeout: 240_000 });
    expect(Number(await s.page.locator('#map').getAttribute('data-points'))).toBe(160);
    await s.context.close();
  });

  it('R5: Cancel during embedding and during UMAP stops the run: its workers end (tensors with them), no progress arrives after, the previous map stays', async () => {
    const s = await open();
    // Counts the pipeline worker's messages by type, split at the moment Cancel is pressed.
    await s.context.addInitScript(() => {
      const w = window as unknown as { __msgs: { type: string; afterCancel: boolean }[]; __cancelled: boolean };
      w.__msgs = [];
      w.__cancelled = false;
      const Real = window.Worker;
      window.Worker = class extends Real {
        constructor(url: string | URL, opts?: WorkerOptions) {
          super(url, opts);
          this.addEventListener('message', (e: MessageEvent) => w.__msgs.push({ type: String((e.data as { type?: unknown })?.type), afterCancel: w.__cancelled }));
        }
      };
    });
    await s.page.reload();
    await s.page.getByTestId('preview-count').waitFor({ timeout: 30_000 });
    await mapAndWait(s.page);
    expect(Number(await s.page.locator('#map').getAttribute('data-points'))).toBe(68);
    const messages = () => s.page.evaluate(() => (window as unknown as { __msgs: { type: string; afterCancel: boolean }[] }).__msgs);
    const runWorkers = () => s.page.workers().filter((w) => /pipeline\.worker|embed\.worker/.test(w.url()));
    const closing = (ws: { once(e: 'close', f: () => void): unknown }[]) => Promise.all(ws.map((w) => new Promise<void>((r) => void w.once('close', () => r()))));

    // During embedding.
    await pasteSynthetic(s.page, 300, 'cancel');
    await pressMap(s.page);
    await s.page.locator('#progress[data-stage="embed"]').waitFor({ timeout: 60_000 });
    await s.page.waitForFunction(() => /^\d+ \//.test(document.getElementById('progress-detail')?.textContent ?? ''), null, { timeout: 120_000 });
    const embedding = runWorkers();
    expect(embedding.filter((w) => w.url().includes('embed.worker')).length).toBeGreaterThanOrEqual(1);
    const ended = closing(embedding);
    await s.page.evaluate(() => {
      (window as unknown as { __cancelled: boolean }).__cancelled = true;
      document.getElementById('btn-cancel')!.click();
    });
    await ended; // the pipeline worker and every embedding worker terminated, their tensors released with them
    expect(await s.page.locator('#progress').isHidden()).toBe(true);
    // Embedding is the refinement phase: its keyword map of the 300 papers is on screen and stays.
    expect(await s.page.locator('#banner').textContent()).toMatch(/Semantic refinement cancelled: the keyword map is kept/);
    expect(Number(await s.page.locator('#map').getAttribute('data-points'))).toBe(300);
    expect(await s.page.evaluate(() => document.body.dataset.mapPhase)).toBe('keyword');
    const m1 = await messages();
    expect(m1.filter((m) => !m.afterCancel && m.type === 'progress').length).toBeGreaterThanOrEqual(1); // the listener does see progress
    expect(m1.filter((m) => m.afterCancel)).toEqual([]);

    // During UMAP: the page itself presses Cancel the moment the projection stage shows,
    // so a short stage cannot slip between two polls.
    await s.page.evaluate(() => {
      const w = window as unknown as { __cancelled: boolean; __msgs: unknown[] };
      w.__cancelled = false;
      w.__msgs.length = 0;
      const progress = document.getElementById('progress')!;
      const obs = new MutationObserver(() => {
        if (!w.__cancelled && progress.dataset.stage === 'project' && !progress.hidden) {
          w.__cancelled = true;
          obs.disconnect();
          document.getElementById('btn-cancel')!.click();
        }
      });
      obs.observe(progress, { attributes: true });
    });
    const started: Promise<{ once(e: 'close', f: () => void): unknown; url(): string }[]> = new Promise((resolve) => {
      const seen: ReturnType<typeof runWorkers> = [];
      const onWorker = (w: ReturnType<typeof runWorkers>[number]) => {
        if (w.url().includes('pipeline.worker')) seen.push(w);
      };
      s.page.on('worker', onWorker);
      void s.page.waitForFunction(() => (window as unknown as { __cancelled: boolean }).__cancelled, null, { timeout: 240_000 }).then(() => {
        s.page.off('worker', onWorker);
        resolve([...seen, ...runWorkers().filter((w) => w.url().includes('pipeline.worker') && !seen.includes(w))]);
      });
    });
    await s.page.locator('#btn-relayout').click();
    const projecting = await started;
    expect(projecting.length).toBeGreaterThanOrEqual(1);
    await closing(projecting);
    expect(await s.page.locator('#progress').isHidden()).toBe(true);
    expect(Number(await s.page.locator('#map').getAttribute('data-points'))).toBe(300);
    const m2 = await messages();
    expect(m2.filter((m) => !m.afterCancel && m.type === 'progress').length).toBeGreaterThanOrEqual(1);
    expect(m2.filter((m) => m.afterCancel)).toEqual([]);
    await s.context.close();
  });

  it('R7: storage quota exceeded is reported and the app keeps working in memory', async () => {
    const s = await open();
    const cdp = await s.context.newCDPSession(s.page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(inject('baseUrl')).origin, quotaSize: 1 });
    await pasteSynthetic(s.page, 20, 'quota');
    await mapAndWait(s.page);
    expect(Number(await s.page.locator('#map').getAttribute('data-points'))).toBe(20);
    expect(await s.page.locator('#banner').textContent()).toMatch(/storage is full|storage is unavailable/i);
    await s.context.close();
  });
  // R9 (20 maps, tensors and heap flat) is a soak: tests/scale/soak.scale.test.ts (npm run test:scale).
});
