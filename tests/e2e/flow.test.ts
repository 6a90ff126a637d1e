/**
 * The whole flow in real Chromium: the demo listing maps to 68 points with
 * labelled clusters; a lasso selects exactly the dots inside the drawn loop and a
 * cluster click fills the panel; CSV export holds
 * the selected titles; no request leaves the origin.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { Browser } from 'playwright-core';
import { artifact, launch, openApp, type Session } from './browser.ts';
import { combine, IDENTITY, toScreen, type BaseFit } from '../../src/map/view-math.ts';

type Pt = readonly [number, number];

/** Even-odd rule. */
function insidePolygon([px, py]: Pt, poly: readonly Pt[]): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Distance from a point to the closed polygon's edges. */
function edgeDistance([px, py]: Pt, poly: readonly Pt[]): number {
  let best = Infinity;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [ax, ay] = poly[j];
    const [bx, by] = poly[i];
    const l2 = (bx - ax) ** 2 + (by - ay) ** 2;
    const t = l2 ? Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / l2)) : 0;
    best = Math.min(best, Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay))));
  }
  return best;
}

let browser: Browser;
let s: Session;

beforeAll(async () => {
  browser = await launch();
  s = await openApp(browser, inject('baseUrl'));
});

afterAll(async () => {
  await browser?.close();
});

describe('demo listing, end to end', () => {
  it('previews the demo listing with its 68 papers before embedding', async () => {
    const count = s.page.getByTestId('preview-count');
    await count.waitFor({ timeout: 30_000 });
    expect(await count.textContent()).toMatch(/\b68\b/);
  });

  it('maps the demo: 68 points drawn, at least 2 labelled clusters, backend shown', async () => {
    const t0 = Date.now();
    await s.page.getByTestId('preview').getByRole('button', { name: /^Map/ }).click();
    // The finished map (a progressive run shows the keyword map first: firstMapVersion).
    await s.page.waitForFunction(() => Number(document.body.dataset.mapVersion ?? 0) > 0, null, { timeout: 240_000 });
    const points = await s.page.locator('#map').getAttribute('data-points');
    expect(Number(points)).toBe(68);
    const labels = await s.page.locator('#map .cluster-label').allTextContents();
    expect(labels.filter((l) => l.trim().length > 0).length).toBeGreaterThanOrEqual(2);
    const backend = await s.page.locator('#backend-badge').getAttribute('data-backend');
    expect(['webgl', 'wasm', 'cpu']).toContain(backend);
    const shot = artifact('demo-map.png');
    await s.page.screenshot({ path: shot });
    // eslint-disable-next-line no-console -- the issue asks the test to print where the screenshot is
    const stages = ((await s.page.locator('#run-info').getAttribute('title')) ?? '').replace(/\n/g, ', ');
    console.log(`[e2e] demo map mapped in ${((Date.now() - t0) / 1000).toFixed(1)} s on ${backend} (${stages}); screenshot: ${shot}`);
  });

  it('lasso: a free-hand loop over the map selects exactly the papers whose dots are inside it, and the panel lists them', async () => {
    // Where each dot is: the layout from a saved session, through the view's own fit (unzoomed).
    const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.locator('#btn-save-session').click()]);
    const session = JSON.parse(readFileSync(await download.path(), 'utf8')) as { papers: { title: string }[]; result: { layout: { x: (number | null)[]; y: (number | null)[] } } };
    const { x, y } = session.result.layout;
    await s.page.getByTestId('fit-view').click();
    const box = (await s.page.getByTestId('map-canvas').boundingBox())!;
    const xs = x.map((v) => v ?? NaN);
    const ys = y.map((v) => v ?? NaN);
    // The app's own Fit (points and the regions around them), as the map publishes it.
    const a = combine(JSON.parse((await s.page.locator('#map').getAttribute('data-fit'))!) as BaseFit, IDENTITY);
    const dots = xs.map((xi, i) => toScreen(a, xi, ys[i])).map(([px, py]) => [box.x + px, box.y + py] as const);

    // A loop (48-gon) around the middle of the map, sized (15-45% of the map) so no dot sits within 3 px of its edge.
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const loopAt = (f: number) => Array.from({ length: 49 }, (_, j) => [cx + box.width * f * Math.cos((j * Math.PI) / 24), cy + box.height * f * Math.sin((j * Math.PI) / 24)] as const);
    const sizes = Array.from({ length: 31 }, (_, j) => 0.3 + (j % 2 ? 1 : -1) * Math.ceil(j / 2) * 0.01);
    const f = sizes.find((g) => dots.every((d) => edgeDistance(d, loopAt(g)) > 3))!;
    expect(f).toBeDefined();
    const loop = loopAt(f);
    const inside = dots.map((d, i) => (insidePolygon(d, loop) ? i : -1)).filter((i) => i >= 0);
    expect(inside.length).toBeGreaterThan(0); // the loop is a real test: some dots in, some out
    expect(inside.length).toBeLessThan(68);

    await s.page.getByTestId('lasso-mode').click();
    await s.page.mouse.move(loop[0][0], loop[0][1]);
    await s.page.mouse.down();
    for (const [px, py] of loop.slice(1)) await s.page.mouse.move(px, py, { steps: 2 });
    await s.page.mouse.up();
    const items = s.page.getByTestId('paper-list').locator('.paper-item');
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(inside.length);
    const title = await s.page.locator('#selection-title').textContent();
    expect(Number(/\((\d+)\)/.exec(title ?? '')?.[1])).toBe(inside.length);
    const listed = (await items.locator('.ps-title').allTextContents()).map((t) => t.trim()).sort();
    expect(listed).toEqual(inside.map((i) => session.papers[i].title.trim()).sort());
    await s.page.getByTestId('lasso-mode').click();
  });

  it('clicking a cluster in the list selects its papers, and CSV export holds exactly their titles', async () => {
    const row = s.page.locator('#clusters [data-cluster-id]').first();
    await row.click();
    const items = s.page.getByTestId('paper-list').locator('.paper-item');
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const title = await s.page.locator('#selection-title').textContent();
    const n = Number(/\((\d+)\)/.exec(title ?? '')?.[1]);
    const shownTitles = (await items.locator('.ps-title').allTextContents()).map((t) => t.trim());
    expect(shownTitles).toHaveLength(n);

    const [download] = await Promise.all([
      s.page.waitForEvent('download'),
      s.page.locator('[data-export="csv"][data-scope="selection"]').click(),
    ]);
    const path = await download.path();
    const rows = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(rows.length).toBe(n);
    const exported = rows.map((r) => r.title.replace(/^'/, '').trim());
    expect([...exported].sort()).toEqual([...shownTitles].sort());
    // The file was made in the blob worker, off the page (issue 16: a Blob made on the page is
    // served to the download from the page's thread, a 0.3-1.1 s task for 50 MB).
    expect(s.page.workers().some((w) => w.url().includes('blob.worker'))).toBe(true);
  });

  it('S5: the full flow under the strict CSP and Trusted Types records zero violations', async () => {
    const csp = (await s.context.request.get(inject('baseUrl'))).headers()['content-security-policy'];
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(await s.cspViolations()).toEqual([]);
  });

  it('made no request that was not a same-origin GET, and logged no page error', () => {
    expect(s.offending).toEqual([]);
    expect(s.errors).toEqual([]);
    expect(s.requests.some((r) => r.includes('/models/use/model.json'))).toBe(true);
  });
});
