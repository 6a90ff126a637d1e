import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { createEmbeddingCache } from '../../src/store/embedding-cache.ts';

const DIM = 4;
const vec = (...v: number[]) => Float32Array.from(v);

describe('embedding cache', () => {
  it('returns stored vectors by text and misses unknown texts', async () => {
    const cache = createEmbeddingCache('model-a', DIM);
    await cache.put(['alpha', 'beta'], vec(1, 0, 0, 0, 0, 1, 0, 0));
    const got = await cache.get(['beta', 'gamma', 'alpha']);
    expect(Array.from(got[0]!)).toEqual([0, 1, 0, 0]);
    expect(got[1]).toBeUndefined();
    expect(Array.from(got[2]!)).toEqual([1, 0, 0, 0]);
    expect(cache.mode()).toBe('indexeddb');
  });

  it('persists across cache instances (a reload) and keys by model id', async () => {
    await createEmbeddingCache('model-b', DIM).put(['persisted'], vec(0, 0, 1, 0));
    const again = await createEmbeddingCache('model-b', DIM).get(['persisted']);
    expect(Array.from(again[0]!)).toEqual([0, 0, 1, 0]);
    const otherModel = await createEmbeddingCache('model-c', DIM).get(['persisted']);
    expect(otherModel[0]).toBeUndefined();
  });

  it('R8: without IndexedDB it reports memory-only and still caches in memory', async () => {
    const cache = createEmbeddingCache('model-d', DIM, false);
    await cache.put(['x'], vec(1, 1, 0, 0));
    expect(cache.mode()).toBe('memory');
    expect(cache.problem()).toMatch(/memory only/);
    expect(Array.from((await cache.get(['x']))[0]!)).toEqual([1, 1, 0, 0]);
  });

  it('R7: a quota error on write is caught, reported, and the vectors stay available in memory', async () => {
    const cache = createEmbeddingCache('model-e', DIM);
    await cache.get(['warm-up']); // opens the database
    const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    try {
      await cache.put(['big'], vec(0, 0, 0, 1));
    } finally {
      spy.mockRestore();
    }
    expect(cache.mode()).toBe('memory');
    expect(cache.problem()).toMatch(/storage is full/);
    expect(Array.from((await cache.get(['big']))[0]!)).toEqual([0, 0, 0, 1]);
  });
});
