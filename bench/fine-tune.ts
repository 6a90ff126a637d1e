/**
 * npm run bench:fine — topic-level NMI of clustering variants on ml-topics-13-dev
 * split BY TOPIC (tuning half = alternate topics from the first in alphabetical order,
 * checking half = the others; as cli/eval.ts), the whole set, and arxiv-sample-993's
 * top level, over several seeds. Choices are made on the tuning half only; the other
 * columns say whether they carry over. Embeddings from the disk cache.
 *   tsx bench/fine-tune.ts [--sets tune,check,all,arxiv] [--seeds 42,1,2] [--sample 70 --draws 6]
 *     [--variants '[{"name":"base"},{"name":"w.5","w":0.5},{"name":"c.7","consensus":0.7}]']
 * Variant fields: w (semantic weight setting), wPow / wC / wRamp (other weight-by-size curves),
 * kMax (graph neighbours cap), kScale (× sqrt n), res (resolution), dims (LSA), tw (title
 * weight), minDf (keyword view), titleVec (a title-only USE vector mixed into each sentence
 * vector with this weight; embeds the titles once more, disk-cached), centroid (k-means steps
 * after clustering), and any ClusterOptions field (runs, consensus, weights, refine, fuzzyShare). --sample m: random subsets of m papers of each set (small
 * corpora such as the 68-paper demo), --draws of them, averaged in a second table.
 */
import { existsSync } from 'node:fs';
import { readPapers } from '../cli/read-input.ts';
import { diskCache } from '../cli/disk-cache.ts';
import { lazyEncoder } from '../cli/lazy-encoder.ts';
import { nmi } from '../cli/metrics.ts';
import { embedStage } from '../src/pipeline/run.ts';
import { EMBED_DIM } from '../src/pipeline/embed.ts';
import { effectiveSemanticWeight, lexicalView, normaliseRows, represent, type Lexical } from '../src/pipeline/represent.ts';
import { buildKnn, type Knn } from '../src/pipeline/knn.ts';
import { clusterKnn, type ClusterOptions } from '../src/pipeline/cluster.ts';
import { clusterTree } from '../src/pipeline/layout.ts';
import { DEFAULT_SETTINGS, type Paper } from '../src/types.ts';
import { mulberry32 } from '../src/pipeline/random.ts';
import { labelledRows } from './labelled-rows.ts';

const DATA = '../shared/data';
const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const sets = opt('sets', 'tune,check,all,arxiv').split(',');
const seeds = opt('seeds', '42,1,2').split(',').map(Number);
interface Variant extends Partial<ClusterOptions> {
  name: string;
  w?: number;
  kMax?: number;
  kScale?: number;
  res?: number;
  /** Post-hoc: this many k-means steps from the clusters (each paper to its nearest centroid in the representation). */
  centroid?: number;
  dims?: number;
  /** Title weight of the keyword view (tfidf.ts). */
  tw?: number;
  /** Semantic weight by size: odds × (n/(n+wC))^wPow instead of effectiveSemanticWeight. */
  wPow?: number;
  wC?: number;
  /** Semantic weight: effectiveSemanticWeight's odds × sqrt(min(1, n/wRamp)). */
  wRamp?: number;
  /** min_df of the keyword view (tfidf.ts). */
  minDf?: number;
  /** A USE vector of the title alone averaged into each sentence vector with this weight (embeds the titles once more). */
  titleVec?: number;
  /** titleVec and fuzzyShare scaled by the corpus size: 0 below gate[0] papers, full from gate[1], linear between. */
  gate?: [number, number];
}
const variants: Variant[] = JSON.parse(opt('variants', '[{"name":"default"}]'));
const enc = lazyEncoder();
const cache = diskCache();

async function rowsOf(papers: Paper[], keep: (label: string) => boolean) {
  // Plain text vectors (titleWeight 0): the variants mix titles in themselves (titleVec).
  const computed = await embedStage(papers, enc, { settings: DEFAULT_SETTINGS, cache, titleWeight: 0 });
  const a = labelledRows(papers, computed, keep);
  if (!variants.some((v) => v.titleVec)) return a;
  const tp = papers.map((p) => ({ ...p, abstract: '' }));
  const b = labelledRows(tp, await embedStage(tp, enc, { settings: DEFAULT_SETTINGS, cache, titleWeight: 0 }), keep);
  if (b.texts.length !== a.texts.length) throw new Error('title rows differ');
  return { ...a, tvectors: b.vectors };
}
function mixTitle(s: SetData, m: number): Float32Array {
  if (!m || !s.tvectors) return s.vectors;
  const v = new Float32Array(s.vectors.length);
  for (let i = 0; i < v.length; i++) v[i] = (1 - m) * s.vectors[i] + m * s.tvectors[i];
  return normaliseRows(v, s.texts.length, EMBED_DIM);
}

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '–');
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

interface SetData { name: string; texts: string[]; vectors: Float32Array; tvectors?: Float32Array; labels: string[]; top: boolean }

/** NMI per variant (rows) for one set, averaged over seeds; LSA and kNN shared between variants. */
function measure(s: SetData, results: Map<string, Map<string, number[]>>) {
  const n = s.texts.length;
  const plain = s.vectors;
  for (const seed of seeds) {
    const lexes = new Map<number, Lexical>();
    const knns = new Map<string, Knn>();
    for (const v of variants) {
      const g = v.gate ? Math.min(1, Math.max(0, (n - v.gate[0]) / Math.max(1, v.gate[1] - v.gate[0]))) : 1;
      s = { ...s, vectors: mixTitle({ ...s, vectors: plain }, (v.titleVec ?? 0) * g) };
      const dims = v.dims ?? 100;
      const lk = dims * 100 + (v.tw ?? 1) + 1000000 * (v.minDf ?? 0);
      if (!lexes.has(lk)) lexes.set(lk, lexicalView(s.texts, seed, { dims, titleWeight: v.tw ?? 1, ...(v.minDf ? { minDf: v.minDf } : {}) }));
      const lex = lexes.get(lk)!;
      const w0 = v.w ?? DEFAULT_SETTINGS.semanticWeight;
      const w = v.wRamp ? ((o) => o / (1 + o))((w0 / (1 - w0)) * (n / (n + 150)) * Math.sqrt(Math.min(1, n / v.wRamp))) : v.wPow === undefined ? effectiveSemanticWeight(w0, n) : ((o) => o / (1 + o))((w0 / (1 - w0)) * (n / (n + (v.wC ?? 150))) ** v.wPow);
      const kMax = v.kMax ?? 40;
      const k = Math.max(1, Math.min(n - 1, Math.max(5, Math.min(kMax, Math.round((v.kScale ?? 1.6) * Math.sqrt(n))))));
      const key = `${(v.titleVec ?? 0) * g}/${w}/${lk}`;
      const kNeed = Math.max(k, DEFAULT_SETTINGS.nNeighbors, 60);
      if (!knns.has(key)) {
        const rep = represent(s.vectors, lex, w);
        knns.set(key, buildKnn(rep.data, n, rep.dim, kNeed, { seed }));
      }
      const knn = knns.get(key)!;
      const copts: ClusterOptions = { ...v, ...(v.fuzzyShare !== undefined ? { fuzzyShare: v.fuzzyShare * g } : {}), k, resolution: v.res ?? DEFAULT_SETTINGS.resolution, seed };
      let cl = clusterKnn(knn, copts);
      if (v.centroid) cl = centroidSteps(represent(s.vectors, lex, w), cl, v.centroid);
      let score: number;
      if (s.top) {
        const rep = represent(s.vectors, lex, w);
        const zeros = new Float32Array(n);
        const t = clusterTree({ knn, rep, x: zeros, y: zeros }, { k, resolution: copts.resolution, seed }, cl);
        const fine = t.ranked.assignment;
        const top = t.coarse ? Int32Array.from(fine, (c, i) => (t.coarse!.assignment[i] >= 0 ? t.coarse!.assignment[i] : c < 0 ? -1 : 100000 + c)) : fine;
        score = nmi(s.labels, top);
      } else score = nmi(s.labels, cl);
      if (!results.has(v.name)) results.set(v.name, new Map());
      const r = results.get(v.name)!;
      if (!r.has(s.name)) r.set(s.name, []);
      r.get(s.name)!.push(score);
      if (args.includes('--verbose')) process.stderr.write(`${s.name} ${seed} ${v.name}: ${f(score)} (${new Set(cl).size} clusters)\n`);
    }
  }
}

function centroidSteps(rep: { data: Float32Array; dim: number; n: number }, cl: Int32Array, steps: number): Int32Array {
  const { data, dim, n } = rep;
  let out = Int32Array.from(cl);
  for (let s = 0; s < steps; s++) {
    const c = Math.max(...out) + 1;
    const cen = new Float64Array(c * dim);
    for (let i = 0; i < n; i++) if (out[i] >= 0) for (let j = 0; j < dim; j++) cen[out[i] * dim + j] += data[i * dim + j];
    for (let a = 0; a < c; a++) {
      let q = 0;
      for (let j = 0; j < dim; j++) q += cen[a * dim + j] ** 2;
      q = Math.sqrt(q) || 1;
      for (let j = 0; j < dim; j++) cen[a * dim + j] /= q;
    }
    const next = Int32Array.from(out);
    for (let i = 0; i < n; i++) {
      let best = -1;
      let bs = -Infinity;
      for (let a = 0; a < c; a++) {
        let d = 0;
        for (let j = 0; j < dim; j++) d += data[i * dim + j] * cen[a * dim + j];
        if (d > bs) [best, bs] = [a, d];
      }
      next[i] = best;
    }
    out = next;
  }
  return out;
}

async function main() {
  const data: SetData[] = [];
  const ml = `${DATA}/ml-topics-13-dev.jsonl`;
  if (existsSync(ml)) {
    const papers = readPapers(ml);
    const topics = [...new Set(papers.map((p) => p.extra?.label ?? ''))].sort();
    const tuning = new Set(topics.filter((_, i) => i % 2 === 0));
    if (sets.includes('tune')) data.push({ name: 'tune', top: false, ...(await rowsOf(papers, (l) => tuning.has(l))) });
    if (sets.includes('check')) data.push({ name: 'check', top: false, ...(await rowsOf(papers, (l) => !tuning.has(l))) });
    if (sets.includes('all')) data.push({ name: 'all', top: false, ...(await rowsOf(papers, () => true)) });
  }
  if (sets.includes('arxiv')) data.push({ name: 'arxiv top', top: true, ...(await rowsOf(readPapers(`${DATA}/arxiv-sample-993.jsonl`), () => true)) });
  // --cs N: the first N rows of arxiv-cs-50k (a random N-subset; label = primary category), restricted to
  // labels with at least 50 papers, scored at the topic level ('cs N') and at the top level ('cs N top').
  if (sets.includes('cs')) {
    const src = `${DATA}/arxiv-cs-50k.jsonl.gz`;
    const nCs = Number(opt('cs', '2000'));
    if (existsSync(src)) {
      const papers = readPapers(src, nCs);
      const counts = new Map<string, number>();
      for (const p of papers) counts.set(p.extra?.label ?? '', (counts.get(p.extra?.label ?? '') ?? 0) + 1);
      const rows = await rowsOf(papers, (l) => (counts.get(l) ?? 0) >= 50);
      data.push({ name: `cs ${nCs}`, top: false, ...rows }, { name: `cs ${nCs} top`, top: true, ...rows });
    } else process.stderr.write(`(missing ${src})\n`);
  }
  enc.dispose();
  // --sample m --draws d: d random subsets of m papers per set (small corpora, as the demo listing's 68).
  const m = Number(opt('sample', '0'));
  if (m > 0) {
    const draws = Number(opt('draws', '5'));
    const rng = mulberry32(99);
    const full = data.splice(0, data.length);
    for (const s of full)
      for (let d = 0; d < draws; d++) {
        const idx = [...s.texts.keys()].map((i) => [rng(), i]).sort((a, b) => a[0] - b[0]).slice(0, m).map((x) => x[1]).sort((a, b) => a - b);
        const vectors = new Float32Array(idx.length * EMBED_DIM);
        idx.forEach((t, r) => vectors.set(s.vectors.subarray(t * EMBED_DIM, (t + 1) * EMBED_DIM), r * EMBED_DIM));
        let tvectors: Float32Array | undefined;
        if (s.tvectors) {
          tvectors = new Float32Array(idx.length * EMBED_DIM);
          idx.forEach((t, r) => tvectors!.set(s.tvectors!.subarray(t * EMBED_DIM, (t + 1) * EMBED_DIM), r * EMBED_DIM));
        }
        data.push({ name: `${s.name}-${m}#${d}`, top: s.top, texts: idx.map((i) => s.texts[i]), vectors, tvectors, labels: idx.map((i) => s.labels[i]) });
      }
  }
  const results = new Map<string, Map<string, number[]>>();
  for (const s of data) {
    const t0 = Date.now();
    measure(s, results);
    process.stderr.write(`${s.name}: ${Date.now() - t0} ms\n`);
  }
  console.log(`\nseeds ${seeds.join(',')}; NMI mean (per seed)`);
  console.log(`| variant | ${data.map((s) => s.name).join(' | ')} |`);
  console.log(`|---|${data.map(() => '---|').join('')}`);
  for (const v of variants) {
    const r = results.get(v.name)!;
    console.log(`| ${v.name} | ${data.map((s) => `${f(mean(r.get(s.name)!))} (${r.get(s.name)!.map(f).join('/')})`).join(' | ')} |`);
  }
  if (m > 0) {
    const bases = [...new Set(data.map((s) => s.name.split('#')[0]))];
    console.log(`\nmean over draws and seeds\n| variant | ${bases.join(' | ')} |`);
    for (const v of variants) {
      const r = results.get(v.name)!;
      console.log(`| ${v.name} | ${bases.map((b) => f(mean(data.filter((s) => s.name.startsWith(b + '#')).flatMap((s) => r.get(s.name)!)))).join(' | ')} |`);
    }
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
