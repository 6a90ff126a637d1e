/**
 * The pipeline worker's API: plain async functions over the pure pipeline
 * stages. The worker entry only registers them; the main thread never imports
 * this file (it talks through workers/protocol.ts). Embedding is farmed out to
 * a pool of embedding workers; this worker holds the vectors for re-layouts.
 */
import { EMBED_DIM, MODEL_ID } from '../src/model/model-info.ts';
import { createEmbeddingCache } from '../src/store/embedding-cache.ts';
import { embedStage, layoutStage, similar, type Computed } from '../src/pipeline/run.ts';
import type { Layout, MapResult, MapSettings, Paper, Progress } from '../src/types.ts';
import { extendLayout, placeNew } from '../src/pipeline/place.ts';
import { mapSpace } from '../src/pipeline/similarity.ts';
import { createEmbedPool, poolSize, type EmbedPool } from './embed-pool.ts';
import type { RuntimeOptions, SimilarHit } from './protocol.ts';
import { pushAll } from '../src/util/array.ts';

let pool: EmbedPool | null = null;
/** The pool is made on the first map, with that request's runtime options (a cancel replaces this worker). */
const getPool = (runtime: RuntimeOptions = {}) =>
  (pool ??= createEmbedPool(runtime.workers ?? poolSize(), runtime.backend ? [runtime.backend] : undefined));
const cache = createEmbeddingCache(MODEL_ID, EMBED_DIM);
let current: { papers: Paper[]; computed: Computed } | null = null;

export async function map(papers: Paper[], settings: MapSettings, onProgress: (p: Progress) => void, runtime?: RuntimeOptions): Promise<MapResult> {
  const pool = getPool(runtime);
  const t0 = performance.now();
  onProgress({ stage: 'embed', fraction: 0, message: 'Checking the embedding cache' });
  const computed = await embedStage(papers, pool, { settings, onProgress, cache });
  const t1 = performance.now();
  current = { papers, computed };
  const result = await layoutStage(papers, computed, { settings, onProgress, backend: pool.backend() ?? undefined });
  result.info.timings = { embed: Math.round(t1 - t0), ...result.info.timings };
  pushAll(result.info.notices, pool.takeNotices());
  const storage = cache.problem();
  if (storage) {
    result.info.notices.push(storage);
    result.info.storage = storage;
  }
  return result;
}

/** Embeds only what is new (the rest comes from the cache) and places the new papers on the given map. */
export async function add(
  papers: Paper[],
  nOld: number,
  old: Layout,
  settings: MapSettings,
  onProgress: (p: Progress) => void,
  runtime?: RuntimeOptions,
): Promise<MapResult> {
  const pool = getPool(runtime);
  const t0 = performance.now();
  const computed = await embedStage(papers, pool, { settings, onProgress, cache });
  const t1 = performance.now();
  current = { papers, computed };
  onProgress({ stage: 'project', fraction: 0.5, message: 'Placing the new papers' });
  const placement = placeNew(computed.prepared, computed.vectors, old, nOld, undefined, mapSpace(computed, settings));
  const layout = extendLayout(old, placement, computed.prepared.rep, nOld);
  const placed = papers.length - nOld;
  const notices = [
    `${placed} paper${placed === 1 ? '' : 's'} placed on the existing map beside their nearest neighbours; the other papers did not move. Re-map to lay out and cluster everything afresh.`,
    ...pool.takeNotices(),
  ];
  const storage = cache.problem() ?? undefined;
  if (storage) notices.push(storage);
  return {
    layout,
    info: {
      backend: pool.backend() ?? 'cpu',
      model: MODEL_ID,
      settings,
      timings: { embed: Math.round(t1 - t0), place: Math.round(performance.now() - t1) },
      nPapers: papers.length,
      nEmbedded: computed.nEmbedded,
      nCached: computed.nCached,
      notices,
      storage,
    },
  };
}

export async function relayout(settings: MapSettings, onProgress: (p: Progress) => void): Promise<MapResult> {
  if (!current) {
    // A fresh worker (after Cancel or a crash) has no vectors; the caller falls back to a full map.
    const err = new Error('The worker holds no mapped corpus.');
    err.name = 'NoCorpus';
    throw err;
  }
  return layoutStage(current.papers, current.computed, { settings, onProgress, backend: pool?.backend() ?? undefined });
}

export async function similarTo(query: string, k: number): Promise<SimilarHit[]> {
  if (!current) throw new Error('Map some papers before searching by similarity.');
  const q = await getPool().embedBatch([query]);
  return similar(q, current.computed, k, query);
}
