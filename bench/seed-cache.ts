/**
 * Fills a page's embedding cache (IndexedDB, the app's own store) with random unit vectors for
 * 99% of a corpus (its texts and titles): every 100th text is left to the model, so a run is still progressive (a keyword
 * first map, then the refinement) but needs the model for 1% of the papers only. For benchmarks
 * of the page while a big map refines and lands (50,000 papers would embed for an hour on this
 * machine); the clusters of such a run mean nothing. The page must have opened the app once (the
 * database exists). Returns the number of vectors written.
 */
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { ingestText } from '../src/ingest/index.ts';
import { prepare } from '../src/pipeline/prepare.ts';
import { embedItems } from '../src/pipeline/run.ts';
import { EMBED_DIM } from '../src/pipeline/embed.ts';
import { MODEL_ID } from '../src/model/model-info.ts';
import { EMBEDDINGS, EMBEDDING_LRU } from '../src/store/db.ts';

export async function seedEmbeddingCache(page: Page, lines: string, fileName: string): Promise<number> {
  // The keys the app looks vectors up by: SHA-256 of each text it embeds (prepare(), as the
  // pipeline worker makes them), in the 'f32' class the WASM and CPU backends share.
  const ingested = ingestText(lines, fileName);
  if (!('papers' in ingested)) throw new Error('the corpus did not parse');
  // Every text the run embeds: the papers' texts and, from 1,000 papers, their titles (run.ts, titleVectorWeight).
  const keys = embedItems(prepare(ingested.papers)).items
    .filter((_, i) => i % 100 !== 0)
    .map((t) => `${MODEL_ID}:f32:${createHash('sha256').update(t, 'utf8').digest('hex')}`);
  for (let at = 0; at < keys.length; at += 2000) {
    await page.evaluate(async ({ ks, dim, store, lru }) => {
      const db = await new Promise<IDBDatabase>((res, rej) => {
        const r = indexedDB.open('paperscope');
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      const tx = db.transaction([store, lru], 'readwrite');
      for (const k of ks) {
        const v = new Float32Array(dim);
        let norm = 0;
        for (let j = 0; j < dim; j++) norm += (v[j] = Math.random() - 0.5) ** 2;
        for (let j = 0; j < dim; j++) v[j] /= Math.sqrt(norm);
        tx.objectStore(store).put(v.buffer, k);
        tx.objectStore(lru).put({ at: Date.now() }, k);
      }
      await new Promise<void>((res, rej) => {
        tx.oncomplete = () => res();
        tx.onerror = () => rej(tx.error);
      });
      db.close();
    }, { ks: keys.slice(at, at + 2000), dim: EMBED_DIM, store: EMBEDDINGS, lru: EMBEDDING_LRU });
  }
  return keys.length;
}
