/**
 * Security in real Chromium (RELIABILITY S1, P9, S2, S6 E): papers whose every field is
 * markup are read, previewed, mapped, hovered, listed, renamed and exported. Every surface
 * (preview, tooltip, paper list, cluster table, map labels, SVG export legend, document.title)
 * shows the literal text; no element is created from paper text; `window.__xss` stays unset;
 * links are http(s) only; no CSP violation; only same-origin GETs, none carrying paper text.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launch, openApp, type Session } from './browser.ts';

const IMG = '<img src=x onerror="window.__xss=1">';
const SCRIPT = '<script>window.__xss=2</script>';
const SVG = '<svg onload="window.__xss=3">';
const RENAME = '<img src=x onerror="window.__xss=8"><script>window.__xss=9</script>';
/** A token in every abstract; it must never appear in a request URL. */
const MARKER = 'zqxabstractmarker';
const TOPICS = [
  'graph neural networks message passing molecules',
  'diffusion models image generation denoising',
  'speech recognition acoustic transformers audio',
];
const HOSTILE = Array.from({ length: 12 }, (_, i) => ({
  title: `${IMG} ${TOPICS[i % 3]} study ${i}`,
  abstract: `${SCRIPT} We study ${TOPICS[i % 3]} in setting ${i}. ${MARKER} <iframe src="javascript:window.__xss=4"></iframe> ${TOPICS[i % 3]} again.`,
  authors: [`${SVG}Mallory ${i}</svg>`, '"><img src=x onerror=window.__xss=5>'],
  venue: '<b onmouseover="window.__xss=6">Venue</b>',
  url: i % 2 ? 'javascript:window.__xss=7' : 'data:text/html,<script>window.__xss=7</script>',
  year: 2024,
}));
const ORIGINAL_TITLE = 'Paperscope — map research abstracts into topics';

let browser: Browser;
let s: Session;
let page: Page;

/** Records elements of dangerous kinds, and on* attributes, added to the document once watching starts. */
function watchScript() {
  const w = window as unknown as { __created: string[]; __watch: boolean };
  w.__created = [];
  w.__watch = false;
  const BAD = /^(IMG|SCRIPT|IFRAME|OBJECT|EMBED|svg:script|FRAME|LINK|META|BASE|FORM)$/i;
  const check = (n: Node) => {
    if (!(n instanceof Element)) return;
    for (const e of [n, ...n.querySelectorAll('*')]) {
      if (BAD.test(e.tagName) || e.localName === 'script') w.__created.push(`<${e.tagName}>`);
      for (const a of e.getAttributeNames()) if (/^on/i.test(a)) w.__created.push(`${e.tagName}[${a}]`);
    }
  };
  new MutationObserver((records) => {
    if (!w.__watch) return;
    for (const r of records) {
      r.addedNodes.forEach(check);
      if (r.type === 'attributes' && r.attributeName && /^on/i.test(r.attributeName)) w.__created.push(`attr ${r.attributeName}`);
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });
}

const dangerousCount = () => page.evaluate(() => document.querySelectorAll('img, script, iframe, object, embed, frame').length);

async function drop(files: { name: string; text: string }[]) {
  const dt = await page.evaluateHandle((list) => {
    const t = new DataTransfer();
    for (const f of list) t.items.add(new File([f.text], f.name, { type: 'application/json' }));
    return t;
  }, files);
  for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent('#map', type, { dataTransfer: dt });
}

/** Hovers map points (found by reading non-white canvas pixels) until the tooltip shows; returns its title element's text and dir. */
async function hoverAPoint(): Promise<{ text: string; dir: string | null }> {
  const box = (await page.getByTestId('map-canvas').boundingBox())!;
  const spots = await page.getByTestId('map-canvas').evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d')!;
    const { data, width, height } = ctx.getImageData(0, 0, c.width, c.height);
    const out: [number, number][] = [];
    for (let y = 2; y < height - 2; y += 3) {
      for (let x = 2; x < width - 2; x += 3) {
        const o = (y * width + x) * 4;
        if (data[o + 3] > 200 && data[o] + data[o + 1] + data[o + 2] < 600) out.push([x / (width / c.clientWidth), y / (height / c.clientHeight)]);
      }
    }
    return out.filter((_, i) => i % Math.max(1, Math.floor(out.length / 40)) === 0);
  });
  expect(spots.length).toBeGreaterThan(0);
  const tip = page.getByTestId('map-tooltip');
  for (const [x, y] of spots) {
    await page.mouse.move(box.x + x, box.y + y);
    if (await tip.isVisible()) {
      const title = tip.locator('div').first();
      return { text: (await title.textContent()) ?? '', dir: await title.getAttribute('dir') };
    }
  }
  throw new Error('no point could be hovered');
}

beforeAll(async () => {
  browser = await launch();
  s = await openApp(browser, inject('baseUrl'));
  page = s.page;
  await s.context.addInitScript(watchScript);
  await page.reload();
  await page.getByTestId('preview-count').waitFor({ timeout: 30_000 });
});
afterAll(async () => {
  await browser?.close();
});

describe('hostile paper text in the browser (S1, P9, S2, S6)', () => {
  let before = 0;

  it('P9/S1: the preview shows markup titles, authors and abstracts as literal text and creates no element', async () => {
    before = await dangerousCount();
    await page.evaluate(() => ((window as unknown as { __watch: boolean }).__watch = true));
    await drop([{ name: 'hostile.json', text: JSON.stringify(HOSTILE) }]);
    await expect.poll(() => page.getByTestId('preview-count').textContent(), { timeout: 30_000 }).toBe('12');
    const titles = await page.locator('[data-testid=preview] .ps-title').allTextContents();
    expect(titles.length).toBeGreaterThan(0);
    for (const t of titles) expect(t.startsWith(IMG)).toBe(true);
    expect((await page.locator('[data-testid=preview]').textContent()) ?? '').toContain('Mallory');
    expect(await dangerousCount()).toBe(before);
  });

  it('S1: after mapping, the paper list shows literal text, and links are http(s) only with rel=noopener', async () => {
    const v0 = await page.evaluate(() => Number(document.body.dataset.mapVersion ?? 0));
    await page.getByTestId('preview').getByRole('button', { name: /^Map/ }).click();
    await page.waitForFunction((v) => Number(document.body.dataset.mapVersion ?? 0) > v, v0, { timeout: 240_000 });
    expect(Number(await page.locator('#map').getAttribute('data-points'))).toBe(12);

    await page.locator('#search').fill('study');
    const items = page.getByTestId('paper-list').locator('.paper-item');
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(12);
    for (const t of await items.locator('.ps-title').allTextContents()) expect(t.trim().startsWith(IMG)).toBe(true);
    const listText = (await page.getByTestId('paper-list').textContent()) ?? '';
    expect(listText).toContain(SVG);
    const abstracts = await items.locator('.ps-abstract').allTextContents();
    if (abstracts.length) expect(abstracts.join(' ')).toContain(SCRIPT);
    const links = await page.locator('#papers a[href]').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.getAttribute('rel')]));
    for (const [href, rel] of links) {
      expect(href).toMatch(/^https?:\/\//);
      expect(rel).toMatch(/noopener/);
    }
    expect(await dangerousCount()).toBe(before);
  });

  it('S1: the hover tooltip shows the literal title (dir="auto")', async () => {
    await page.locator('#search').fill('');
    const tip = await hoverAPoint();
    expect(tip.text.startsWith(IMG)).toBe(true);
    expect(tip.dir).toBe('auto');
  });

  it('S1: a cluster renamed to markup shows as text in the cluster table and the map labels', async () => {
    await page.locator('#clusters .ps-c-text').first().dblclick();
    const input = page.locator('#clusters input.ps-rename');
    await input.fill(RENAME);
    await input.press('Enter');
    await expect.poll(() => page.locator('#clusters .ps-c-text').allTextContents()).toContain(RENAME);
    // The map wraps a label to two lines and cuts what does not fit with "…": the label shown is
    // the start of the new name, as text (white space and the ellipsis aside).
    const squash = (t: string) => t.replace(/…$/, '').replace(/\s+/g, '');
    await expect
      .poll(async () => (await page.locator('#map .cluster-label').allTextContents()).some((t) => squash(t).length >= 10 && squash(RENAME).startsWith(squash(t))), { timeout: 10_000 })
      .toBe(true);
    expect(await dangerousCount()).toBe(before);
  });

  it('S1: the SVG export (labels and legend) holds the markup as escaped text only', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="svg"][data-scope="all"]').click()]);
    const svg = readFileSync(await download.path(), 'utf8');
    // Labels wrap onto <tspan> lines, so the escaped markup is checked piece by piece.
    expect(svg).toContain('&lt;img src=x');
    expect(svg).toMatch(/onerror="window\.__xss/);
    expect(svg).not.toMatch(/<(img|script|iframe|foreignObject)\b/i);
    expect(svg.match(/<svg\b/g)).toHaveLength(1); // the root only; never the author's <svg onload>
  });

  it('S1: document.title is untouched, no script ran, and no element or on* attribute came from paper text', async () => {
    expect(await page.title()).toBe(ORIGINAL_TITLE);
    expect(await page.evaluate(() => document.querySelector('title')!.children.length)).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await page.evaluate(() => (window as unknown as { __created: string[] }).__created)).toEqual([]);
    expect(await dangerousCount()).toBe(before);
    expect(await s.cspViolations()).toEqual([]);
  });

  it('the watcher itself works: an element made the way an HTML sink would is recorded (so the test above can fail)', async () => {
    const created = await page.evaluate(() => {
      const w = window as unknown as { __created: string[] };
      const n = w.__created.length;
      // (Setting an on* attribute is itself blocked here by Trusted Types; a bare <img> is enough.)
      const img = document.createElement('img');
      document.body.append(img);
      return new Promise<number>((r) => setTimeout(() => { img.remove(); r(w.__created.length - n); }, 50));
    });
    expect(created).toBeGreaterThan(0);
    await page.evaluate(() => ((window as unknown as { __created: string[] }).__created.length = 0));
  });

  it('S6: only same-origin GETs were made, none carrying paper text, and no page error', () => {
    expect(s.offending).toEqual([]);
    expect(s.requests.filter((r) => r.includes(MARKER) || /Mallory|onerror|__xss/.test(decodeURIComponent(r)))).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
