/**
 * Bringing papers in, in real Chromium: three files dropped at once and files picked
 * through the file input are read in the ingest worker, previewed per file, mapped, and
 * their fields reach the side panel; a CSV with unknown headers gets a column form; a
 * non-UTF-8 file gets an encoding picker; an arXiv id list gets a clear message and no
 * Map button; a listing is previewed before any model request (P15); a 50,000-paper
 * file is read in the worker with progress while the page answers input, and can be
 * cancelled (the main-thread stall is measured by a benchmark, not asserted here).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { artifact, launch, openApp, type Session } from './browser.ts';

const FIX = (name: string) => resolve('tests/fixtures', name);
const THREE = ['e2e/robotics.csv', 'e2e/vision.bib', 'e2e/biology.ris'];

let browser: Browser;
const sessions: Session[] = [];

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function fresh(): Promise<Session> {
  const s = await openApp(browser, inject('baseUrl'));
  sessions.push(s);
  await s.page.getByTestId('preview-count').waitFor({ timeout: 30_000 }); // the demo listing, previewed on start
  return s;
}

/** Drops files on the map the way a browser does: dragenter, dragover, drop with one DataTransfer. */
async function drop(page: Page, files: { name: string; text: string }[]) {
  const dt = await page.evaluateHandle((list) => {
    const t = new DataTransfer();
    for (const f of list) t.items.add(new File([f.text], f.name, { type: 'text/plain' }));
    return t;
  }, files);
  for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent('#map', type, { dataTransfer: dt });
}

/** Screenshots the whole input card, with the viewport made tall enough that the card does not scroll. */
async function shootCard(page: Page, name: string) {
  await page.setViewportSize({ width: 1400, height: 1700 });
  await page.locator('#input-card').screenshot({ path: artifact(name) });
  await page.setViewportSize({ width: 1400, height: 900 });
}

const mapVersion = (page: Page) => page.evaluate(() => Number(document.body.dataset.mapVersion ?? 0));

async function mapAndWait(page: Page) {
  const before = await mapVersion(page);
  await page.getByTestId('preview').getByRole('button', { name: /^Map/ }).click();
  await page.waitForFunction((v) => Number(document.body.dataset.mapVersion ?? 0) > v, before, { timeout: 240_000 });
}

/** Types a query in the search box and returns the single matching paper item's fields. */
async function findPaper(page: Page, query: string) {
  await page.locator('#search').fill(query);
  const items = page.getByTestId('paper-list').locator('.paper-item');
  await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(1);
  const item = items.first();
  return {
    title: (await item.locator('.ps-title').textContent())?.trim(),
    meta: (await item.locator('.ps-meta').first().textContent())?.trim(),
    href: await item.locator('a.ps-title').getAttribute('href'),
  };
}

const fileCounts = (page: Page) =>
  page.locator('[data-testid=preview] .ps-files li').evaluateAll((lis) => lis.map((li) => [li.getAttribute('data-file'), li.getAttribute('data-count')]));

describe('bringing papers in', () => {
  it('three files dropped at once are previewed per file, mapped, and their fields reach the panel', async () => {
    const s = await fresh();
    await drop(s.page, THREE.map((f) => ({ name: f.split('/')[1], text: readFileSync(FIX(f), 'utf8') })));
    await expect.poll(() => fileCounts(s.page), { timeout: 30_000 }).toEqual([['robotics.csv', '6'], ['vision.bib', '6'], ['biology.ris', '6']]);
    expect(await s.page.getByTestId('preview-count').textContent()).toBe('18');
    expect(await s.page.getByTestId('preview-stats').textContent()).toContain('1 paper without an abstract');
    await shootCard(s.page, 'ingest-preview-3-files.png');

    await mapAndWait(s.page);
    expect(await s.page.locator('#map').getAttribute('data-points')).toBe('18');
    const robot = await findPaper(s.page, 'quadrupedal');
    expect(robot).toEqual({
      title: 'Quadrupedal Locomotion over Rubble with Learned Foothold Selection',
      meta: expect.stringContaining('Ingrid Holm, Ravi Patel · 2024'),
      href: 'https://example.org/quadruped-rubble',
    });
    const holo = await findPaper(s.page, 'holographic');
    expect(holo.title).toBe('Holographic Depth Estimation from a Single Defocused Image');
    expect(holo.meta).toContain('Hana Lee, Petr Novak · 2024');
    expect(holo.href).toBe('https://doi.org/10.5555/holo.2024.12');
    const protein = await findPaper(s.page, 'evolutionary language');
    expect(protein.meta).toContain('Joana Martins, Paul Fischer · 2023');
  });

  it('picked files: a CSV with unknown headers gets a column form, and the chosen columns are used', async () => {
    const s = await fresh();
    await s.page.setInputFiles('#file-input', [FIX('e2e/robotics.csv'), FIX('e2e/columns-unknown.csv')]);
    const form = s.page.getByTestId('mapping-form');
    await form.waitFor({ timeout: 30_000 });
    expect(await fileCounts(s.page)).toEqual([['robotics.csv', '6'], ['columns-unknown.csv', '0']]);
    await form.locator('select[data-field=title]').selectOption('Heading');
    await form.locator('select[data-field=abstract]').selectOption('Summary text');
    await form.locator('select[data-field=authors]').selectOption('People');
    await form.locator('select[data-field=year]').selectOption('When');
    await shootCard(s.page, 'ingest-preview-mapping-form.png');
    await form.getByTestId('mapping-apply').click();
    await expect.poll(() => fileCounts(s.page), { timeout: 10_000 }).toEqual([['robotics.csv', '6'], ['columns-unknown.csv', '4']]);
    expect(await s.page.getByTestId('preview-count').textContent()).toBe('10');

    await mapAndWait(s.page);
    await s.page.locator('#search').fill('tokenizer-free');
    const item = s.page.getByTestId('paper-list').locator('.paper-item');
    await expect.poll(() => item.count(), { timeout: 10_000 }).toBe(1);
    expect(await item.locator('.ps-title').textContent()).toBe('Tokenizer-Free Language Modelling on Raw Bytes');
    expect(await item.locator('.ps-meta').first().textContent()).toContain('Yusuf Demir · 2024');
  });

  it('a non-UTF-8 file is reported and can be re-decoded with another encoding', async () => {
    const s = await fresh();
    await s.page.setInputFiles('#file-input', [FIX('windows-1252.csv')]);
    const picker = s.page.getByTestId('encoding-picker');
    await picker.waitFor({ timeout: 30_000 });
    expect(await picker.inputValue()).toBe('windows-1252');
    expect(await s.page.locator('.ps-problem').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/not UTF-8/)]));
    const firstTitle = s.page.locator('.ps-sample .ps-title').first();
    expect(await firstTitle.textContent()).toBe('Café Recommendations With Naïve Bayes');
    await picker.selectOption('utf-8');
    await expect.poll(() => firstTitle.textContent()).toContain('\ufffd');
    await s.page.getByTestId('encoding-picker').selectOption('windows-1252');
    await expect.poll(() => firstTitle.textContent()).toBe('Café Recommendations With Naïve Bayes');
  });

  it('a pasted arXiv id list shows the message and no Map button', async () => {
    const s = await fresh();
    await s.page.locator('#input-text').fill(readFileSync(FIX('arxiv-ids.txt'), 'utf8'));
    await s.page.locator('#btn-read').click();
    const msg = s.page.getByTestId('preview-message');
    await expect.poll(() => msg.textContent(), { timeout: 10_000 }).toMatch(/list of arXiv ids.*never makes one on its own/);
    expect(await s.page.getByTestId('preview-count').textContent()).toBe('0');
    expect(await s.page.getByTestId('preview').getByRole('button', { name: /^Map/ }).count()).toBe(0);
  });

  it('P15: pasted listing text is previewed before any model request; the model loads only after Map', async () => {
    const s = await fresh();
    await s.page.locator('#input-text').fill(readFileSync(FIX('listing-votes.txt'), 'utf8'));
    await s.page.locator('#btn-read').click();
    await expect.poll(() => s.page.locator('.ps-preview-title').textContent(), { timeout: 10_000 }).toMatch(/found in pasted text/);
    expect(Number(await s.page.getByTestId('preview-count').textContent())).toBeGreaterThan(0);
    // Nothing of the model itself (its graph, its weights) before Map. The preview's count of the
    // abstracts longer than the model reads (issue 10) may fetch the tokenizer's vocabulary, whether
    // before this line or after it, so it is not counted.
    expect(s.requests.filter((r) => r.includes('/models/') && !r.endsWith('/models/use/vocab.json'))).toEqual([]);
    await mapAndWait(s.page);
    expect(s.requests.some((r) => r.includes('/models/use/model.json'))).toBe(true);
  });

  it('a 50,000-paper file is read in the ingest worker with progress while the page answers input, and can be cancelled', async () => {
    const s = await fresh();
    const ingestWorkers = () => s.page.workers().filter((w) => w.url().includes('ingest.worker'));
    // Records every distinct progress line, and each keydown with whether the reading line was on screen.
    await s.page.evaluate(() => {
      const w = window as unknown as { progressTexts: string[]; keys: { reading: boolean }[] };
      w.progressTexts = [];
      w.keys = [];
      const line = () => document.querySelector('[data-testid=preview-progress]');
      new MutationObserver(() => {
        const t = line()?.textContent ?? '';
        if (t && w.progressTexts.at(-1) !== t) w.progressTexts.push(t);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
      document.addEventListener('keydown', () => w.keys.push({ reading: line() !== null }), true);
    });
    // Builds the file in the page and drops it.
    const dropBig = () =>
      s.page.evaluate(() => {
        const lines: string[] = [];
        for (let i = 0; i < 50_000; i++) {
          lines.push(JSON.stringify({ title: `Paper ${i} on topic ${i % 97}`, abstract: `We study problem ${i} with method ${i % 13}. `.repeat(6), authors: ['A. Author', 'B. Author'], year: 2000 + (i % 25) }));
        }
        const file = new File([lines.join('\n')], 'papers.jsonl');
        const dt = new DataTransfer();
        dt.items.add(file);
        for (const type of ['dragenter', 'dragover', 'drop']) document.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      });

    await dropBig();
    const line = s.page.getByTestId('preview-progress');
    await line.waitFor({ timeout: 10_000 });
    expect(await line.textContent()).toMatch(/Reading papers\.jsonl… \d+%/);
    expect(ingestWorkers().length).toBe(1);
    await s.page.locator('#input-card').screenshot({ path: artifact('ingest-progress.png') });
    await s.page.getByTestId('preview-progress-cancel').click();
    await expect.poll(() => line.count()).toBe(0);
    expect(await s.page.getByTestId('preview').isHidden()).toBe(true);
    // Cancel terminates the reading worker: nothing keeps parsing behind the page.
    await expect.poll(() => ingestWorkers().length, { timeout: 10_000 }).toBe(0);

    await s.page.evaluate(() => ((window as unknown as { progressTexts: string[] }).progressTexts = []));
    await dropBig();
    await line.waitFor({ timeout: 10_000 });
    // A real key press goes through the browser's input pipeline: its handler runs only when the
    // main thread is free, so it runs while the line still shows only if the parse is elsewhere.
    await s.page.keyboard.press('Shift');
    await expect.poll(() => s.page.getByTestId('preview-count').textContent(), { timeout: 120_000 }).toBe('50,000');
    const seen = await s.page.evaluate(() => {
      const w = window as unknown as { progressTexts: string[]; keys: { reading: boolean }[] };
      return { progressTexts: w.progressTexts, keys: w.keys };
    });
    expect(seen.keys).toEqual([{ reading: true }]);
    expect(seen.progressTexts.length).toBeGreaterThanOrEqual(1);
    const percents = seen.progressTexts.map((t) => Number(/Reading papers\.jsonl… (\d+)%/.exec(t)?.[1]));
    expect(percents.every(Number.isFinite)).toBe(true);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
    // The parse ran in a worker the page started for it.
    expect(ingestWorkers().length).toBe(1);
  });

  it('made no request that was not a same-origin GET, and logged no page error', () => {
    for (const s of sessions) {
      expect(s.offending).toEqual([]);
      expect(s.errors).toEqual([]);
    }
  });
});
