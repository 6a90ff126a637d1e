/**
 * The embedding lanes (issue 11, defect 3; issue 10, per-batch cache): one stop
 * flag for all lanes, and every finished batch cached at once so a reload
 * mid-run resumes from what was done.
 */
import { describe, expect, it } from 'vitest';
import { embedAll, EMBED_DIM, type Encoder } from '../../src/pipeline/embed.ts';
import { embedStage } from '../../src/pipeline/run.ts';
import { DEFAULT_SETTINGS } from '../../src/types.ts';
import { fakeEncoder } from './fake-encoder.ts';
import { topicCorpus } from './fixtures.ts';

/** A pool-like encoder with `concurrency` lanes whose `failAt`-th batch (0-based) rejects. */
function failingPool(concurrency: number, failAt: number): Encoder & { started: number } {
  const enc = fakeEncoder();
  let n = 0;
  const self = {
    started: 0,
    concurrency,
    async embedBatch(texts: string[]) {
      const k = n++;
      self.started++;
      await new Promise((r) => setTimeout(r, k === failAt ? 1 : 3));
      if (k === failAt) throw new Error('embedding worker crashed');
      return enc.embedBatch(texts);
    },
    encode: enc.encode,
    dispose() {},
  };
  return self;
}

function memoryStore() {
  const m = new Map<string, Float32Array>();
  return {
    m,
    async get(texts: string[]) {
      return texts.map((t) => m.get(t));
    },
    async put(texts: string[], v: Float32Array) {
      texts.forEach((t, i) => m.set(t, v.slice(i * EMBED_DIM, (i + 1) * EMBED_DIM)));
    },
  };
}

describe('embedAll lanes', () => {
  it('a failed batch stops every lane: no lane starts another batch after it', async () => {
    const texts = Array.from({ length: 40 * 16 }, (_, i) => `text ${i} about pruning`);
    const pool = failingPool(3, 1);
    await expect(embedAll(texts, pool)).rejects.toThrow(/crashed/);
    // Batches 0, 1 (fails) and 2 were in flight; at most one more may have been taken before the
    // failure landed. Without a shared stop flag the two healthy lanes embed all 40 batches.
    expect(pool.started).toBeLessThanOrEqual(4);
    // The pool is free for a Retry right away: nothing is still queued behind the failure.
    const before = pool.started;
    await new Promise((r) => setTimeout(r, 30));
    expect(pool.started).toBe(before);
  });

  it('the signal stops every lane', async () => {
    const texts = Array.from({ length: 20 * 16 }, (_, i) => `text ${i}`);
    const pool = failingPool(2, -1);
    const ctl = new AbortController();
    const run = embedAll(texts, pool, { signal: ctl.signal, onProgress: (done) => done >= 32 && ctl.abort() });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(pool.started).toBeLessThan(8);
  });
});

describe('embedStage writes the cache per batch', () => {
  it('after a failure mid-run the finished batches are cached, and the re-run embeds only the rest', async () => {
    const { papers } = topicCorpus(20); // 80 texts: 5 batches of 16
    const cache = memoryStore();
    const pool = failingPool(1, 3);
    await expect(embedStage(papers, pool, { settings: DEFAULT_SETTINGS, cache })).rejects.toThrow(/crashed/);
    expect(cache.m.size).toBe(48);
    const enc = fakeEncoder();
    const again = await embedStage(papers, enc, { settings: DEFAULT_SETTINGS, cache });
    expect(again.nCached).toBe(48);
    expect(enc.calls.flat()).toHaveLength(32);
    expect(cache.m.size).toBe(80);
  });
});
