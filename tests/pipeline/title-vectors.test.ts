/**
 * Title vectors (issue 14): the embed stage embeds each paper's title as a text of its own and
 * stores normalise((1 − w)·v_text + w·v_title) as the paper's vector, so kNN, Similar,
 * Add-to-map and the cache keep their shapes. The weight w ramps in with the corpus size
 * (titleVectorWeight: 0 up to LARGE_CORPUS_N0 unique texts, TITLE_VECTOR_WEIGHT from
 * LARGE_CORPUS_N1), as does clusterKnn's fuzzyShare. The first tests set w explicitly (the
 * mechanism on a few papers); the last ones use the size-based default.
 */
import { describe, expect, it } from 'vitest';
import { embedStage, TITLE_VECTOR_WEIGHT, titleVectorWeight } from '../../src/pipeline/run.ts';
import { FUZZY_SHARE, LARGE_CORPUS_N0, LARGE_CORPUS_N1, fuzzyShareFor, largeCorpusRamp } from '../../src/pipeline/cluster.ts';
import { EMBED_DIM } from '../../src/pipeline/embed.ts';
import { DEFAULT_SETTINGS, type Progress } from '../../src/types.ts';
import { fakeEncoder } from './fake-encoder.ts';
import { paper } from './fixtures.ts';

const settings = { ...DEFAULT_SETTINGS };
/** The mechanism tests mix at the full weight whatever the corpus size. */
const fullWeight = { settings, titleWeight: TITLE_VECTOR_WEIGHT };

/** The fake encoder's vector of one text. */
async function vec(text: string): Promise<Float32Array> {
  return (await fakeEncoder().embedBatch([text])).slice(0, EMBED_DIM);
}

/** normalise((1 − w)·a + w·b), computed here from the definition. */
function mix(a: Float32Array, b: Float32Array, w: number): Float32Array {
  const m = a.map((x, j) => (1 - w) * x + w * b[j]);
  const norm = Math.hypot(...m);
  return m.map((x) => x / norm);
}

function row(v: Float32Array, u: number): Float32Array {
  return v.slice(u * EMBED_DIM, (u + 1) * EMBED_DIM);
}

function expectClose(a: Float32Array, b: Float32Array) {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let j = 0; j < a.length; j++) worst = Math.max(worst, Math.abs(a[j] - b[j]));
  expect(worst).toBeLessThan(1e-6);
}

function memoryStore() {
  const m = new Map<string, Float32Array>();
  return {
    m,
    get: async (texts: string[]) => texts.map((t) => m.get(t)),
    put: async (texts: string[], v: Float32Array) => texts.forEach((t, i) => m.set(t, v.slice(i * EMBED_DIM, (i + 1) * EMBED_DIM))),
  };
}

const papers = [
  paper(0, 'Pruning large language models', 'We remove weights by magnitude and retrain.'),
  paper(1, 'Quantized attention', 'Eight-bit integer kernels for transformers.'),
  paper(2, 'Title only, no abstract', ''),
  paper(3, '', 'An abstract without a title about robot grasping.'),
  // Same title as paper 0, another abstract: a text of its own, the title embedded once.
  paper(4, 'Pruning large language models', 'A second paper under the same title, on sparsity.'),
  // A duplicate of paper 1: neither its text nor its title is embedded again.
  paper(5, 'QUANTIZED ATTENTION', 'Eight-bit integer kernels for transformers.'),
];

describe('embed stage: title vectors', () => {
  it('embeds each distinct title as an extra text and stores the normalised mix as the paper vector', async () => {
    const enc = fakeEncoder();
    const c = await embedStage(papers, enc, { ...fullWeight });
    const texts = c.prepared.texts;
    expect(texts).toHaveLength(5);
    // Texts first, then the titles of papers that have both a title and an abstract, each once.
    expect(enc.calls.flat()).toEqual([...texts, 'Pruning large language models', 'Quantized attention']);
    expect(TITLE_VECTOR_WEIGHT).toBeGreaterThan(0);
    for (const [u, title] of [[0, 'Pruning large language models'], [1, 'Quantized attention'], [4, 'Pruning large language models']] as const) {
      const u0 = c.prepared.unique[u];
      const own = await vec(texts[u0]);
      const want = mix(own, await vec(title), TITLE_VECTOR_WEIGHT);
      expectClose(row(c.vectors, u0), want);
      // The mix moved the vector off the text's own (the title was really mixed in).
      expect(Math.max(...row(c.vectors, u0).map((x, j) => Math.abs(x - own[j])))).toBeGreaterThan(1e-3);
    }
    // No abstract (the title is the whole text) or no title: the text's vector alone.
    expectClose(row(c.vectors, c.prepared.unique[2]), await vec('Title only, no abstract'));
    expectClose(row(c.vectors, c.prepared.unique[3]), await vec(texts[c.prepared.unique[3]]));
    // The duplicate shares its representative's vector.
    expect(c.prepared.unique[5]).toBe(c.prepared.unique[1]);
    expect(c.nEmbedded).toBe(5);
    expect(c.nCached).toBe(0);
  });

  it('caches titles like texts: a second run embeds nothing and gives the same vectors; a cache of texts only embeds just the titles', async () => {
    const cache = memoryStore();
    const first = await embedStage(papers, fakeEncoder(), { ...fullWeight, cache });
    expect(cache.m.has('Quantized attention')).toBe(true);
    // The cache holds the plain vectors (keyed by text), not the mixes.
    expectClose(cache.m.get(first.prepared.texts[0])!, await vec(first.prepared.texts[0]));
    const enc = fakeEncoder();
    const again = await embedStage(papers, enc, { ...fullWeight, cache });
    expect(enc.calls).toHaveLength(0);
    expect(again.nCached).toBe(5);
    expect(Array.from(again.vectors)).toEqual(Array.from(first.vectors));
    // A cache written before title vectors (texts only): only the titles are embedded.
    const old = memoryStore();
    for (const t of first.prepared.texts) old.m.set(t, await vec(t));
    const seen: Progress[] = [];
    const enc2 = fakeEncoder();
    const upgraded = await embedStage(papers, enc2, { ...fullWeight, cache: old, onProgress: (p) => seen.push(p) });
    expect(enc2.calls.flat().sort()).toEqual(['Pruning large language models', 'Quantized attention']);
    expect(upgraded.nCached).toBe(5);
    expect(upgraded.nEmbedded).toBe(0);
    expectClose(upgraded.vectors, first.vectors);
    // Progress counts texts and titles as one total.
    expect(seen.at(-1)?.message).toMatch(/^7 \/ 7 /);
    expect(seen[0].fraction).toBeCloseTo(5 / 7, 6);
  });

  it('a title whose vector is invalid leaves the paper on the map with its text vector alone', async () => {
    const enc = fakeEncoder({ poison: (t) => (t === 'Quantized attention' ? 'nan' : undefined) });
    const c = await embedStage(papers, enc, { ...fullWeight });
    expect(c.prepared.excluded).not.toContain(1);
    const u = c.prepared.unique[1];
    expectClose(row(c.vectors, u), await vec(c.prepared.texts[u]));
    expect(c.prepared.notices.join(' ')).not.toMatch(/invalid embedding/);
  });

  it('cache only (Similar after a cancel): a cached text without its title keeps its own vector; an uncached text is left out', async () => {
    const cache = memoryStore();
    const full = await embedStage(papers, fakeEncoder(), { ...fullWeight });
    // Text 0 and its title, text 1 without its title; nothing for the others.
    for (const t of [full.prepared.texts[0], 'Pruning large language models', full.prepared.texts[1]]) cache.m.set(t, await vec(t));
    const enc = fakeEncoder();
    const c = await embedStage(papers, enc, { ...fullWeight, cache, cacheOnly: true });
    expect(enc.calls).toHaveLength(0);
    expect(c.prepared.texts).toEqual([full.prepared.texts[0], full.prepared.texts[1]]);
    expectClose(row(c.vectors, 0), row(full.vectors, 0));
    expectClose(row(c.vectors, 1), await vec(full.prepared.texts[1]));
    expect(c.prepared.unique[4]).toBe(-1);
  });
});

/** n papers with distinct titles and abstracts (the fake encoder hashes their words). */
function corpus(n: number, from = 0) {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return paper(i, `Study ${i} of sparse pruning`, `We prune network n${i} by magnitude and retrain it, case c${i % 7}.`);
  });
}

describe('title vectors and flatter weights by corpus size', () => {
  it('the ramp is 0 up to LARGE_CORPUS_N0, 1 from LARGE_CORPUS_N1, linear between; the weights follow it', () => {
    expect(LARGE_CORPUS_N0).toBeLessThan(LARGE_CORPUS_N1);
    for (const n of [0, 68, 300, LARGE_CORPUS_N0]) {
      expect(largeCorpusRamp(n)).toBe(0);
      expect(titleVectorWeight(n)).toBe(0);
      expect(fuzzyShareFor(n)).toBe(0);
    }
    for (const n of [LARGE_CORPUS_N1, 1449, 50000]) {
      expect(largeCorpusRamp(n)).toBe(1);
      expect(titleVectorWeight(n)).toBe(TITLE_VECTOR_WEIGHT);
      expect(fuzzyShareFor(n)).toBe(FUZZY_SHARE);
    }
    const mid = (LARGE_CORPUS_N0 + LARGE_CORPUS_N1) / 2;
    expect(largeCorpusRamp(mid)).toBeCloseTo(0.5, 9);
    const q = LARGE_CORPUS_N0 + (LARGE_CORPUS_N1 - LARGE_CORPUS_N0) / 4;
    expect(titleVectorWeight(q)).toBeCloseTo(TITLE_VECTOR_WEIGHT / 4, 9);
    expect(fuzzyShareFor(q)).toBeCloseTo(FUZZY_SHARE / 4, 9);
  });

  it('a small corpus embeds no titles and keeps the plain text vectors', async () => {
    const papers = corpus(60);
    const enc = fakeEncoder();
    const c = await embedStage(papers, enc, { settings });
    expect(enc.calls.flat()).toEqual(c.prepared.texts);
    for (const u of [0, 17, 59]) expectClose(row(c.vectors, u), await vec(c.prepared.texts[u]));
  });

  it('a corpus of LARGE_CORPUS_N1 papers mixes every title in at TITLE_VECTOR_WEIGHT; one between N0 and N1 at its share', async () => {
    for (const n of [LARGE_CORPUS_N1, Math.round((LARGE_CORPUS_N0 + 3 * LARGE_CORPUS_N1) / 4)]) {
      const papers = corpus(n);
      const enc = fakeEncoder();
      const c = await embedStage(papers, enc, { settings });
      expect(c.prepared.texts).toHaveLength(n);
      // Every text, then every title.
      expect(enc.calls.flat()).toHaveLength(2 * n);
      const w = TITLE_VECTOR_WEIGHT * Math.min(1, (n - LARGE_CORPUS_N0) / (LARGE_CORPUS_N1 - LARGE_CORPUS_N0));
      expect(w).toBeGreaterThan(0.1);
      for (const u of [0, 333, n - 1]) expectClose(row(c.vectors, u), mix(await vec(c.prepared.texts[u]), await vec(papers[u].title), w));
    }
  });

  it('Add-to-map past LARGE_CORPUS_N0: the grown corpus embeds its new texts and all titles (the old texts come from the cache) and mixes every paper by its new size', async () => {
    const cache = memoryStore();
    const before = corpus(LARGE_CORPUS_N0 - 50);
    const first = await embedStage(before, fakeEncoder(), { settings, cache });
    expect(cache.m.size).toBe(before.length);
    expectClose(row(first.vectors, 5), await vec(first.prepared.texts[5]));
    const grown = [...before, ...corpus(150, before.length)];
    const enc = fakeEncoder();
    const c = await embedStage(grown, enc, { settings, cache });
    expect(c.nCached).toBe(before.length);
    expect(c.nEmbedded).toBe(150);
    expect(enc.calls.flat()).toHaveLength(150 + grown.length);
    const w = titleVectorWeight(grown.length);
    expect(w).toBeCloseTo(TITLE_VECTOR_WEIGHT * Math.min(1, (grown.length - LARGE_CORPUS_N0) / (LARGE_CORPUS_N1 - LARGE_CORPUS_N0)), 9);
    expect(w).toBeGreaterThan(0);
    for (const u of [5, grown.length - 1]) expectClose(row(c.vectors, u), mix(await vec(c.prepared.texts[u]), await vec(grown[u].title), w));
  });
});
