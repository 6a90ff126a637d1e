/**
 * Issue 12's figures on the demo listing, measured where a user sees them: the
 * demo is mapped in Chromium and the SVG export is read back
 * (tests/map/svg-figures.ts): 2-D silhouette by cluster >= 0.35, no truncated
 * label on the map or in the legend, no two labels overlapping, every label on
 * its cluster's region or joined to it by a leader line, the points spanning at
 * least 45% of the map area; the live labels do not overlap either, and
 * neighbouring regions never share a colour.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launch, openApp, type Session } from './browser.ts';
import { svgFigures } from '../map/svg-figures.ts';

let browser: Browser;
let s: Session;

beforeAll(async () => {
  browser = await launch();
  s = await openApp(browser, inject('baseUrl'));
  await s.page.getByTestId('preview-count').waitFor({ timeout: 60_000 });
  await s.page.getByTestId('preview-confirm').click();
  await s.page.waitForFunction(() => Number(document.getElementById('map')?.dataset.points) > 0, null, { timeout: 300_000 });
}, 360_000);

afterAll(async () => {
  await browser?.close();
});

describe('the demo map reads at a glance', () => {
  it('SVG export: silhouette >= 0.35, no truncated or overlapping label, every label on its region or led to it, map spans the canvas', async () => {
    const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.locator('[data-export="svg"][data-scope="all"]').click()]);
    const f = svgFigures(readFileSync(await download.path(), 'utf8'));
    console.log(`[e2e] demo SVG figures: ${JSON.stringify(f)}`);
    expect(f.points).toBe(68);
    expect(f.labels).toBeGreaterThanOrEqual(2);
    expect(f.silhouette).toBeGreaterThanOrEqual(0.35);
    expect(f.truncated).toBe(0);
    expect(f.overlapping).toBe(0);
    expect(f.stray).toBe(0);
    expect(f.regions).toBe(f.clusters);
    // How much of the canvas the map uses. The 32-px cell share cannot tell: 68 points fill at most
    // 68 of the 1,312 cells (5.2%; 3.7% for the tall column of before, 5.2% now). The points' convex
    // hull over the map area can: 0.23 for that column (measured in this app's export before the
    // change), 0.54 with the clusters packed into the canvas's aspect and the refined map's axes
    // kept. The guard sits between, with room for another backend's slightly different vectors.
    expect(f.hullShare).toBeGreaterThanOrEqual(0.45);
    // The cell share still catches points piled into the same cells (at most 9 of 68 here).
    expect(f.canvasShare).toBeGreaterThanOrEqual(0.045);
  });

  it('live view: every cluster labelled, labels whole and apart', async () => {
    const boxes = await s.page.locator('#map .cluster-label').evaluateAll((els) => els
      .filter((e) => (e as HTMLElement).style.display !== 'none')
      .map((e) => ({ r: e.getBoundingClientRect().toJSON() as DOMRect, text: e.textContent ?? '' })));
    const rows = await s.page.locator('#clusters tr[data-cluster-id]').count();
    expect(boxes.length).toBe(rows);
    for (const b of boxes) expect(b.text).not.toContain('…');
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i].r, b = boxes[j].r;
      expect(a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom, `${boxes[i].text} / ${boxes[j].text}`).toBe(false);
    }
  });
});
