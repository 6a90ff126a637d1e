/**
 * A big map in the built app (Chromium): its regions are computed by the geometry
 * worker, not on the page's thread, and are the ones the synchronous code computes
 * (the SVG export draws one region per cluster the Node computation gives one to);
 * regions and labels are on while the user pans and zooms. No timing is asserted
 * (the frame and long-task figures are in `npm run bench:map`).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, openApp, type Session } from './browser.ts';
import { syntheticLayout } from '../../src/map/demo-data.ts';
import { computeGeometry } from '../../src/map/regions.ts';
import { SYNC_GEOMETRY_MAX } from '../../src/map/geometry-client.ts';
import { SPLIT_LABELS_MIN } from '../../src/map/map-view.ts';

const N = 8_000;
let browser: Browser;
let s: Session;

/** A map JSON (as `npm run map` writes it) of a synthetic layout. */
function mapJson() {
  const l = syntheticLayout(N, 24, 11);
  const papers = Array.from(l.x, (x, i) => ({
    id: `p${i}`, title: `Synthetic paper ${i}`, abstract: '', authors: [],
    source: { file: 'synthetic.jsonl', row: i + 1, format: 'jsonl' }, x, y: l.y[i], cluster: l.cluster[i],
  }));
  const clusters = l.clusters.map((c) => ({ id: c.id, label: c.label, terms: c.terms, size: c.size, papers: c.members.map((i) => `p${i}`) }));
  const json = { app: 'paperscope', version: '0.1.0', model: 'none', settings: { semanticWeight: 0, resolution: 1, nNeighbors: 15, seed: 42 }, seed: 42, papers, clusters, timings: {}, notices: [] };
  return { layout: l, text: JSON.stringify(json) };
}

beforeAll(async () => {
  browser = await launch();
  s = await openApp(browser, inject('baseUrl'));
});

afterAll(async () => {
  await browser?.close();
});

describe('big map geometry in a worker', () => {
  it('shows an 8,000-point map with regions from the geometry worker, the same regions as the synchronous code', async () => {
    expect(N).toBeGreaterThan(SYNC_GEOMETRY_MAX);
    const { layout, text } = mapJson();
    await s.page.getByTestId('preview-count').waitFor({ timeout: 120_000 });
    // What the map's counters read at the end of each task that changed them (issue 10: a big
    // map's first frame shows the points, and its labels are placed in a task of their own).
    await s.page.evaluate(() => {
      const w = window as unknown as { __counts: { points: string | null; labels: string | null }[] };
      w.__counts = [];
      const map = document.getElementById('map')!;
      new MutationObserver(() => w.__counts.push({ points: map.getAttribute('data-points'), labels: map.getAttribute('data-labels') }))
        .observe(map, { attributes: true, attributeFilter: ['data-points', 'data-labels'] });
    });
    await s.page.setInputFiles('#file-input', { name: 'synthetic-map.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    const map = s.page.locator('#map');
    await expect.poll(() => map.getAttribute('data-points'), { timeout: 120_000 }).toBe(String(N));
    await expect.poll(async () => Number(await map.getAttribute('data-regions')), { timeout: 60_000 }).toBeGreaterThan(0);
    expect(s.page.workers().some((w) => w.url().includes('geometry'))).toBe(true);
    expect(N).toBeGreaterThanOrEqual(SPLIT_LABELS_MIN);
    await expect.poll(async () => Number(await map.getAttribute('data-labels')), { timeout: 30_000 }).toBeGreaterThan(0);
    const counts = await s.page.evaluate(() => (window as unknown as { __counts: { points: string | null; labels: string | null }[] }).__counts);
    const first = counts.findIndex((c) => c.points === String(N));
    expect(first).toBeGreaterThanOrEqual(0);
    expect(counts[first].labels).toBe('0');
    expect(counts.slice(first + 1).some((c) => c.points === String(N) && Number(c.labels) > 0)).toBe(true);

    const sync = computeGeometry(layout);
    expect(Number(await map.getAttribute('data-regions'))).toBe(sync.regions.size);
    const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.locator('[data-export="svg"][data-scope="all"]').click()]);
    const svg = await (await download.createReadStream()).toArray().then((b) => Buffer.concat(b).toString('utf8'));
    const drawn = [...svg.matchAll(/<path[^>]*data-cluster="(\d+)"/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
    expect(drawn).toEqual([...sync.regions.keys()].sort((a, b) => a - b));
  });

  it('keeps regions and labels on while panning and zooming', async () => {
    const map = s.page.locator('#map');
    const box = (await s.page.getByTestId('map-canvas').boundingBox())!;
    const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
    await s.page.mouse.move(cx, cy);
    await s.page.mouse.wheel(0, -240);
    await s.page.mouse.down();
    await s.page.mouse.move(cx + 120, cy + 60, { steps: 8 });
    await s.page.mouse.up();
    await s.page.waitForTimeout(300);
    expect(Number(await map.getAttribute('data-regions'))).toBeGreaterThan(0);
    expect(Number(await map.getAttribute('data-labels'))).toBeGreaterThan(0);
  });

  it('zooms with the wheel over a cluster label too, not only over bare canvas', async () => {
    await s.page.getByTestId('fit-view').click();
    await s.page.waitForFunction(() => Number(document.getElementById('map')?.dataset.zoom) === 1, null, { timeout: 10_000 });
    const label = (await s.page.locator('#map .cluster-label:visible').first().boundingBox())!;
    await s.page.mouse.move(label.x + label.width / 2, label.y + label.height / 2);
    await s.page.mouse.wheel(0, -300);
    await s.page.waitForFunction(() => Number(document.getElementById('map')?.dataset.zoom) > 1.2, null, { timeout: 10_000 });
  });

  it('logged no page error and made no request that was not a same-origin GET', () => {
    expect(s.errors).toEqual([]);
    expect(s.offending).toEqual([]);
  });
});
