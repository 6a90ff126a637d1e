/**
 * Embedding cache in IndexedDB, keyed by (model id, backend class, SHA-256 of the
 * embedded text). Values are raw Float32 buffers (2 KiB per paper), not JSON.
 *
 * Backend class: WASM and CPU compute the same float32 graph (equal within 1e-5,
 * tests/pipeline/token-limit.test.ts), so they share the class 'f32'; WebGL (which
 * may compute in float16 on some GPUs) is its own class 'gpu'. A map takes its
 * vectors from one class only (workers/pipeline-api.ts).
 *
 * Capped by size, least recently used first out: each key's last use is kept in a
 * small side store with an index on the time, so eviction reads only the oldest keys.
 * When IndexedDB is missing, full or broken the cache says so once and keeps
 * working in memory: a run never fails because of storage.
 */
import type { IDBPDatabase } from 'idb';
import { EMBEDDINGS as STORE, EMBEDDING_LRU as LRU, openPaperscopeDb } from './db.ts';
import { sha256Hex } from '../util/hash.ts';
import type { Backend } from '../types.ts';

/** Vectors from backends in one class are interchangeable in a map. */
export type BackendClass = 'f32' | 'gpu';
export const backendClass = (b: Backend): BackendClass => (b === 'webgl' || b === 'webgpu' ? 'gpu' : 'f32');

/** Default cap: 200 MB of vectors, about 100,000 papers. */
export const CACHE_CAP_BYTES = 200 * 1024 * 1024;

export interface EmbeddingCache {
  get(texts: string[], cls?: BackendClass): Promise<(Float32Array | undefined)[]>;
  put(texts: string[], vectors: Float32Array, cls?: BackendClass): Promise<void>;
  /** 'indexeddb' while storage works; 'memory' after it failed (the reason is in `problem`). */
  mode(): 'indexeddb' | 'memory';
  problem(): string | null;
}

export function createEmbeddingCache(
  modelId: string,
  dim: number,
  useIndexedDB = typeof indexedDB !== 'undefined',
  capBytes = CACHE_CAP_BYTES,
): EmbeddingCache {
  const memory = new Map<string, Float32Array>();
  let problem: string | null = null;
  let db: Promise<IDBPDatabase | null> | null = null;
  const maxEntries = Math.max(1, Math.floor(capBytes / (dim * 4)));

  const fail = (e: unknown) => {
    const err = e as DOMException;
    problem ??=
      err?.name === 'QuotaExceededError'
        ? 'Browser storage is full: embeddings are kept in memory only for this session.'
        : `Browser storage is unavailable (${err?.name ?? 'error'}): embeddings are kept in memory only for this session.`;
  };

  const open = (): Promise<IDBPDatabase | null> => {
    db ??= (async () => {
      if (!useIndexedDB) {
        problem = 'This browser has no IndexedDB: embeddings are kept in memory only for this session.';
        return null;
      }
      try {
        return await openPaperscopeDb();
      } catch (e) {
        fail(e);
        return null;
      }
    })();
    return db;
  };

  // The hashes of the last list asked for: a lookup asks for the same list in both backend classes.
  let hashed: { texts: string[]; n: number; hashes: Promise<string[]> } | null = null;
  const hashesOf = (texts: string[]) => {
    if (hashed?.texts !== texts || hashed.n !== texts.length) hashed = { texts, n: texts.length, hashes: Promise.all(texts.map((t) => sha256Hex(t))) };
    return hashed.hashes;
  };
  const keys = async (texts: string[], cls: BackendClass) => (await hashesOf(texts)).map((h) => `${modelId}:${cls}:${h}`);

  /** Marks keys as used now (one write transaction, not awaited by readers). */
  const touch = async (d: IDBPDatabase, ks: string[]) => {
    if (!ks.length) return;
    const at = Date.now();
    const tx = d.transaction(LRU, 'readwrite');
    await Promise.all([...ks.map((k) => tx.store.put({ at }, k)), tx.done]);
  };

  /** Drops the least recently used vectors beyond the cap. */
  const evict = async (d: IDBPDatabase) => {
    const n = await d.count(STORE);
    if (n <= maxEntries) return;
    let excess = n - maxEntries;
    const tx = d.transaction([STORE, LRU], 'readwrite');
    let cursor = await tx.objectStore(LRU).index('at').openCursor();
    while (cursor && excess > 0) {
      await tx.objectStore(STORE).delete(cursor.primaryKey as string);
      await cursor.delete();
      excess--;
      cursor = await cursor.continue();
    }
    await tx.done;
  };

  return {
    mode: () => (problem ? 'memory' : 'indexeddb'),
    problem: () => problem,
    async get(texts, cls = 'f32') {
      const ks = await keys(texts, cls);
      const out: (Float32Array | undefined)[] = ks.map((k) => memory.get(k));
      const d = await open();
      if (!d || problem) return out;
      try {
        const tx = d.transaction(STORE, 'readonly');
        const found = await Promise.all(ks.map((k, i) => (out[i] ? undefined : tx.store.get(k))));
        found.forEach((buf, i) => {
          if (buf instanceof ArrayBuffer && buf.byteLength === dim * 4) out[i] = new Float32Array(buf);
        });
        await tx.done;
        void touch(d, ks.filter((_, i) => found[i] !== undefined)).catch(() => {});
      } catch (e) {
        fail(e);
      }
      return out;
    },
    async put(texts, vectors, cls = 'f32') {
      const ks = await keys(texts, cls);
      ks.forEach((k, i) => memory.set(k, vectors.slice(i * dim, (i + 1) * dim)));
      const d = await open();
      if (!d || problem) return;
      try {
        const at = Date.now();
        const tx = d.transaction([STORE, LRU], 'readwrite');
        const store = tx.objectStore(STORE);
        const lru = tx.objectStore(LRU);
        // A quota error surfaces as a transaction abort, so await tx.done, not only the puts.
        await Promise.all([
          ...ks.map((k, i) => store.put(vectors.slice(i * dim, (i + 1) * dim).buffer, k)),
          ...ks.map((k) => lru.put({ at }, k)),
          tx.done,
        ]);
        // Once persisted, the memory copy is not needed twice.
        for (const k of ks) memory.delete(k);
        await evict(d);
      } catch (e) {
        fail(e);
      }
    },
  };
}

/** Bytes of vectors the browser holds (for the "cache: 12 MB · Clear" line); null without IndexedDB. */
export async function embeddingCacheBytes(dim: number): Promise<number | null> {
  if (typeof indexedDB === 'undefined') return null;
  try {
    const d = await openPaperscopeDb();
    return (await d.count(STORE)) * dim * 4;
  } catch {
    return null;
  }
}

/** Empties the embedding cache (the saved session is kept). */
export async function clearEmbeddingCache(): Promise<void> {
  const d = await openPaperscopeDb();
  const tx = d.transaction([STORE, LRU], 'readwrite');
  await Promise.all([tx.objectStore(STORE).clear(), tx.objectStore(LRU).clear(), tx.done]);
}
