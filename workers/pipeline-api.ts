/**
 * The pipeline worker's API: plain async functions over the pure pipeline
 * stages. The worker entry only registers them; the main thread never imports
 * this file (it talks through workers/protocol.ts). Embedding is farmed out to
 * a pool of embedding workers; this worker holds the vectors for re-layouts.
 *
 * One run at a time: a run request supersedes any run still in flight (its
 * embedding stops at the next batch and it ends with an AbortError), and only
 * the latest run may set the corpus that Re-map and Similar work on.
 */
import { EMBED_DIM, MODEL_ID } from '../src/model/model-info.ts';
import { backendClass, createEmbeddingCache, type EmbeddingCache } from '../src/store/embedding-cache.ts';
import { embedStage, layoutStage, similar, type Computed } from '../src/pipeline/run.ts';
import { runProgressive } from '../src/pipeline/progressive.ts';
import { corpusKey } from '../src/pipeline/corpus-key.ts';
import { tokenCounter } from '../src/pipeline/token-count.ts';
import type { Vocabulary } from '../src/pipeline/embed.ts';
import type { Layout, MapResult, MapSettings, Paper, Progress } from '../src/types.ts';
import { extendLayout, placeNew } from '../src/pipeline/place.ts';
import { mapSpace } from '../src/pipeline/similarity.ts';
import { pushAll } from '../src/util/array.ts';
import { createEmbedPool, poolSize, type EmbedPool } from './embed-pool.ts';
import type { RuntimeOptions, SimilarHit } from './protocol.ts';

/** Texts the preview count tokenises between yields (the model's tokenizer takes a few ms a text). */
const COUNT_CHUNK = 25;

export interface PipelineApiDeps {
  /** The model's vocabulary (default: fetched from the app's own origin). */
  loadVocabulary?: () => Promise<Vocabulary>;
  /** Makes the embedding pool (default: real embedding workers). */
  createPool?: (runtime: RuntimeOptions) => EmbedPool;
  cache?: EmbeddingCache;
}

export function createPipelineApi(deps: PipelineApiDeps = {}) {
  let pool: EmbedPool | null = null;
  /** The pool is made on the first use, with that request's runtime options (a cancel replaces this worker). */
  const getPool = (runtime: RuntimeOptions = {}) =>
    (pool ??= (deps.createPool ?? defaultPool)(runtime));
  const cache = deps.cache ?? createEmbeddingCache(MODEL_ID, EMBED_DIM);
  /** The corpus on screen: its papers, and its vectors once they are in. */
  let current: { papers: Paper[]; key: string; computed: Computed | null } | null = null;
  /** The run that may set `current`; an older run still in flight is superseded. */
  let latest: AbortController | null = null;

  const begin = () => {
    latest?.abort();
    const ctl = new AbortController();
    latest = ctl;
    return ctl;
  };
  const isLatest = (ctl: AbortController) => latest === ctl && !ctl.signal.aborted;
  const superseded = () => new DOMException('Superseded by a newer run', 'AbortError');

  /**
   * The cache as one run sees it: vectors of one backend class only, so WebGL and WASM
   * vectors never mix in a map. A pool that has chosen its backend reads and writes that
   * class; a pool not started yet reads the class the cache holds most of, and is asked
   * to use a backend of that class for the rest.
   */
  const runCache = (pool: EmbedPool) => ({
    async get(texts: string[]) {
      const chosen = pool.backend();
      if (chosen) return cache.get(texts, backendClass(chosen));
      const [f32, gpu] = await Promise.all([cache.get(texts, 'f32'), cache.get(texts, 'gpu')]);
      const count = (l: (Float32Array | undefined)[]) => l.reduce((n, v) => n + (v ? 1 : 0), 0);
      const nGpu = count(gpu);
      const nF32 = count(f32);
      if (nGpu > nF32) {
        pool.prefer(['webgpu', 'webgl']);
        return gpu;
      }
      if (nF32 > 0) pool.prefer(['wasm', 'cpu']);
      return f32;
    },
    put: (texts: string[], vectors: Float32Array) => cache.put(texts, vectors, backendClass(pool.backend() ?? 'wasm')),
  });

  const withStorage = (result: MapResult): MapResult => {
    const storage = cache.problem();
    if (storage && !result.info.notices.includes(storage)) {
      result.info.notices.push(storage);
      result.info.storage = storage;
    }
    return result;
  };

  let counter: Promise<ReturnType<typeof tokenCounter>> | null = null;
  /** Bumped by every run: a preview count still going gives way to it (the count is informative only). */
  let countTurn = 0;

  return {
    /**
     * How many of these texts are longer than the model reads (for the preview). Counted
     * COUNT_CHUNK texts at a time, yielding between chunks; a map, re-map or add asked
     * meanwhile stops it (rejects with CountSuperseded), so the map never waits behind it.
     */
    async countLongTexts(texts: string[]): Promise<number> {
      const turn = ++countTurn;
      counter ??= (deps.loadVocabulary ?? fetchVocabulary)().then(tokenCounter);
      counter.catch(() => (counter = null));
      const c = await counter;
      let n = 0;
      for (let i = 0; i < texts.length; i += COUNT_CHUNK) {
        if (turn !== countTurn) throw Object.assign(new Error('A run started; the count was dropped.'), { name: 'CountSuperseded' });
        n += c.countLonger(texts.slice(i, i + COUNT_CHUNK));
        if (i + COUNT_CHUNK < texts.length) await new Promise((r) => setTimeout(r, 0));
      }
      return n;
    },

    /**
     * Maps the corpus; `onFirstMap` gets the keyword map while the sentence model still runs
     * (a progressive run), and the promise the refined one. `refine: false` stops at the keyword map.
     */
    async map(
      papers: Paper[],
      settings: MapSettings,
      onProgress: (p: Progress) => void,
      runtime?: RuntimeOptions,
      onFirstMap?: (r: MapResult) => void,
      refine = true,
    ): Promise<MapResult> {
      countTurn++;
      const ctl = begin();
      const pool = getPool(runtime);
      const result = await runProgressive(papers, pool, {
        settings,
        signal: ctl.signal,
        onProgress: (p) => {
          if (isLatest(ctl)) onProgress(p);
        },
        cache: runCache(pool),
        backend: pool.backend() ?? undefined,
        refine,
        onFirstMap: (first) => {
          if (!isLatest(ctl)) return;
          current = { papers, key: corpusKey(papers), computed: null };
          onFirstMap?.(withStorage(first));
        },
        onComputed: (computed) => {
          if (isLatest(ctl)) current = { papers, key: corpusKey(papers), computed };
        },
      });
      if (!isLatest(ctl)) throw superseded();
      if (current?.papers !== papers) current = { papers, key: corpusKey(papers), computed: null };
      result.info.backend = pool.backend() ?? result.info.backend;
      pushAll(result.info.notices, pool.takeNotices());
      return withStorage(result);
    },

    /** Embeds only what is new (the rest comes from the cache) and places the new papers on the given map. */
    async add(
      papers: Paper[],
      nOld: number,
      old: Layout,
      settings: MapSettings,
      onProgress: (p: Progress) => void,
      runtime?: RuntimeOptions,
    ): Promise<MapResult> {
      countTurn++;
      const ctl = begin();
      const pool = getPool(runtime);
      const t0 = performance.now();
      const computed = await embedStage(papers, pool, { settings, onProgress, cache: runCache(pool), signal: ctl.signal });
      if (!isLatest(ctl)) throw superseded();
      const t1 = performance.now();
      current = { papers, key: corpusKey(papers), computed };
      onProgress({ stage: 'project', fraction: 0.5, message: 'Placing the new papers' });
      const placement = placeNew(computed.prepared, computed.vectors, old, nOld, undefined, mapSpace(computed, settings));
      const layout = extendLayout(old, placement, computed.prepared.rep, nOld);
      const placed = papers.length - nOld;
      const notices = [
        `${placed} paper${placed === 1 ? '' : 's'} placed on the existing map beside their nearest neighbours; the other papers did not move. Re-map to lay out and cluster everything afresh.`,
        ...pool.takeNotices(),
      ];
      return withStorage({
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
        },
      });
    },

    async relayout(settings: MapSettings, onProgress: (p: Progress) => void): Promise<MapResult> {
      countTurn++;
      const corpus = current;
      // A fresh worker (after Cancel or a crash), or a keyword map not refined yet, has no vectors;
      // the caller falls back to a full map (the cache makes it quick).
      if (!corpus?.computed) {
        const err = new Error('The worker holds no mapped corpus.');
        err.name = 'NoCorpus';
        throw err;
      }
      const ctl = begin();
      const result = await layoutStage(corpus.papers, corpus.computed, { settings, onProgress, signal: ctl.signal, backend: pool?.backend() ?? undefined });
      if (!isLatest(ctl)) throw superseded();
      return result;
    },

    /**
     * Papers nearest to the query. Works on the corpus this worker mapped or, when it has none
     * (after a Cancel, a reload, a session opened or a crash), on `papers` with the vectors the
     * cache holds: papers not embedded yet are left out. `key` (corpusKey) names the corpus on
     * screen; without `papers`, another corpus here is a NoCorpus error (the client resends with them).
     */
    async similarTo(query: string, k: number, key: string, papers?: Paper[]): Promise<SimilarHit[]> {
      let computed = current?.key === key ? current.computed : null;
      if (!computed) {
        if (!papers?.length) {
          const err = new Error('The worker holds no mapped corpus.');
          err.name = 'NoCorpus';
          throw err;
        }
        const pool = getPool();
        computed = await embedStage(papers, pool, { settings: { semanticWeight: 0, resolution: 1, nNeighbors: 15, seed: 0 }, cache: runCache(pool), cacheOnly: true });
        if (!computed.prepared.texts.length) {
          throw new Error('Similar needs the sentence model’s vectors, and none of these papers is embedded yet. Let the semantic refinement finish (or turn it on) and try again.');
        }
      }
      const q = await getPool().embedBatch([query]);
      return similar(q, computed, k, query);
    },
  };
}

async function fetchVocabulary(): Promise<Vocabulary> {
  const url = new URL(`${import.meta.env.BASE_URL}models/use/vocab.json`, self.location.href);
  const r = await fetch(url);
  if (!r.ok) throw new Error(`vocab.json: HTTP ${r.status}`);
  return (await r.json()) as Vocabulary;
}

function defaultPool(runtime: RuntimeOptions): EmbedPool {
  return createEmbedPool(runtime.workers ?? poolSize(), runtime.backend ? [runtime.backend] : undefined);
}
