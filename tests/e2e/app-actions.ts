/**
 * Page actions shared by the browser suites: one Chromium per file, the app
 * opened with its preview ready, and "press Map and wait for the finished map".
 */
import { afterAll, beforeAll, expect, inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, openApp, type Session } from './browser.ts';

/** Registers one Chromium for the calling file; every session opened must make only same-origin GETs. */
export function browserSuite() {
  let browser: Browser;
  const sessions: Session[] = [];
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    for (const s of sessions) expect(s.offending).toEqual([]);
    await browser?.close();
  });
  return {
    browser: () => browser,
    /** Opens the app (with `path` as its query) and waits for the demo's preview. */
    async open(path = ''): Promise<Session> {
      const s = await openApp(browser, inject('baseUrl'), path);
      sessions.push(s);
      await s.page.getByTestId('preview-count').waitFor({ timeout: 30_000 });
      return s;
    },
  };
}

/** Finished maps shown so far (`body[data-map-version]`). */
export const mapVersion = (page: Page) => page.evaluate(() => Number(document.body.dataset.mapVersion ?? 0));

export async function pressMap(page: Page) {
  await page.getByTestId('preview').getByRole('button', { name: /^Map/ }).click();
}

/** Presses Map and waits for the finished (refined) map. */
export async function mapAndWait(page: Page, timeout = 240_000) {
  const before = await mapVersion(page);
  await pressMap(page);
  await page.waitForFunction((v) => Number(document.body.dataset.mapVersion ?? 0) > v, before, { timeout });
}

export const embedWorkers = (page: Page) => page.workers().filter((w) => w.url().includes('embed.worker'));
