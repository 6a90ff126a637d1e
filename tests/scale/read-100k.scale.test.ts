/**
 * P5 at scale, in real Chromium: a 100,000-paper file is read in the worker with
 * progress, the preview counts them and offers a cap, and a run over them is
 * cancelled (its workers end). In test:scale: reading 100,000 papers takes
 * minutes on a busy 2-core machine.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, openApp, type Session } from '../e2e/browser.ts';

let browser: Browser;
const sessions: Session[] = [];

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  for (const s of sessions) {
    expect(s.offending).toEqual([]);
    expect(s.errors).toEqual([]);
  }
  await browser?.close();
});

async function open(): Promise<Session> {
  const s = await openApp(browser, inject('baseUrl'));
  sessions.push(s);
  await s.page.getByTestId('preview-count').waitFor({ timeout: 30_000 });
  return s;
}

describe('P5: 100,000 papers', () => {
  it('a 100,000-paper file is read with progress; the preview counts them and offers a cap; a run over them is cancelled: its workers end and the progress bar goes', async () => {
    const s = await open();
    await s.page.evaluate(() => {
      const lines: string[] = [];
      for (let i = 0; i < 100_000; i++) lines.push(JSON.stringify({ title: `Paper ${i} on topic ${i % 97}`, abstract: `We study problem ${i} with method ${i % 13}. `.repeat(4) }));
      const dt = new DataTransfer();
      dt.items.add(new File([lines.join('\n')], 'big.jsonl'));
      for (const type of ['dragenter', 'dragover', 'drop']) document.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await s.page.getByTestId('preview-progress').waitFor({ timeout: 10_000 });
    expect(await s.page.getByTestId('preview-progress').textContent()).toMatch(/Reading big\.jsonl… \d+%/);
    await expect.poll(() => s.page.getByTestId('preview-count').textContent(), { timeout: 180_000 }).toBe('100,000');
    // The cap prompt: how long all would take, and mapping the first 10,000 as the default.
    expect(await s.page.getByTestId('preview-cap').textContent()).toMatch(/Mapping all 100,000 papers takes about \d+ min/);
    expect(await s.page.getByTestId('preview-confirm').textContent()).toMatch(/^Map all 100,?000 papers$/);
    await s.page.getByTestId('preview-confirm-cap').click();
    await s.page.locator('#progress').waitFor({ state: 'visible', timeout: 60_000 });
    // A progressive run: the keyword map comes first, then the sentence model embeds (the stage cancelled here).
    await s.page.locator('#progress[data-stage="embed"]').waitFor({ timeout: 240_000 });
    await s.page.waitForFunction(() => /^\d+ \//.test(document.getElementById('progress-detail')?.textContent ?? ''), null, { timeout: 240_000 });
    const running = s.page.workers().filter((w) => /pipeline\.worker|embed\.worker/.test(w.url()));
    expect(running.some((w) => w.url().includes('embed.worker'))).toBe(true);
    const ended = Promise.all(running.map((w) => new Promise<void>((r) => void w.once('close', () => r()))));
    await s.page.locator('#btn-cancel').click();
    await ended; // the run's workers are terminated, their tensors with them
    expect(await s.page.locator('#progress').isHidden()).toBe(true);
    // The keyword map of the first 10,000 is kept ("Semantic refinement cancelled: …").
    expect(await s.page.locator('#banner').textContent()).toMatch(/cancelled/i);
    await s.context.close();
  });

});
