/**
 * Issue 10, item 3: does embedding the whole abstract (128-token windows, pooled) give better
 * clusters than the first 128 tokens the model reads, enough to pay for its cost?
 * On ../shared/data/ml-topics-13-dev.jsonl (13 fine topics), split by topic into the tuning and
 * checking halves of bench/topic-tune.ts, plus the whole set: the full default pipeline
 * (runPipeline, default settings, never told k) with
 *   - first: the app's encoder (title + the first ~100 words: what the graph reads), and
 *   - windows: the same text cut into consecutive 128-token windows, each embedded, pooled by
 *     the mean weighted by window length, then unit length.
 * Prints NMI / ARI / clusters per set, windows per paper, and embedding CPU ms per paper.
 * Vectors are cached on disk (node_modules/.cache/paperscope for "first", …-windows for the
 * pooled ones), so a second run only clusters.
 * Usage: npx tsx bench/windows.ts
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Tokenizer } from '@tensorflow-models/universal-sentence-encoder';
import { readPapers } from '../cli/read-input.ts';
import { defaultCacheDir, diskCache } from '../cli/disk-cache.ts';
import { nmi, ari } from '../cli/metrics.ts';
import { runPipeline } from '../src/pipeline/run.ts';
import { EMBED_DIM, MAX_TOKENS, sparseInput, type Encoder } from '../src/pipeline/embed.ts';
import { loadNodeGraph, loadVocabulary } from '../src/model/load-node.ts';
import { DEFAULT_SETTINGS, type Paper } from '../src/types.ts';

const FILE = '../shared/data/ml-topics-13-dev.jsonl';
if (!existsSync(FILE)) {
  console.log(`skip: ${FILE} absent`);
  process.exit(0);
}
const papers = readPapers(FILE);
const topics = [...new Set(papers.map((p) => p.extra?.label ?? ''))].sort();
const tuning = new Set(topics.filter((_, i) => i % 2 === 0));

const model = await loadNodeGraph();
const tokenizer = new Tokenizer(loadVocabulary());
/** Characters tokenised per text for the windows (an abstract is 1-3 thousand). */
const WINDOW_CHARS = 20_000;

/** One model call over token-id lists (the same sparse input as src/pipeline/embed.ts). */
async function embedIds(lists: number[][]): Promise<Float32Array> {
  const { indices, values, total } = sparseInput(lists);
  const ti = tf.tensor2d(indices, [total, 2], 'int32');
  const tv = tf.tensor1d(values, 'int32');
  const out = (await model.executeAsync({ indices: ti, values: tv })) as tf.Tensor;
  const data = new Float32Array(await out.data());
  ti.dispose();
  tv.dispose();
  out.dispose();
  return data;
}

const stats = { first: { cpu: 0, texts: 0, windows: 0 }, windows: { cpu: 0, texts: 0, windows: 0 } };
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function encoder(mode: 'first' | 'windows'): Encoder {
  return {
    encode: (text) => tokenizer.encode(text.slice(0, WINDOW_CHARS)).slice(0, MAX_TOKENS),
    async embedBatch(texts) {
      const c0 = cpuMs();
      const out = new Float32Array(texts.length * EMBED_DIM);
      const lists: number[][] = [];
      const owner: number[] = [];
      texts.forEach((t, i) => {
        const ids = tokenizer.encode(t.slice(0, WINDOW_CHARS));
        const parts = mode === 'first' ? [ids.slice(0, MAX_TOKENS)] : [];
        if (mode === 'windows') for (let s = 0; s < Math.max(1, ids.length); s += MAX_TOKENS) parts.push(ids.slice(s, s + MAX_TOKENS));
        for (const p of parts) {
          lists.push(p);
          owner.push(i);
        }
      });
      for (let s = 0; s < lists.length; s += 32) {
        const batch = lists.slice(s, s + 32);
        const v = await embedIds(batch);
        batch.forEach((ids, b) => {
          const i = owner[s + b];
          const w = Math.max(1, ids.length);
          for (let d = 0; d < EMBED_DIM; d++) out[i * EMBED_DIM + d] += w * v[b * EMBED_DIM + d];
        });
      }
      for (let i = 0; i < texts.length; i++) {
        let norm = 0;
        for (let d = 0; d < EMBED_DIM; d++) norm += out[i * EMBED_DIM + d] ** 2;
        norm = Math.sqrt(norm) || 1;
        for (let d = 0; d < EMBED_DIM; d++) out[i * EMBED_DIM + d] /= norm;
      }
      stats[mode].cpu += cpuMs() - c0;
      stats[mode].texts += texts.length;
      stats[mode].windows += lists.length;
      return out;
    },
    dispose() {},
  };
}

const caches = { first: diskCache(), windows: diskCache(join(defaultCacheDir() + '-windows')) };
const sets: Array<[string, Paper[]]> = [
  ['tuning half (7 topics)', papers.filter((p) => tuning.has(p.extra?.label ?? ''))],
  ['checking half (6 topics)', papers.filter((p) => !tuning.has(p.extra?.label ?? ''))],
  ['all 13 topics', papers],
];

const rows: string[] = [];
for (const [name, set] of sets) {
  for (const mode of ['first', 'windows'] as const) {
    const r = await runPipeline(set, encoder(mode), { settings: DEFAULT_SETTINGS, cache: caches[mode] });
    const labels = set.map((p) => p.extra?.label ?? '');
    const cl = Array.from(r.layout.cluster);
    rows.push(`| ${name} | ${mode === 'first' ? 'first 128 tokens (today)' : '128-token windows, pooled'} | ${set.length} | ${r.layout.clusters.length} | ${nmi(labels, cl).toFixed(3)} | ${ari(labels, cl).toFixed(3)} |`);
    process.stderr.write(`${rows[rows.length - 1]}\n`);
  }
}

// Token counts, independent of the cache: how much of each text the model reads.
const lengths = papers.map((p) => tokenizer.encode(`${p.title}. ${p.abstract}`.slice(0, WINDOW_CHARS)).length);
const over = lengths.filter((l) => l > MAX_TOKENS).length;
const windows = lengths.reduce((s, l) => s + Math.max(1, Math.ceil(l / MAX_TOKENS)), 0);
const sorted = lengths.slice().sort((a, b) => a - b);
console.log(`ml-topics-13-dev: ${papers.length} papers; tokens per "title. abstract": median ${sorted[sorted.length >> 1]}, p90 ${sorted[Math.floor(sorted.length * 0.9)]}; ${over} (${((100 * over) / papers.length).toFixed(0)}%) longer than ${MAX_TOKENS}; windows per paper ${(windows / papers.length).toFixed(2)}`);
for (const mode of ['first', 'windows'] as const) {
  const s = stats[mode];
  if (s.texts) console.log(`embedding CPU (${mode}, texts not in the cache this run): ${(s.cpu / s.texts).toFixed(1)} ms per paper over ${s.texts} papers, ${(s.windows / s.texts).toFixed(2)} model inputs per paper`);
}
console.log('\n| set | sentence view | papers | clusters | NMI | ARI |\n|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
