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
import { largeCorpusRamp } from './cluster.ts';
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

/**
 * Weight of the title's own sentence vector in each paper's vector: the paper's vector is
 * normalise((1 − w)·v_text + w·v_title), v_text the vector of "Title. Abstract", v_title the
 * vector of the title alone (issue 14, session 21). The model reads only the first 128 tokens of
 * a text, and a title names the paper's topic more plainly than its abstract's opening does.
 * Measured with bench/fine-tune.ts (seeds 42/1/2, NMI means, together with FUZZY_SHARE in
 * cluster.ts; README, Quality): ml-topics-13-dev all 13 topics 0.917 → 0.924, tuning half
 * 0.929 → 0.934, checking half 0.961 → 0.965, arxiv-sample-993 top level 0.319 → 0.329;
 * 0.4 / 0.5 scored all 13 topics 0.927 but cost arxiv's top level (0.317 / 0.312). Titles are
 * short: embedding them costs about 15% of embedding the texts (bench/title-embed-cost.ts).
 * This is the weight at full size: it ramps in with the corpus size (titleVectorWeight).
 */
export const TITLE_VECTOR_WEIGHT = 0.3;

/**
 * The title vector's weight for a run of n unique texts: TITLE_VECTOR_WEIGHT × largeCorpusRamp(n)
 * (cluster.ts; 0 below LARGE_CORPUS_N0, when no title is embedded at all). The mix is made
 * here, in the embed stage, by the size of the corpus being embedded: a map, a re-map and an
 * Add-to-map (which embeds the whole grown corpus again, from the cache) all mix every paper with
 * the same weight, the one of the corpus they lay out. The cache holds the plain text and title
 * vectors, never the mixes, so a corpus that grows past the threshold only embeds its titles.
 */
export function titleVectorWeight(n: number): number {
  return TITLE_VECTOR_WEIGHT * largeCorpusRamp(n);
}

export interface CacheLookup {
  /** What is embedded: the unique texts (items 0..texts−1), then the titles that are not among them. */
  items: string[];
  /** Per unique text, the index in `items` of its title, or -1 (no title vector: prepare.ts `titles`). */
  titleOf: Int32Array;
  /** texts × 512 (items 0..texts−1), cached rows filled. */
  vectors: Float32Array;
  /** (items − texts) × 512, the title-only items, cached rows filled. */
  titleVectors: Float32Array;
  /** Item indices still to embed. */
  todo: number[];
  /** Unique texts whose own vector the cache held (titles are not counted). */
  nCached: number;
  /** The title vectors' weight in the mix (titleVectorWeight of the corpus size; 0: no titles among the items). */
  titleWeight: number;
}

/**
 * The texts to embed for a prepared corpus: its unique texts, then their titles (each distinct
 * string once) when the title weight `w` (default titleVectorWeight of the corpus size) is above 0.
 */
export function embedItems(prepared: Pick<Prepared, 'texts' | 'titles'>, w = titleVectorWeight(prepared.texts.length)): { items: string[]; titleOf: Int32Array } {
  const items = [...prepared.texts];
  const index = new Map<string, number>();
  items.forEach((t, i) => index.set(t, i));
  const titleOf = new Int32Array(items.length).fill(-1);
  if (!(w > 0)) return { items, titleOf };
  prepared.texts.forEach((_, u) => {
    const title = prepared.titles?.[u];
    if (!title) return;
    let i = index.get(title);
    if (i === undefined) {
      i = items.length;
      items.push(title);
      index.set(title, i);
    }
    titleOf[u] = i;
  });
  return { items, titleOf };
}

/** Item i's row: a text's in `vectors`, a title's in `titleVectors`. */
function itemRow(l: Pick<CacheLookup, 'vectors' | 'titleVectors'>, i: number): Float32Array {
  const n = l.vectors.length / EMBED_DIM;
  return i < n ? l.vectors.subarray(i * EMBED_DIM, (i + 1) * EMBED_DIM) : l.titleVectors.subarray((i - n) * EMBED_DIM, (i - n + 1) * EMBED_DIM);
}

/** What the cache already holds for a prepared corpus's texts and titles. */
export async function lookupCache(prepared: Pick<Prepared, 'texts' | 'titles'>, cache: RunOptions['cache'], titleWeight = titleVectorWeight(prepared.texts.length)): Promise<CacheLookup> {
  const { items, titleOf } = embedItems(prepared, titleWeight);
  const n = prepared.texts.length;
  const vectors = new Float32Array(n * EMBED_DIM);
  const titleVectors = new Float32Array((items.length - n) * EMBED_DIM);
  const cached = cache ? await cache.get(items) : [];
  const todo: number[] = [];
  let nCached = 0;
  for (let i = 0; i < items.length; i++) {
    const v = cached[i];
    if (v && v.length === EMBED_DIM) {
      const row = itemRow({ vectors, titleVectors }, i);
      row.set(v);
      if (checkRow(row, 0)) {
        if (i < n) nCached++;
        continue;
      }
    }
    todo.push(i);
  }
  return { items, titleOf, vectors, titleVectors, todo, nCached, titleWeight };
}

/**
 * Mixes each text's vector with its title's, in place in `vectors`: normalise((1 − w)·v_text +
 * w·v_title), w = the lookup's titleWeight. A text whose own or title vector is `missing` (not
 * embedded, or invalid) keeps its own vector alone.
 */
export function mixTitleVectors(l: Pick<CacheLookup, 'vectors' | 'titleVectors' | 'titleOf' | 'titleWeight'>, missing: Set<number> = new Set()): Float32Array {
  const { vectors, titleOf, titleWeight: w } = l;
  if (!(w > 0)) return vectors;
  for (let u = 0; u < titleOf.length; u++) {
    const t = titleOf[u];
    if (t < 0 || missing.has(t) || missing.has(u)) continue;
    const v = vectors.subarray(u * EMBED_DIM, (u + 1) * EMBED_DIM);
    const title = itemRow(l, t);
    const mixed = new Float32Array(EMBED_DIM);
    let s = 0;
    for (let j = 0; j < EMBED_DIM; j++) {
      mixed[j] = (1 - w) * v[j] + w * title[j];
      s += mixed[j] * mixed[j];
    }
    const norm = Math.sqrt(s);
    if (norm < 1e-6) continue;
    for (let j = 0; j < EMBED_DIM; j++) v[j] = mixed[j] / norm;
  }
  return vectors;
}

export interface EmbedStageOptions extends RunOptions {
  /** The prepared corpus, when the caller already made it. */
  prepared?: Prepared;
  /** The cache lookup, when the caller already made it. */
  lookup?: CacheLookup;
  /** Only what the cache holds; the rest is left out, not embedded (a missing title: the text's vector alone). */
  cacheOnly?: boolean;
  /** The title vectors' weight; default titleVectorWeight(unique texts) (tests and benchmarks set it). */
  titleWeight?: number;
}

/**
 * Embeds the unique texts and their titles (what the cache lacks; each batch cached as it
 * lands) and returns one vector per unique text: the text's mixed with its title's
 * (mixTitleVectors). Progress counts texts and titles as one total; `nEmbedded` and `nCached`
 * count unique texts (papers), by where their own vector came from.
 */
export async function embedStage(papers: Paper[], encoder: Encoder, opts: EmbedStageOptions): Promise<Computed> {
  const prepared = opts.prepared ?? prepare(papers);
  const nTexts = prepared.texts.length;
  const lookup = opts.lookup ?? (await lookupCache(prepared, opts.cache, opts.titleWeight ?? titleVectorWeight(prepared.texts.length)));
  const { items, todo, nCached } = lookup;
  const nFound = items.length - todo.length;
  report(opts, 'embed', items.length ? nFound / items.length : 1);
  throwIfAborted(opts.signal);
  const textsIn = (rows: number[]) => rows.filter((i) => i < nTexts);
  // Cache only (Similar after a cancel or a crash): what is not cached is left out, not embedded.
  if (opts.cacheOnly) {
    const mixed = mixTitleVectors(lookup, new Set(todo));
    return { ...dropBadRows(prepared, mixed, textsIn(todo), false), nEmbedded: 0, nCached };
  }
  const cache = opts.cache;
  const { bad } = await embedAll(
    todo.map((i) => items[i]),
    encoder,
    {
      signal: opts.signal,
      onProgress: (done) => report(opts, 'embed', (nFound + done) / items.length, `${nFound + done} / ${items.length}${items.length > nTexts ? ' texts (papers and their titles)' : ''}`),
      // Each batch goes into the vectors and the cache as soon as it is in: a reload mid-run resumes from there.
      onBatch: async (start, out, badRows) => {
        const skip = new Set(badRows);
        const rows: number[] = [];
        for (let r = 0; r < out.length / EMBED_DIM; r++) {
          itemRow(lookup, todo[start + r]).set(out.subarray(r * EMBED_DIM, (r + 1) * EMBED_DIM));
          if (!skip.has(r)) rows.push(r);
        }
        if (!cache || !rows.length) return;
        const buf = new Float32Array(rows.length * EMBED_DIM);
        rows.forEach((r, k) => buf.set(out.subarray(r * EMBED_DIM, (r + 1) * EMBED_DIM), k * EMBED_DIM));
        await cache.put(rows.map((r) => items[todo[start + r]]), buf);
      },
    },
  );
  const badItems = bad.map((j) => todo[j]);
  const mixed = mixTitleVectors(lookup, new Set(badItems));
  const computed = dropBadRows(prepared, mixed, textsIn(badItems));
  return { ...computed, nEmbedded: textsIn(todo).length, nCached };
}

/** Removes texts whose vector was NaN/Inf/zero (RELIABILITY N5); their papers become excluded and reported. */
export function dropBadRows(prepared: Prepared, vectors: Float32Array, badTexts: number[], invalid = true): { prepared: Prepared; vectors: Float32Array } {
  if (!badTexts.length) return { prepared, vectors };
  const bad = new Set(badTexts);
  const remap = new Int32Array(prepared.texts.length).fill(-1);
  const texts: string[] = [];
  const titles: string[] = [];
  for (let t = 0; t < prepared.texts.length; t++) {
    if (bad.has(t)) continue;
    remap[t] = texts.length;
    texts.push(prepared.texts[t]);
    titles.push(prepared.titles[t]);
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
  return { prepared: { ...prepared, texts, titles, unique, rep, excluded, notices }, vectors: out };
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
