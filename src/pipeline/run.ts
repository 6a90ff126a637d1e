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

export async function embedStage(papers: Paper[], encoder: Encoder, opts: RunOptions): Promise<Computed> {
  const prepared = prepare(papers);
  const { texts } = prepared;
  const vectors = new Float32Array(texts.length * EMBED_DIM);
  const cached = opts.cache ? await opts.cache.get(texts) : [];
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
  report(opts, 'embed', texts.length ? nCached / texts.length : 1);
  throwIfAborted(opts.signal);
  const { vectors: fresh, bad } = await embedAll(
    todo.map((i) => texts[i]),
    encoder,
    {
      signal: opts.signal,
      onProgress: (done) => report(opts, 'embed', (nCached + done) / texts.length, `${nCached + done} / ${texts.length}`),
    },
  );
  const badSet = new Set(bad);
  todo.forEach((t, j) => vectors.set(fresh.subarray(j * EMBED_DIM, (j + 1) * EMBED_DIM), t * EMBED_DIM));
  if (opts.cache && todo.length) {
    const good = todo.map((t, j) => [t, j] as const).filter(([, j]) => !badSet.has(j));
    const buf = new Float32Array(good.length * EMBED_DIM);
    good.forEach(([, j], r) => buf.set(fresh.subarray(j * EMBED_DIM, (j + 1) * EMBED_DIM), r * EMBED_DIM));
    await opts.cache.put(good.map(([t]) => texts[t]), buf);
  }
  const badTexts = bad.map((j) => todo[j]);
  const computed = dropBadRows(prepared, vectors, badTexts);
  return { ...computed, nEmbedded: todo.length, nCached };
}

/** Removes texts whose vector was NaN/Inf/zero (RELIABILITY N5); their papers become excluded and reported. */
export function dropBadRows(prepared: Prepared, vectors: Float32Array, badTexts: number[]): { prepared: Prepared; vectors: Float32Array } {
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
  const notices = [...prepared.notices, `${dropped} paper(s) got an invalid embedding (NaN, Inf or zero) and were left off the map.`];
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
