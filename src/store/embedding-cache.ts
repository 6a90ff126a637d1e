/**
 * Embedding cache in IndexedDB, keyed by (model id, SHA-256 of the embedded
 * text). Values are raw Float32 buffers (2 KiB per paper), not JSON. When
 * IndexedDB is missing, full or broken the cache says so once and keeps
 * working in memory: a run never fails because of storage.
 */
import type { IDBPDatabase } from 'idb';
import { EMBEDDINGS as STORE, openPaperscopeDb } from './db.ts';
import { sha256Hex } from '../util/hash.ts';

export interface EmbeddingCache {
  get(texts: string[]): Promise<(Float32Array | undefined)[]>;
  put(texts: string[], vectors: Float32Array): Promise<void>;
  /** 'indexeddb' while storage works; 'memory' after it failed (the reason is in `problem`). */
  mode(): 'indexeddb' | 'memory';
  problem(): string | null;
}


export function createEmbeddingCache(modelId: string, dim: number, useIndexedDB = typeof indexedDB !== 'undefined'): EmbeddingCache {
  const memory = new Map<string, Float32Array>();
  let problem: string | null = null;
  let db: Promise<IDBPDatabase | null> | null = null;

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

  const keys = (texts: string[]) => Promise.all(texts.map(async (t) => `${modelId}:${await sha256Hex(t)}`));

  return {
    mode: () => (problem ? 'memory' : 'indexeddb'),
    problem: () => problem,
    async get(texts) {
      const ks = await keys(texts);
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
      } catch (e) {
        fail(e);
      }
      return out;
    },
    async put(texts, vectors) {
      const ks = await keys(texts);
      ks.forEach((k, i) => memory.set(k, vectors.slice(i * dim, (i + 1) * dim)));
      const d = await open();
      if (!d || problem) return;
      try {
        const tx = d.transaction(STORE, 'readwrite');
        // A quota error surfaces as a transaction abort, so await tx.done, not only the puts.
        await Promise.all([...ks.map((k, i) => tx.store.put(vectors.slice(i * dim, (i + 1) * dim).buffer, k)), tx.done]);
        // Once persisted, the memory copy is not needed twice.
        for (const k of ks) memory.delete(k);
      } catch (e) {
        fail(e);
      }
    },
  };
}
