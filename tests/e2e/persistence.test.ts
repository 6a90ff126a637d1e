/**
 * Persistence in real Chromium: a reload restores the map without embedding
 * again; a re-run embeds nothing it has seen; a reload mid-run offers a resume
 * (never starts one by itself).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { launch, openApp, type Session } from './browser.ts';
import { toJson } from '../../cli/map.ts';
import { DEFAULT_SETTINGS } from '../../src/types.ts';

let browser: Browser;
let s: Session;

beforeAll(async () => {
  browser = await launch();
  s = await openApp(browser, inject('baseUrl'));
});
afterAll(async () => {
  await browser?.close();
});

const mapVersion = () => s.page.evaluate(() => Number(document.body.dataset.mapVersion ?? 0));

/** Presses Map in the preview and waits for the new map (the body's map version changes). */
const mapDemo = async () => {
  const before = await mapVersion();
  await s.page.getByTestId('preview').getByRole('button', { name: /^Map/ }).click();
  await s.page.waitForFunction((v) => Number(document.body.dataset.mapVersion ?? 0) > v, before, { timeout: 240_000 });
};

describe('sessions and the embedding cache', () => {
  it('R6: a reload restores the last map without re-embedding', async () => {
    await s.page.getByTestId('preview-count').waitFor();
    await mapDemo();
    expect(await s.page.locator('#run-info').getAttribute('data-embedded')).toBe('68');
    // The autosave is debounced and written in chunks: reload once the finished map is in storage.
    await s.page.waitForFunction(() => document.body.dataset.storedSession && document.body.dataset.storedPhase !== 'keyword', null, { timeout: 60_000 });
    await s.page.reload();
    await s.page.waitForFunction(() => Number(document.getElementById('map')?.dataset.points) === 68, null, { timeout: 30_000 });
    expect(await s.page.locator('#progress').isHidden()).toBe(true);
  });

  it('a second mapping of the same papers takes every embedding from the cache', async () => {
    await s.page.locator('#btn-input').click();
    await s.page.locator('#btn-demo').click();
    await s.page.getByTestId('preview-count').waitFor();
    await mapDemo();
    expect(await s.page.locator('#run-info').getAttribute('data-cached')).toBe('68');
    expect(await s.page.locator('#run-info').getAttribute('data-embedded')).toBe('0');
  });

  it('R6: a reload during a run offers to resume it and does not resume by itself', async () => {
    await s.page.locator('#btn-input').click();
    await s.page.locator('#input-text').fill(
      Array.from({ length: 24 }, (_, i) => `Paper number ${i} on sparse mixtures of experts\n\nWe study routing in sparse mixture-of-experts layers, variant ${i}, and measure load balance, expert specialisation and throughput on language modelling benchmarks at several scales.\n`).join('\n'),
    );
    await s.page.locator('#btn-read').click();
    await s.page.getByTestId('preview-count').waitFor();
    const runsStored = await s.page.evaluate(() => document.body.dataset.storedRun ?? '');
    await s.page.getByTestId('preview').getByRole('button', { name: /^Map/ }).click();
    await s.page.locator('#progress').waitFor({ state: 'visible' });
    // The run's input lands in browser storage alongside the run (a reload before that has nothing to resume).
    await s.page.waitForFunction((before) => (document.body.dataset.storedRun ?? '') !== before, runsStored, { timeout: 30_000 });
    await s.page.reload();
    const action = s.page.getByTestId('banner-action');
    await action.waitFor({ timeout: 30_000 });
    expect(await action.textContent()).toMatch(/Resume mapping 24 papers/);
    expect(await s.page.locator('#progress').isHidden()).toBe(true);
    await action.click();
    await s.page.waitForFunction(() => Number(document.getElementById('map')?.dataset.points) === 24, null, { timeout: 120_000 });
  });

  it('adding papers to a mapped corpus places them on the existing map and embeds only them', async () => {
    await s.page.locator('#btn-input').click();
    await s.page.locator('#btn-demo').click();
    await s.page.getByTestId('preview-count').waitFor();
    await mapDemo();
    await s.page.locator('#btn-input').click();
    await s.page.locator('#input-text').fill(
      'Structured pruning of vision transformers\n\nWe prune attention heads and MLP channels of vision transformers with a learned importance score and recover accuracy with short fine-tuning.\n\n' +
        'Post-training quantization for diffusion models\n\nWe quantize the weights and activations of diffusion models to four bits after training, calibrating per timestep to keep image quality.\n',
    );
    await s.page.locator('#btn-read').click();
    await s.page.getByTestId('preview-count').filter({ hasText: '2' }).waitFor();
    const before = await mapVersion();
    await s.page.getByTestId('preview-add').click();
    await s.page.waitForFunction((v) => Number(document.body.dataset.mapVersion ?? 0) > v, before, { timeout: 120_000 });
    expect(Number(await s.page.locator('#map').getAttribute('data-points'))).toBe(70);
    expect(await s.page.locator('#run-info').getAttribute('data-embedded')).toBe('2');
    expect(await s.page.locator('#banner').textContent()).toMatch(/2 papers placed on the existing map/);
  });

  it('a saved session file opens in a fresh browser profile as the same map, with no model request', async () => {
    const [download] = await Promise.all([s.page.waitForEvent('download'), s.page.locator('#btn-save-session').click()]);
    const file = readFileSync(await download.path());
    const fresh = await openApp(browser, inject('baseUrl'));
    try {
      await fresh.page.getByTestId('preview-count').waitFor();
      await fresh.page.setInputFiles('#file-input', { name: 'paperscope-session.json', mimeType: 'application/json', buffer: file });
      await fresh.page.waitForFunction(() => Number(document.body.dataset.mapVersion ?? 0) > 0, null, { timeout: 30_000 });
      expect(Number(await fresh.page.locator('#map').getAttribute('data-points'))).toBe(70);
      // The sentence model (graph and weights) is never fetched; the vocabulary may be, since the
      // preview of the demo listing shown at start counts the abstracts longer than the model reads.
      const modelFiles = fresh.requests.filter((r) => r.includes('/models/use/') && !r.endsWith('/vocab.json'));
      expect(modelFiles).toEqual([]);
      expect(fresh.offending).toEqual([]);
    } finally {
      await fresh.context.close();
    }
  });

  it('the JSON written by `npm run map` opens as a map without embedding', async () => {
    const papers = ['Sparse attention kernels', 'Pruning vision transformers', 'Quantized diffusion'].map((title, i) => ({
      id: `p${i}`,
      title,
      abstract: `${title}: an abstract.`,
      authors: ['A. Author'],
      source: { file: 'in.jsonl', row: i + 1, format: 'jsonl' as const },
    }));
    const json = toJson(papers, {
      layout: {
        x: Float32Array.from([0, 1, 2]),
        y: Float32Array.from([0, 1, 0]),
        cluster: Int32Array.from([0, 0, 1]),
        dupOf: Int32Array.from([0, 1, 2]),
        clusters: [
          { id: 0, label: 'sparsity · pruning', terms: ['sparsity'], size: 2, members: [0, 1], cx: 0, cy: 0 },
          { id: 1, label: 'quantization', terms: ['quantization'], size: 1, members: [2], cx: 0, cy: 0 },
        ],
      },
      info: { backend: 'wasm', model: 'm', settings: DEFAULT_SETTINGS, timings: {}, nPapers: 3, nEmbedded: 3, nCached: 0, notices: [] },
    }, '0.1.0');
    const fresh = await openApp(browser, inject('baseUrl'));
    try {
      await fresh.page.getByTestId('preview-count').waitFor();
      await fresh.page.setInputFiles('#file-input', { name: 'result.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json, null, 1)) });
      await fresh.page.waitForFunction(() => Number(document.body.dataset.mapVersion ?? 0) > 0, null, { timeout: 30_000 });
      expect(Number(await fresh.page.locator('#map').getAttribute('data-points'))).toBe(3);
      expect(await fresh.page.locator('#clusters').textContent()).toContain('sparsity · pruning');
      // The sentence model (graph and weights) is never fetched; the vocabulary may be, since the
      // preview of the demo listing shown at start counts the abstracts longer than the model reads.
      const modelFiles = fresh.requests.filter((r) => r.includes('/models/use/') && !r.endsWith('/vocab.json'));
      expect(modelFiles).toEqual([]);
    } finally {
      await fresh.context.close();
    }
  });

  it('made only same-origin GET requests', () => {
    expect(s.offending).toEqual([]);
  });
});
