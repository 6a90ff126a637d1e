/**
 * npm run eval — measures the representation and clustering choices on the
 * labelled sets in ../shared/data and shows the demo listing's clusters.
 * Prints numbers; never fails on them. Embeddings come from the disk cache
 * (node_modules/.cache/paperscope), so only the first run embeds (~5 min).
 */
import { existsSync } from 'node:fs';
import { readPapers } from './read-input.ts';
import { diskCache } from './disk-cache.ts';
import { lazyEncoder } from './lazy-encoder.ts';
import { nmi, ari } from './metrics.ts';
import { embedStage, runPipeline } from '../src/pipeline/run.ts';
import { EMBED_DIM } from '../src/pipeline/embed.ts';
import { centreRows, combine, effectiveSemanticWeight, lexicalView, normaliseRows, type Lexical } from '../src/pipeline/represent.ts';
import { exactKnn, knnPurity } from '../src/pipeline/knn.ts';
import { clusterKnn, graphNeighbors } from '../src/pipeline/cluster.ts';
import { DEFAULT_SETTINGS, type Paper } from '../src/types.ts';
import { maxOf } from '../src/util/array.ts';

const DATA = '../shared/data';
const cache = diskCache();
const encoder = lazyEncoder();
const log = (s: string) => process.stderr.write(s + '\n');

interface Variant {
  name: string;
  build(raw: Float32Array, n: number, lex: (dims: number, tw?: number) => Lexical): { data: Float32Array; dim: number };
}

const w0 = DEFAULT_SETTINGS.semanticWeight;
const VARIANTS: Variant[] = [
  { name: 'raw USE', build: (raw) => ({ data: raw, dim: EMBED_DIM }) },
  { name: 'centred USE', build: (raw, n) => ({ data: centreRows(raw, n, EMBED_DIM), dim: EMBED_DIM }) },
  { name: 'LSA 100-d', build: (_r, _n, lex) => ({ data: lex(100).coords, dim: lex(100).dim }) },
  { name: 'LSA 256-d', build: (_r, _n, lex) => ({ data: lex(256).coords, dim: lex(256).dim }) },
  { name: `combined w=0.5, LSA 256 (DESIGN recipe)`, build: (raw, n, lex) => combine(centreRows(raw, n, EMBED_DIM), EMBED_DIM, lex(256).coords, lex(256).dim, n, 0.5) },
  { name: `combined w=0.5, LSA 100`, build: (raw, n, lex) => combine(centreRows(raw, n, EMBED_DIM), EMBED_DIM, lex(100).coords, lex(100).dim, n, 0.5) },
  { name: `combined w=0.3, LSA 100`, build: (raw, n, lex) => combine(centreRows(raw, n, EMBED_DIM), EMBED_DIM, lex(100).coords, lex(100).dim, n, 0.3) },
  { name: `combined w=0.4, LSA 64`, build: (raw, n, lex) => combine(centreRows(raw, n, EMBED_DIM), EMBED_DIM, lex(64).coords, lex(64).dim, n, 0.4) },
  { name: `combined w=0.4, LSA 100, title x2`, build: (raw, n, lex) => combine(centreRows(raw, n, EMBED_DIM), EMBED_DIM, lex(100, 2).coords, lex(100, 2).dim, n, 0.4) },
  { name: `uncentred USE + LSA 100, w=0.4`, build: (raw, n, lex) => combine(normaliseRows(Float32Array.from(raw), n, EMBED_DIM), EMBED_DIM, lex(100).coords, lex(100).dim, n, 0.4) },
  {
    name: `DEFAULT: centred USE + LSA 100, w=${w0} (effective)`,
    build: (raw, n, lex) => combine(centreRows(raw, n, EMBED_DIM), EMBED_DIM, lex(100).coords, lex(100).dim, n, effectiveSemanticWeight(w0, n)),
  },
];

async function vectorsFor(papers: Paper[]) {
  const c = await embedStage(papers, encoder, {
    settings: DEFAULT_SETTINGS,
    cache,
    onProgress: (p) => p.message && log(`  embed ${p.message}`),
  });
  const first: number[] = [];
  c.prepared.unique.forEach((u, i) => {
    if (u >= 0 && first[u] === undefined) first[u] = i;
  });
  return { computed: c, first };
}

async function evalSet(title: string, papers: Paper[], minLabel: number) {
  const { computed, first } = await vectorsFor(papers);
  const label = (t: number) => papers[first[t]].extra?.label ?? '';
  const counts = new Map<string, number>();
  computed.prepared.texts.forEach((_, t) => counts.set(label(t), (counts.get(label(t)) ?? 0) + 1));
  const keep = computed.prepared.texts.map((_, t) => t).filter((t) => counts.get(label(t))! >= minLabel);
  const n = keep.length;
  const labels = keep.map(label);
  const raw = new Float32Array(n * EMBED_DIM);
  keep.forEach((t, r) => raw.set(computed.vectors.subarray(t * EMBED_DIM, (t + 1) * EMBED_DIM), r * EMBED_DIM));
  const texts = keep.map((t) => computed.prepared.texts[t]);
  const memo = new Map<string, Lexical>();
  const lex = (dims: number, tw = 1) => {
    const key = `${dims}/${tw}`;
    if (!memo.has(key)) memo.set(key, lexicalView(texts, DEFAULT_SETTINGS.seed, { dims, titleWeight: tw }));
    return memo.get(key)!;
  };
  const k = graphNeighbors(n, DEFAULT_SETTINGS.nNeighbors);
  console.log(`\n## ${title}: ${n} papers, ${new Set(labels).size} labels (graph k=${k}, resolution ${DEFAULT_SETTINGS.resolution})`);
  console.log('| representation | kNN-10 purity | clusters | outliers | NMI | ARI |');
  console.log('|---|---|---|---|---|---|');
  for (const v of VARIANTS) {
    const t0 = Date.now();
    const rep = v.build(raw, n, lex);
    const knn = exactKnn(rep.data, n, rep.dim, Math.max(10, k));
    const purity = knnPurity(knn, labels, 10);
    const cl = clusterKnn(knn, { k, resolution: DEFAULT_SETTINGS.resolution, seed: DEFAULT_SETTINGS.seed });
    const nc = maxOf(cl, -1) + 1;
    const out = cl.filter((c) => c < 0).length;
    console.log(`| ${v.name} | ${purity.toFixed(3)} | ${nc} | ${out} | ${nmi(labels, cl).toFixed(3)} | ${ari(labels, cl).toFixed(3)} |`);
    log(`  ${v.name}: ${Date.now() - t0} ms`);
  }
}

/**
 * Fine topics: the 5 big categories reward a coarse LSA, so also measure the
 * purity of papers from small categories (8-49 papers in the first 3,000 rows)
 * among neighbours from all papers, across LSA dimensions.
 */
async function fineTopics(papers: Paper[]) {
  const { computed, first } = await vectorsFor(papers);
  const { texts } = computed.prepared;
  const n = texts.length;
  const labels = texts.map((_, t) => papers[first[t]].extra?.label ?? '');
  const counts = new Map<string, number>();
  labels.forEach((l) => counts.set(l, (counts.get(l) ?? 0) + 1));
  const minor = labels.map((l) => counts.get(l)! >= 8 && counts.get(l)! < 50);
  const cen = centreRows(computed.vectors, n, EMBED_DIM);
  console.log(`\n## Fine topics: ${minor.filter(Boolean).length} papers of ${new Set(labels.filter((_, i) => minor[i])).size} small categories among all ${n} papers (w=${w0})`);
  console.log('| LSA dims | small-category kNN-10 purity | all-category kNN-10 purity |');
  console.log('|---|---|---|');
  for (const dims of [32, 64, 100, 128, 256]) {
    const lex = lexicalView(texts, DEFAULT_SETTINGS.seed, { dims });
    const rep = combine(cen, EMBED_DIM, lex.coords, lex.dim, n, effectiveSemanticWeight(w0, n));
    const knn = exactKnn(rep.data, n, rep.dim, 10);
    let s = 0;
    let m = 0;
    let all = 0;
    for (let i = 0; i < n; i++) {
      let same = 0;
      for (let p = 0; p < 10; p++) if (labels[knn.indices[i * 10 + p]] === labels[i]) same++;
      all += same / 10;
      if (minor[i]) {
        s += same / 10;
        m++;
      }
    }
    console.log(`| ${dims} | ${(s / Math.max(1, m)).toFixed(3)} | ${(all / n).toFixed(3)} |`);
  }
}

async function demo() {
  const path = 'public/samples/hf-daily-papers-listing.txt';
  const papers = readPapers(path);
  const result = await runPipeline(papers, encoder, { settings: DEFAULT_SETTINGS, cache });
  const { layout } = result;
  console.log(`\n## Demo listing (${papers.length} papers), default settings ${JSON.stringify(DEFAULT_SETTINGS)}`);
  const prune = /ECoFLaP|Layer-Adaptive Weight Pruning|Global Channel Pruning|Pruning by Explaining|Bi-level Optimization|Lottery/i;
  const quant = /Q-VLM|RSQ|Quantune|SimQ-NAS/;
  for (const c of layout.clusters) {
    const p = c.members.filter((i) => prune.test(papers[i].title)).length;
    const q = c.members.filter((i) => quant.test(papers[i].title)).length;
    console.log(`- #${c.id} (${c.size}) ${c.label}${p ? `  [pruning papers: ${p}/7]` : ''}${q ? `  [quantization papers: ${q}/4]` : ''}`);
  }
  for (const c of layout.coarse ?? []) console.log(`- coarse ${c.id} (${c.size}) ${c.label}: fine ${layout.clusters.filter((f) => f.parent === c.id).map((f) => f.id).join(', ')}`);
  const outliers = [...layout.cluster].filter((c) => c < 0).length;
  console.log(`- outliers: ${outliers}; timings (ms): ${JSON.stringify(result.info.timings)}`);
}

async function main() {
  const sample = `${DATA}/arxiv-sample-993.jsonl`;
  const cs = `${DATA}/arxiv-cs-50k.jsonl.gz`;
  if (existsSync(sample)) await evalSet('arxiv-sample-993 (label = first arXiv term)', readPapers(sample), 0);
  else console.log(`(missing ${sample})`);
  if (existsSync(cs)) {
    await evalSet('arxiv-cs-50k, first 3,000 rows, labels with >= 50 papers', readPapers(cs, 3000), 50);
    await fineTopics(readPapers(cs, 3000));
  } else console.log(`(missing ${cs})`);
  await demo();
  encoder.dispose();
}

main().catch((e) => {
  log(`eval failed: ${e instanceof Error ? e.stack : String(e)}`);
  process.exitCode = 1;
});
