import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { backendClass, clearEmbeddingCache, createEmbeddingCache, embeddingCacheBytes } from '../../src/store/embedding-cache.ts';

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

describe('embedding cache: backend classes and the size cap (issue 11, defect 6)', () => {
  it('keys by backend class: WebGL vectors are not served to a WASM run', async () => {
    const cache = createEmbeddingCache('model-f', DIM);
    await cache.put(['t'], vec(1, 0, 0, 0), 'gpu');
    expect((await cache.get(['t'], 'f32'))[0]).toBeUndefined();
    expect(Array.from((await cache.get(['t'], 'gpu'))[0]!)).toEqual([1, 0, 0, 0]);
    expect(backendClass('wasm')).toBe(backendClass('cpu'));
    expect(backendClass('webgl')).not.toBe(backendClass('wasm'));
  });

  it('evicts the least recently used vectors beyond the cap, and reports its size', async () => {
    await clearEmbeddingCache();
    const cache = createEmbeddingCache('model-g', DIM, true, 3 * DIM * 4);
    await cache.put(['a'], vec(1, 0, 0, 0));
    await new Promise((r) => setTimeout(r, 5));
    await cache.put(['b'], vec(0, 1, 0, 0));
    await new Promise((r) => setTimeout(r, 5));
    await cache.put(['c'], vec(0, 0, 1, 0));
    await new Promise((r) => setTimeout(r, 5));
    await cache.get(['a']); // a is used again: b is now the least recent
    await new Promise((r) => setTimeout(r, 20));
    await cache.put(['d'], vec(0, 0, 0, 1));
    const fresh = createEmbeddingCache('model-g', DIM, true, 3 * DIM * 4);
    const got = await fresh.get(['a', 'b', 'c', 'd']);
    expect(got.map((v) => !!v)).toEqual([true, false, true, true]);
    expect(await embeddingCacheBytes(DIM)).toBe(3 * DIM * 4);
    await clearEmbeddingCache();
    expect(await embeddingCacheBytes(DIM)).toBe(0);
  });
});
