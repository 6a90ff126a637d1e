/**
 * The pipeline orchestrator used by the worker and the CLI:
 * prepare → embed (with an optional cache) → represent → kNN → UMAP → cluster → label → rank.
 * Reports progress at every batch and stage boundary and stops with an
 * AbortError when the signal fires.
 */
import type { Backend, MapResult, MapSettings, Paper, Progress } from '../types.ts';
import { report, throwIfAborted } from './progress.ts';
import { embedAll, checkRow, EMBED_DIM, type Encoder } from './embed.ts';
import { prepare, type Prepared } from './prepare.ts';
import { layoutStage } from './layout.ts';
import type { Lexical } from './represent.ts';
import { mapSpace, rankBySimilarity, representQuery, type MapSpace } from './similarity.ts';
import { DEFAULT_SETTINGS } from '../types.ts';

export interface RunOptions {
  settings: MapSettings;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
  backend?: Backend;
  /** Overrides of the size-based layout settings (benchmarks compare them). */
  layoutParams?: Partial<import('./layout.ts').LayoutParams>;
  /** Optional embedding cache hooks: look up vectors by text, store new ones. */
  cache?: {
    get(texts: string[]): Promise<(Float32Array | undefined)[]>;
    put(texts: string[], vectors: Float32Array): Promise<void>;
  };
}

export interface Computed {
  prepared: Prepared;
  /** prepared.texts.length × 512 USE vectors (unit length), row-major. */
  vectors: Float32Array;
  nEmbedded: number;
  nCached: number;
  /** Lexical view memo (depends on the texts and seed only), filled by the layout stage and reused by relayouts. */
  lexical?: Lexical;
  lexicalSeed?: number;
  /** The map's space (similarity.ts), memoised by the layout stage with its settings. */
  space?: MapSpace;
}

export { layoutStage, throwIfAborted };

export interface CacheLookup {
  /** texts × 512, cached rows filled. */
  vectors: Float32Array;
  /** Text indices still to embed. */
  todo: number[];
  nCached: number;
}

/** What the cache already holds for these texts. */
export async function lookupCache(texts: string[], cache: RunOptions['cache']): Promise<CacheLookup> {
  const vectors = new Float32Array(texts.length * EMBED_DIM);
  const cached = cache ? await cache.get(texts) : [];
  const todo: number[] = [];
  let nCached = 0;
  for (let i = 0; i < texts.length; i++) {
    const v = cached[i];
    if (v && v.length === EMBED_DIM) {
      vectors.set(v, i * EMBED_DIM);
      if (checkRow(vectors, i)) {
        nCached++;
        continue;
      }
    }
    todo.push(i);
  }
  return { vectors, todo, nCached };
}

export interface EmbedStageOptions extends RunOptions {
  /** The prepared corpus, when the caller already made it. */
  prepared?: Prepared;
  /** The cache lookup, when the caller already made it. */
  lookup?: CacheLookup;
  /** Only what the cache holds; the rest is left out, not embedded. */
  cacheOnly?: boolean;
}

export async function embedStage(papers: Paper[], encoder: Encoder, opts: EmbedStageOptions): Promise<Computed> {
  const prepared = opts.prepared ?? prepare(papers);
  const { texts } = prepared;
  const { vectors, todo, nCached } = opts.lookup ?? (await lookupCache(texts, opts.cache));
  report(opts, 'embed', texts.length ? nCached / texts.length : 1);
  throwIfAborted(opts.signal);
  // Cache only (Similar after a cancel or a crash): what is not cached is left out, not embedded.
  if (opts.cacheOnly) return { ...dropBadRows(prepared, vectors, todo, false), nEmbedded: 0, nCached };
  const cache = opts.cache;
  const { bad } = await embedAll(
    todo.map((i) => texts[i]),
    encoder,
    {
      signal: opts.signal,
      onProgress: (done) => report(opts, 'embed', (nCached + done) / texts.length, `${nCached + done} / ${texts.length}`),
      // Each batch goes into the vectors and the cache as soon as it is in: a reload mid-run resumes from there.
      onBatch: async (start, out, badRows) => {
        const skip = new Set(badRows);
        const rows: number[] = [];
        for (let r = 0; r < out.length / EMBED_DIM; r++) {
          vectors.set(out.subarray(r * EMBED_DIM, (r + 1) * EMBED_DIM), todo[start + r] * EMBED_DIM);
          if (!skip.has(r)) rows.push(r);
        }
        if (!cache || !rows.length) return;
        const buf = new Float32Array(rows.length * EMBED_DIM);
        rows.forEach((r, k) => buf.set(out.subarray(r * EMBED_DIM, (r + 1) * EMBED_DIM), k * EMBED_DIM));
        await cache.put(rows.map((r) => texts[todo[start + r]]), buf);
      },
    },
  );
  const badTexts = bad.map((j) => todo[j]);
  const computed = dropBadRows(prepared, vectors, badTexts);
  return { ...computed, nEmbedded: todo.length, nCached };
}

/** Removes texts whose vector was NaN/Inf/zero (RELIABILITY N5); their papers become excluded and reported. */
export function dropBadRows(prepared: Prepared, vectors: Float32Array, badTexts: number[], invalid = true): { prepared: Prepared; vectors: Float32Array } {
  if (!badTexts.length) return { prepared, vectors };
  const bad = new Set(badTexts);
  const remap = new Int32Array(prepared.texts.length).fill(-1);
  const texts: string[] = [];
  for (let t = 0; t < prepared.texts.length; t++) {
    if (bad.has(t)) continue;
    remap[t] = texts.length;
    texts.push(prepared.texts[t]);
  }
  const out = new Float32Array(texts.length * EMBED_DIM);
  for (let t = 0; t < prepared.texts.length; t++) {
    if (remap[t] >= 0) out.set(vectors.subarray(t * EMBED_DIM, (t + 1) * EMBED_DIM), remap[t] * EMBED_DIM);
  }
  const unique = new Int32Array(prepared.unique.length);
  const rep = Int32Array.from(prepared.rep);
  const excluded = [...prepared.excluded];
  let dropped = 0;
  for (let i = 0; i < unique.length; i++) {
    const u = prepared.unique[i];
    unique[i] = u >= 0 ? remap[u] : -1;
    if (u >= 0 && remap[u] < 0) {
      excluded.push(i);
      rep[i] = i;
      dropped++;
    }
  }
  excluded.sort((a, b) => a - b);
  const notices = invalid
    ? [...prepared.notices, `${dropped} paper(s) got an invalid embedding (NaN, Inf or zero) and were left off the map.`]
    : [...prepared.notices, `${dropped} paper(s) are not embedded yet and are left out.`];
  return { prepared: { ...prepared, texts, unique, rep, excluded, notices }, vectors: out };
}

export async function runPipeline(papers: Paper[], encoder: Encoder, opts: RunOptions): Promise<MapResult> {
  const t0 = performance.now();
  const computed = await embedStage(papers, encoder, opts);
  const embedMs = performance.now() - t0;
  throwIfAborted(opts.signal);
  const result = await layoutStage(papers, computed, opts);
  result.info.timings = { embed: Math.round(embedMs), ...result.info.timings };
  return result;
}

/**
 * Paper indices ranked by the map's similarity (similarity.ts) between a query,
 * given by its USE vector and its text, and each paper: the space the map on
 * screen was laid out in (the default settings' space before any layout).
 */
export function similar(query: Float32Array, computed: Computed, k: number, text = ''): { index: number; score: number }[] {
  const { prepared } = computed;
  const space = computed.space ?? mapSpace(computed, DEFAULT_SETTINGS);
  const scores = new Float32Array(prepared.texts.length).fill(NaN);
  for (const { u, sim } of rankBySimilarity(space, representQuery(space, query, text), prepared.texts.length)) scores[u] = sim;
  const hits: { index: number; score: number }[] = [];
  prepared.unique.forEach((u, i) => {
    if (u >= 0 && Number.isFinite(scores[u])) hits.push({ index: i, score: scores[u] });
  });
  hits.sort((a, b) => b.score - a.score || a.index - b.index);
  return hits.slice(0, Math.max(0, k));
}
