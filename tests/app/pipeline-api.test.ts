/**
 * The pipeline worker's API in process (issue 11, defects 1 and 2): a stale run
 * finishing last never becomes the corpus Re-map and Similar work on, and a
 * fresh worker answers Similar from the cache.
 */
import { describe, expect, it, vi } from 'vitest';
import { createPipelineApi } from '../../workers/pipeline-api.ts';
import { loadVocabulary } from '../../src/model/load-node.ts';
import { corpusKey } from '../../src/pipeline/corpus-key.ts';
import { DEFAULT_SETTINGS } from '../../src/types.ts';
import { paper, topicCorpus } from '../pipeline/fixtures.ts';
import { fakePool, memoryCache } from './fake-pool.ts';

const settings = { ...DEFAULT_SETTINGS };
const noop = () => {};

describe('pipeline-api: one run at a time', () => {
  it('a stale run that finishes last is superseded and does not replace the corpus of the newer run', async () => {
    const a = topicCorpus(6, 11).papers;
    const b = topicCorpus(5, 12).papers.map((p, i) => paper(900 + i, p.title, p.abstract));
    const aTexts = new Set(a.map((p) => p.title));
    // Run A's batches are slow, so A (started first) finishes after B.
    const pool = fakePool({ concurrency: 1, delay: (texts) => (texts.some((t) => aTexts.has(t.split('. ')[0])) ? 40 : 0) });
    const api = createPipelineApi({ createPool: () => pool, cache: memoryCache() });
    const order: string[] = [];
    const runA = api.map(a, settings, noop).then(
      () => order.push('A resolved'),
      (e: Error) => order.push(`A ${e.name}`),
    );
    const runB = api.map(b, settings, noop).then(() => order.push('B resolved'));
    await Promise.all([runA, runB]);
    expect(order.sort()).toEqual(['A AbortError', 'B resolved']);
    // Re-map and Similar work on B, the corpus on screen.
    const re = await api.relayout(settings, noop);
    expect(re.layout.x).toHaveLength(b.length);
    const hits = await api.similarTo(b[2].title + '. ' + b[2].abstract, 3, corpusKey(b));
    expect(hits[0].index).toBe(2);
  });

  it('a superseded run stops embedding at the next batch', async () => {
    const a = topicCorpus(20, 13).papers;
    const pool = fakePool({ concurrency: 1, delay: () => 5 });
    const api = createPipelineApi({ createPool: () => pool, cache: memoryCache() });
    let firstMap!: () => void;
    const shown = new Promise<void>((r) => (firstMap = r));
    const runA = api.map(a, settings, noop, undefined, () => firstMap()).catch((e: Error) => e.name);
    // Once A's keyword map is out and its embedding has begun, supersede it with a tiny corpus.
    await shown;
    // Until A's first batch is with the pool (a fixed 12 ms wait was sometimes too short on a busy machine).
    await vi.waitFor(() => expect(pool.calls.length).toBeGreaterThan(0), { timeout: 30_000, interval: 2 });
    const callsBefore = pool.calls.length;
    await api.map(a.slice(0, 4), settings, noop);
    expect(await runA).toBe('AbortError');
    const aBatches = pool.calls.filter((c) => c.length > 4 || c.some((t) => !a.slice(0, 4).some((p) => t.startsWith(p.title)))).length;
    // 80 texts are 5 batches of 16: A must not have embedded all of them.
    expect(aBatches).toBeLessThan(5);
    expect(callsBefore).toBeGreaterThan(0);
  });
});

describe('pipeline-api: Similar without a mapped corpus', () => {
  it('a fresh worker (after a crash or Cancel) answers from the cache when given the papers, and asks for them otherwise', async () => {
    const cache = memoryCache();
    const { papers } = topicCorpus(6, 14);
    await createPipelineApi({ createPool: () => fakePool(), cache }).map(papers, settings, noop);
    const fresh = createPipelineApi({ createPool: () => fakePool(), cache });
    await expect(fresh.similarTo('pruning', 3, corpusKey(papers))).rejects.toMatchObject({ name: 'NoCorpus' });
    const hits = await fresh.similarTo(papers[9].title + '. ' + papers[9].abstract, 3, corpusKey(papers), papers);
    expect(hits[0].index).toBe(9);
  });
});

describe('pipeline-api: one backend class per map (issue 11, defect 6)', () => {
  it('a pool not started yet takes the class the cache holds and is asked for a backend of it', async () => {
    const cache = memoryCache();
    const { papers } = topicCorpus(5, 15);
    // An earlier run on WebGL cached most of the corpus.
    await createPipelineApi({ createPool: () => fakePool({ backend: 'webgl' }), cache }).map(papers.slice(0, 16), settings, noop);
    const pool = fakePool();
    const r = await createPipelineApi({ createPool: () => pool, cache }).map(papers, settings, noop);
    // Asked by the cache sample before the first map, and again by the whole lookup.
    expect(pool.preferred.length).toBeGreaterThan(0);
    expect(pool.preferred.every((p) => JSON.stringify(p) === JSON.stringify(['webgpu', 'webgl']))).toBe(true);
    expect(r.info.nCached).toBe(16);
    // A WASM pool (another class) gets no WebGL vectors: it embeds everything.
    const wasm = fakePool({ backend: 'wasm' });
    await wasm.embedBatch(['start']); // the pool has chosen wasm
    const r2 = await createPipelineApi({ createPool: () => wasm, cache }).map(papers, settings, noop);
    expect(r2.info.nCached).toBe(0);
  });
});

describe('pipeline-api: what the model reads', () => {
  it('counts the texts longer than the 128 tokens the model reads, with its own tokenizer', async () => {
    const api = createPipelineApi({ createPool: () => fakePool(), cache: memoryCache(), loadVocabulary: async () => loadVocabulary() });
    const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i % 50}`).join(' ');
    // 40 words stay under 128 tokens; 300 go over.
    expect(await api.countLongTexts(['A short title. ' + words(10), words(300), 'Graph neural networks.', words(300)])).toBe(2);
    expect(await api.countLongTexts([])).toBe(0);
  });

  it('a map asked while the preview count runs stops the count, so the map does not wait behind it', async () => {
    const api = createPipelineApi({ createPool: () => fakePool(), cache: memoryCache(), loadVocabulary: async () => loadVocabulary() });
    const words = Array.from({ length: 300 }, (_, i) => `word${i % 50}`).join(' ');
    const count = api.countLongTexts(Array.from({ length: 2000 }, () => words));
    const outcome = count.then(
      (n) => `counted ${n}`,
      (e: Error) => e.name,
    );
    // Let the count start (vocabulary loaded, first chunk done), then ask for a map.
    await new Promise((r) => setTimeout(r, 50));
    const map = api.map(topicCorpus(4, 3).papers, settings, noop);
    expect(await outcome).toBe('CountSuperseded');
    await map;
    // A count asked afterwards runs to the end.
    expect(await api.countLongTexts([words, 'Short.'])).toBe(1);
  });
});
