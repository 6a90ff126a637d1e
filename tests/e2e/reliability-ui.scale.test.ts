/**
 * Reliability cases that need a real browser (RELIABILITY P8, R8, P5):
 * - P8: RTL, CJK, emoji, U+202E and zero-width text is shown with dir="auto", never split
 *   into lone surrogates (on the page or in any export), the bidi override is flagged, and
 *   the English-centric notice appears.
 * - R8: with IndexedDB missing or throwing InvalidStateError (private mode), the page says
 *   the session is memory-only and mapping still works.
 * - P5: a 100,000-point map is drawn on a canvas, not as SVG/DOM nodes (reading 100,000
 *   papers and cancelling a run over them is in tests/scale/read-100k.scale.test.ts).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { artifact, launch, openApp, type Session } from './browser.ts';
import { UNICODE_PAPERS } from '../reliability/helpers.ts';
import { syntheticLayout } from '../../src/map/demo-data.ts';
import { toSessionJson } from '../../src/store/session.ts';
import { DEFAULT_SETTINGS, type Paper } from '../../src/types.ts';

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

async function open(init?: () => void): Promise<Session> {
  const s = await openApp(browser, inject('baseUrl'));
  sessions.push(s);
  if (init) {
    await s.context.addInitScript(init);
    await s.page.reload();
  }
  await s.page.getByTestId('preview-count').waitFor({ timeout: 30_000 });
  return s;
}

async function drop(page: Page, name: string, text: string) {
  const dt = await page.evaluateHandle(([n, t]) => {
    const d = new DataTransfer();
    d.items.add(new File([t], n));
    return d;
  }, [name, text] as const);
  for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent('#map', type, { dataTransfer: dt });
}

async function mapAndWait(page: Page) {
  const v0 = await page.evaluate(() => Number(document.body.dataset.mapVersion ?? 0));
  await page.getByTestId('preview').getByRole('button', { name: /^Map/ }).click();
  await page.waitForFunction((v) => Number(document.body.dataset.mapVersion ?? 0) > v, v0, { timeout: 240_000 });
}

async function downloadText(page: Page, selector: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.locator(selector).click()]);
  return readFileSync(await d.path(), 'utf8');
}

const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('P8: RTL, CJK, emoji, bidi override and zero-width text', () => {
  let s: Session;
  const papers = UNICODE_PAPERS.map((p) => ({ ...p, authors: ['Tester Ω'] }));

  it('flags the bidi override in the preview, with every title shown dir="auto"', async () => {
    s = await open();
    await drop(s.page, 'unicode.json', JSON.stringify(papers));
    await expect.poll(() => s.page.getByTestId('preview-count').textContent(), { timeout: 30_000 }).toBe(String(papers.length));
    expect(await s.page.getByTestId('preview').textContent()).toMatch(/right-to-left override/);
    const dirs = await s.page.locator('[data-testid=preview] .ps-title').evaluateAll((els) => els.map((e) => e.getAttribute('dir')));
    expect(dirs.length).toBeGreaterThan(0);
    expect(new Set(dirs)).toEqual(new Set(['auto']));
  });

  it('maps them, warns that USE-lite is English-centric, and shows list, labels and tooltip text dir="auto"', async () => {
    await mapAndWait(s.page);
    expect(Number(await s.page.locator('#map').getAttribute('data-points'))).toBe(papers.length);
    await expect.poll(() => s.page.locator('#banner').textContent()).toMatch(/English-centric/);
    await s.page.locator('#search').fill('tester');
    const items = s.page.getByTestId('paper-list').locator('.paper-item');
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(papers.length);
    const shown = (await items.locator('.ps-title').allTextContents()).map((t) => t.trim());
    for (const p of papers) expect(shown).toContain(p.title);
    const textDirs = await s.page.locator('#papers .ps-title, #papers .ps-abstract, #papers .ps-meta, #map .cluster-label, [data-testid=map-tooltip] > div:first-child').evaluateAll((els) => els.map((e) => e.getAttribute('dir')));
    expect(textDirs.length).toBeGreaterThan(papers.length);
    expect(new Set(textDirs)).toEqual(new Set(['auto']));
  });

  it('no text node or attribute on the page holds a lone surrogate, even with a long emoji cluster name', async () => {
    await s.page.locator('#clusters .ps-c-text').first().dblclick();
    await s.page.locator('#clusters input.ps-rename').fill('🧬🤖'.repeat(60) + ' end');
    await s.page.locator('#clusters input.ps-rename').press('Enter');
    const bad = await s.page.evaluate((src) => {
      const re = new RegExp(src);
      const out: string[] = [];
      const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
      for (let n: Node | null = walker.currentNode; n; n = walker.nextNode()) {
        if (n.nodeType === Node.TEXT_NODE && re.test(n.nodeValue ?? '')) out.push(`text: ${JSON.stringify(n.nodeValue)}`);
        if (n instanceof Element) for (const a of n.getAttributeNames()) if (re.test(n.getAttribute(a) ?? '')) out.push(`${n.tagName}[${a}]`);
      }
      for (const e of document.querySelectorAll('input, textarea')) if (re.test((e as HTMLInputElement).value)) out.push(`${e.id}.value`);
      return out;
    }, LONE.source);
    expect(bad).toEqual([]);
  });

  it('every export (CSV, JSON, Markdown, BibTeX, SVG) keeps the text whole: no U+FFFD, no lone surrogate', async () => {
    for (const fmt of ['csv', 'json', 'md', 'bib', 'svg']) {
      const text = await downloadText(s.page, `[data-export="${fmt}"][data-scope="all"]`);
      expect(text, fmt).not.toContain('\uFFFD');
      expect(LONE.test(text), fmt).toBe(false);
      expect(text, fmt).toContain(fmt === 'svg' ? '🧬' : '🧬🤖');
      if (fmt !== 'svg') expect(text, fmt).toContain('大规模语言模型的高效推理');
    }
  });
});

describe('R8: IndexedDB missing or refused (private mode)', () => {
  const cases: [string, () => void][] = [
    ['missing', () => Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true })],
    ['throwing InvalidStateError', () => {
      IDBFactory.prototype.open = () => {
        throw new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError');
      };
    }],
  ];
  for (const [name, init] of cases) {
    it(`IndexedDB ${name}: the page says the session is memory-only, and mapping still works`, async () => {
      const s = await open(init);
      await expect.poll(() => s.page.locator('#banner').textContent(), { timeout: 10_000 }).toMatch(/memory only/i);
      expect(await s.page.locator('#banner').isVisible()).toBe(true);
      const topics = ['graph neural networks', 'diffusion models', 'robot grasping'];
      const tag = name.split(' ')[0];
      const text = Array.from({ length: 6 }, (_, i) => {
        const t = topics[i % topics.length];
        return `${tag} study ${i} of ${t}\n\nWe revisit ${t} in setting ${i} (${tag}), propose a simple baseline and report results on standard benchmarks for ${t}, with ablations.\n`;
      }).join('\n');
      await s.page.locator('#btn-input').click();
      await s.page.locator('#input-text').fill(text);
      await s.page.locator('#btn-read').click();
      await s.page.getByTestId('preview-count').filter({ hasText: '6' }).waitFor();
      await mapAndWait(s.page);
      expect(Number(await s.page.locator('#map').getAttribute('data-points'))).toBe(6);
      // The banner is replaced by later notices; the badge stays while storage is unavailable.
      expect(await s.page.getByTestId('storage-badge').isVisible()).toBe(true);
      await s.context.close();
    });
  }
});

describe('P5: 100,000 papers', () => {
  it('a 100,000-point map (opened from a session file) is drawn on a canvas, not as SVG or DOM nodes per point', async () => {
    const n = 100_000;
    const layout = syntheticLayout(n, 24, 3);
    const papers: Paper[] = Array.from({ length: n }, (_, i) => ({ id: `p${i}`, title: `Paper ${i}`, abstract: `Abstract ${i % 500}`, authors: [], source: { file: 'big.json', row: i + 1, format: 'json' } }));
    const info = { backend: 'wasm' as const, model: 'use-lite-512', settings: { ...DEFAULT_SETTINGS }, timings: {}, nPapers: n, nEmbedded: n, nCached: 0, notices: [] };
    const file = artifact('p5-session-100k.json');
    writeFileSync(file, JSON.stringify(toSessionJson({ papers, settings: info.settings, labels: new Map(), merges: [], result: { layout, info } })));
    const s = await open();
    const v0 = await s.page.evaluate(() => Number(document.body.dataset.mapVersion ?? 0));
    await s.page.locator('#btn-input').click();
    await s.page.locator('#file-input').setInputFiles(file);
    await s.page.waitForFunction((v) => Number(document.body.dataset.mapVersion ?? 0) > v, v0, { timeout: 120_000 });
    await expect.poll(() => s.page.locator('#map').getAttribute('data-points'), { timeout: 30_000 }).toBe(String(n));
    const dom = await s.page.evaluate(() => ({
      canvases: document.querySelectorAll('#map canvas').length,
      svgShapes: document.querySelectorAll('#map svg circle, #map svg path, #map svg rect').length,
      elements: document.querySelectorAll('#map *').length,
    }));
    expect(dom.canvases).toBeGreaterThanOrEqual(1);
    expect(dom.svgShapes).toBeLessThan(50); // toolbar icons at most, never one per point
    expect(dom.elements).toBeLessThan(1000);
    await s.context.close();
  });
});
