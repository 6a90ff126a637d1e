/**
 * The topic tree in real Chromium: the demo maps to broad areas over topics; a broad
 * area closes and opens from the keyboard (← / →), and a topic under it is selected
 * with Enter: the panel then lists exactly that node's papers.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { artifact, launch, openApp, type Session } from './browser.ts';

let browser: Browser;
let s: Session;

beforeAll(async () => {
  browser = await launch();
  s = await openApp(browser, inject('baseUrl'));
});

afterAll(async () => {
  await browser?.close();
});

describe('topic tree, end to end', () => {
  it('maps the demo into a tree of broad areas and topics', async () => {
    await s.page.getByTestId('preview').getByRole('button', { name: /^Map/ }).click({ timeout: 60_000 });
    // The finished map (a progressive run shows the keyword map first: firstMapVersion).
    await s.page.waitForFunction(() => Number(document.body.dataset.mapVersion ?? 0) > 0, null, { timeout: 240_000 });
    await s.page.waitForFunction(() => Number(document.getElementById('map')?.dataset.points) > 0, null, { timeout: 60_000 });
    expect(await s.page.locator('#clusters table[role="treegrid"]').count()).toBe(1);
    expect(await s.page.locator('#clusters tr[data-level="area"]').count()).toBeGreaterThanOrEqual(2);
  });

  it('closes and opens a broad area, then selects one of its topics with Enter', async () => {
    const area = s.page.locator('#clusters tr[data-level="area"]').first();
    const areaId = await area.getAttribute('data-node-id');
    const childRows = () => s.page.locator(`#clusters tr[data-level="topic"]`).evaluateAll((rows) => rows.length);
    const before = await childRows();
    await area.focus();
    await s.page.keyboard.press('ArrowLeft');
    await expect.poll(() => area.getAttribute('aria-expanded')).toBe('false');
    const closed = await childRows();
    expect(closed).toBeLessThan(before);

    await s.page.keyboard.press('ArrowRight'); // opens
    await expect.poll(() => area.getAttribute('aria-expanded')).toBe('true');
    expect(await childRows()).toBe(before);
    await s.page.keyboard.press('ArrowRight'); // to the first child
    const focused = s.page.locator('#clusters tr:focus');
    expect(await focused.getAttribute('aria-level')).toBe('2');
    const topicId = await focused.getAttribute('data-node-id');
    expect(topicId).not.toBe(areaId);
    const size = Number(await focused.locator('.ps-num').textContent());
    await s.page.keyboard.press('Enter');
    await expect.poll(() => s.page.locator('#selection-title').textContent(), { timeout: 10_000 }).toBe(`Selection (${size})`);
    expect(await s.page.locator(`#clusters tr[data-node-id="${topicId}"]`).getAttribute('aria-selected')).toBe('true');

    // The area's own row selects every paper under it.
    const areaSize = Number(await area.locator('.ps-num').textContent());
    await area.click();
    await expect.poll(() => s.page.locator('#selection-title').textContent(), { timeout: 10_000 }).toBe(`Selection (${areaSize})`);
    expect(areaSize).toBeGreaterThan(size);
    await s.page.locator('#clusters').screenshot({ path: artifact('topic-tree.png') });
  });

  it('shows every topic label in full: wrapped onto two lines, never cut with "…" (issue 12)', async () => {
    // Every rendered label: no ellipsis or line clamp, nothing scrolled out of its box, the box inside its cell.
    const cut = () => s.page.locator('#clusters .ps-c-text').evaluateAll((els) => els.flatMap((e) => {
      const cs = getComputedStyle(e);
      const td = e.closest('td')!.getBoundingClientRect(), r = e.getBoundingClientRect(), tr = e.closest('tr')!.getBoundingClientRect();
      const lines = Math.round(r.height / parseFloat(cs.lineHeight));
      const why = [
        cs.textOverflow === 'ellipsis' ? 'text-overflow: ellipsis' : '',
        (cs as unknown as Record<string, string>).webkitLineClamp && (cs as unknown as Record<string, string>).webkitLineClamp !== 'none' ? 'line clamp' : '',
        e.scrollWidth > e.clientWidth + 1 ? `wider than its box (${e.scrollWidth} > ${e.clientWidth})` : '',
        e.scrollHeight > e.clientHeight + 1 ? `taller than its box (${e.scrollHeight} > ${e.clientHeight})` : '',
        r.top < td.top - 1 || r.bottom > td.bottom + 1 || r.right > td.right + 1 ? 'outside its cell' : '',
        // Up to two lines the row keeps the fixed height the virtualised table counts with.
        lines <= 2 && Math.abs(tr.height - 44) > 1 ? `row ${tr.height}px high for ${lines} line(s)` : '',
      ].filter(Boolean);
      return why.length ? [`${e.textContent}: ${why.join(', ')}`] : [];
    }));
    expect(await s.page.locator('#clusters .ps-c-text').count()).toBeGreaterThan(3);
    expect(await cut()).toEqual([]);

    // A label that needs two lines in the panel (a rename, typed as a user would) shows whole.
    const label = 'retrieval-augmented generation · long-context models';
    const row = s.page.locator('#clusters tr[data-level="topic"]').first();
    const id = await row.getAttribute('data-node-id');
    await row.locator('.ps-c-text').dblclick();
    const box = s.page.locator('#clusters input.ps-rename');
    await box.fill(label);
    await box.press('Enter');
    const text = s.page.locator(`#clusters tr[data-node-id="${id}"] .ps-c-text`);
    await expect.poll(() => text.textContent(), { timeout: 10_000 }).toBe(label);
    const lines = await text.evaluate((e) => Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)));
    expect(lines).toBeGreaterThanOrEqual(2);
    expect(await cut()).toEqual([]);
    await s.page.locator('#clusters').screenshot({ path: artifact('topic-table-wrapped.png') });
  });

  it('logged no page error and made no request that was not a same-origin GET', () => {
    expect(s.errors).toEqual([]);
    expect(s.offending).toEqual([]);
  });
});
