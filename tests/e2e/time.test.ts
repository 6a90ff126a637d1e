/**
 * Time in real Chromium (issue 15): a listing of two days, the first mapped and the second
 * added; the added papers are shown as new and counted per cluster; a brush over the first
 * day fades the second and the cluster table counts only what is inside.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { artifact, launch, openApp, type Session } from './browser.ts';

let browser: Browser;
let s: Session;

/** The demo listing split into two days: its first 40 papers under "Mar 12", the other 28 under "Mar 13". */
function twoDays(): { day1: string; day2: string; n1: number; n2: number } {
  const text = readFileSync('public/samples/hf-daily-papers-listing.txt', 'utf8').replace(/\r\n?/g, '\n');
  const at = text.indexOf('\nMar 12\n');
  const paras = text.slice(at + '\nMar 12\n'.length).split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  const pairs: string[] = [];
  for (let k = 0; k + 1 < paras.length; k += 2) pairs.push(`${paras[k]}\n\n${paras[k + 1]}`);
  const n1 = 40;
  return {
    day1: `Daily papers\n\nMar 12\n\n${pairs.slice(0, n1).join('\n\n')}\n`,
    day2: `Daily papers\n\nMar 13\n\n${pairs.slice(n1).join('\n\n')}\n`,
    n1,
    n2: pairs.length - n1,
  };
}

const mapVersion = () => s.page.evaluate(() => Number(document.body.dataset.mapVersion ?? 0));

async function read(text: string, n: number) {
  await s.page.locator('#btn-input').click();
  await s.page.locator('#input-text').fill(text);
  await s.page.locator('#btn-read').click();
  await s.page.getByTestId('preview-count').filter({ hasText: new RegExp(`^${n}$`) }).waitFor({ timeout: 30_000 });
}

beforeAll(async () => {
  browser = await launch();
  s = await openApp(browser, inject('baseUrl'));
  await s.page.getByTestId('preview-count').waitFor({ timeout: 30_000 });
});

afterAll(async () => {
  await browser?.close();
});

describe('two listing days: map the first, add the second, brush a day', () => {
  const days = twoDays();

  it('the preview says every paper of day 1 is dated to the day', async () => {
    expect(days.n2).toBeGreaterThan(10);
    await read(days.day1, days.n1);
    const dates = s.page.getByTestId('preview-dates');
    expect(await dates.getAttribute('data-day')).toBe(String(days.n1));
    expect(await dates.getAttribute('data-none')).toBe('0');
  });

  it('maps day 1, then adds day 2: the new papers are highlighted and counted by the clusters they joined', async () => {
    const v0 = await mapVersion();
    await s.page.getByTestId('preview-confirm').click();
    await s.page.waitForFunction((v) => Number(document.body.dataset.mapVersion ?? 0) > v && Number(document.getElementById('map')?.dataset.points) > 0, v0, { timeout: 240_000 });
    expect(Number(await s.page.locator('#map').getAttribute('data-points'))).toBe(days.n1);
    // One day only: a single period and nothing faded.
    expect(await s.page.locator('.ps-histo-bar').count()).toBe(1);

    await read(days.day2, days.n2);
    const v1 = await mapVersion();
    await s.page.getByTestId('preview-add').click();
    await s.page.waitForFunction((v) => Number(document.body.dataset.mapVersion ?? 0) > v, v1, { timeout: 240_000 });
    expect(Number(await s.page.locator('#map').getAttribute('data-points'))).toBe(days.n1 + days.n2);

    // "New": the old papers fade on the map, and the summary counts the added ones.
    await s.page.getByTestId('news').waitFor();
    expect(await s.page.getByTestId('news-count').textContent()).toBe(`${days.n2} new papers`);
    expect(Number(await s.page.locator('#map').getAttribute('data-faded'))).toBe(days.n1);
    const joined = [...(await s.page.getByTestId('news-joined').allTextContents()), ...(await s.page.getByTestId('news-formed').allTextContents())];
    const placed = joined.map((t) => Number(/\(\+?(\d+)(?: of \d+)?\)$/.exec(t)?.[1] ?? NaN));
    expect(placed.every(Number.isFinite)).toBe(true);
    // Added papers join the clusters of their neighbours; fewer than 7 clusters are listed in full.
    if (joined.length < 7) expect(placed.reduce((a, b) => a + b, 0)).toBe(days.n2);
    await s.page.screenshot({ path: artifact('time-new.png') });
  });

  it('two days make two periods; each cluster row has a sparkline whose counts sum to its size', async () => {
    const bars = s.page.locator('.ps-histo-bar');
    expect(await bars.count()).toBe(2);
    expect(await bars.nth(0).getAttribute('data-period')).toMatch(/^\d{4}-03-12$/);
    expect(Number(await bars.nth(0).getAttribute('data-count'))).toBe(days.n1);
    expect(Number(await bars.nth(1).getAttribute('data-count'))).toBe(days.n2);
    const rows = s.page.locator('#clusters tr[data-cluster-id]');
    const n = await rows.count();
    expect(n).toBeGreaterThan(1);
    for (let k = 0; k < n; k++) {
      const counts = (await rows.nth(k).locator('.ps-trend').getAttribute('data-counts'))!.split(',').map(Number);
      expect(counts).toHaveLength(2);
      const size = Number(await rows.nth(k).locator('.ps-num').textContent());
      expect(counts[0] + counts[1]).toBe(size);
    }
  });

  it('brushing day 1 fades day 2 and the cluster table counts only the papers inside', async () => {
    // Clear the "new" highlight first, so only the brush fades points.
    await s.page.getByTestId('news').getByRole('button').click();
    const box = (await s.page.locator('.ps-histo svg').boundingBox())!;
    await s.page.mouse.move(box.x + 2, box.y + 8);
    await s.page.mouse.down();
    await s.page.mouse.move(box.x + box.width * 0.3, box.y + 8, { steps: 4 });
    await s.page.mouse.up();
    const status = s.page.getByTestId('brush-status');
    await expect.poll(() => status.getAttribute('data-inside'), { timeout: 10_000 }).toBe(String(days.n1));
    expect(Number(await s.page.locator('#map').getAttribute('data-faded'))).toBe(days.n2);
    // The status follows the brush while it moves; the table catches up in the frame after the
    // mouse is released (a busy machine delays that frame): wait for its caption to name the range.
    const caption = s.page.getByTestId('cluster-caption');
    await expect.poll(() => caption.textContent(), { timeout: 10_000 }).toMatch(new RegExp(`${days.n1} papers in \\d{4}-03-12`));
    const nums = (await s.page.locator('#clusters tr[data-cluster-id] .ps-num').allTextContents()).map(Number);
    expect(nums.reduce((a, b) => a + b, 0)).toBe(days.n1);
    // Each row's count is its day-1 bar in the sparkline: an independent count from the trend data.
    const rows = s.page.locator('#clusters tr[data-cluster-id]');
    for (let k = 0; k < (await rows.count()); k++) {
      const counts = (await rows.nth(k).locator('.ps-trend').getAttribute('data-counts'))!.split(',').map(Number);
      expect(Number(await rows.nth(k).locator('.ps-num').textContent())).toBe(counts[0]);
    }
    await s.page.screenshot({ path: artifact('time-brush.png') });
  });

  it('colour by date shows a legend with both days; the trend CSV has one row per cluster and day', async () => {
    await s.page.getByTestId('colour-by').selectOption('date');
    await expect.poll(() => s.page.locator('#map').getAttribute('data-colored')).toBe('custom');
    expect(await s.page.getByTestId('legend').locator('.ps-legend-item').count()).toBe(2);
    const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.getByTestId('export-trends').click()]);
    const lines = readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe('cluster,label,period,count');
    const clusters = await s.page.locator('#clusters tr[data-cluster-id]').count();
    expect(lines.length - 1).toBe(clusters * 2);
    const total = lines.slice(1).reduce((a, l) => a + Number(l.split(',').at(-1)), 0);
    expect(total).toBe(days.n1 + days.n2);
    await s.page.screenshot({ path: artifact('time-colour-date.png') });
  });

  it('made no request off the origin and logged no page error', () => {
    expect(s.offending).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
