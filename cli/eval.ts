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
import { DEFAULT_SETTINGS, type MapSettings, type Paper } from '../src/types.ts';
import { maxOf } from '../src/util/array.ts';
import { represent } from '../src/pipeline/represent.ts';
import { buildKnn } from '../src/pipeline/knn.ts';
import { clusterTree, labelTree } from '../src/pipeline/layout.ts';
import { indexTree, pathOf, PATH_SEPARATOR } from '../src/topic-tree.ts';
import type { ClusterLabel } from '../src/pipeline/label.ts';

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

const median = (xs: number[]) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The tree the app builds (same representation, graph and clustering; no projection) for rows of a labelled set. */
function treeOf(texts: string[], vectors: Float32Array, settings: MapSettings = DEFAULT_SETTINGS) {
  const n = texts.length;
  const lex = lexicalView(texts, settings.seed);
  const rep = represent(vectors, lex, effectiveSemanticWeight(settings.semanticWeight, n));
  const graphK = graphNeighbors(n, settings.nNeighbors);
  const umapK = Math.max(1, Math.min(settings.nNeighbors, n - 1));
  const knn = buildKnn(rep.data, n, rep.dim, Math.max(umapK, graphK), { seed: settings.seed });
  const zeros = new Float32Array(n);
  const t = clusterTree({ knn, rep, x: zeros, y: zeros }, { k: graphK, resolution: settings.resolution, seed: settings.seed });
  const l = labelTree(lex.terms, t);
  const fine = t.ranked.assignment;
  // The top level: areas, and topics standing alone at the top (no area) as themselves.
  const top = t.coarse ? Int32Array.from(fine, (c, i) => (t.coarse!.assignment[i] >= 0 ? t.coarse!.assignment[i] : c < 0 ? -1 : 100000 + c)) : undefined;
  const sub = t.subRanked ? Int32Array.from(fine, (c, i) => (t.subRanked!.assignment[i] >= 0 ? 100000 + t.subRanked!.assignment[i] : c)) : undefined;
  return { n, fine, top, sub, nFine: t.ranked.clusters.length, nTop: t.coarse?.count ?? 0, nSub: t.subRanked?.clusters.length ?? 0, labels: l };
}

const honestyOf = (ls: ClusterLabel[]) => median(ls.map((x) => x.honesty));

/** Best grouping of the topics by the labels themselves (each topic to its majority label): the most any area level made of these topics can reach. */
function oracleAreas(labels: string[], fine: Int32Array): string[] {
  const votes = new Map<number, Map<string, number>>();
  fine.forEach((c, i) => {
    if (!votes.has(c)) votes.set(c, new Map());
    votes.get(c)!.set(labels[i], (votes.get(c)!.get(labels[i]) ?? 0) + 1);
  });
  const major = new Map([...votes].map(([c, m]) => [c, [...m].sort((a, b) => b[1] - a[1])[0][0]]));
  return Array.from(fine, (c) => major.get(c)!);
}

interface TreeRow { oracleNmi: number; set: string; papers: number; topics: number; fineNodes: number; nmi: number; ari: number; topNodes: number; topNmi: number; subNodes: number; honesty: [number, number, number] }
const treeRows: TreeRow[] = [];

function labelledRows(papers: Paper[], computed: Awaited<ReturnType<typeof vectorsFor>>['computed'], first: number[], keepLabel: (l: string) => boolean) {
  const label = (t: number) => papers[first[t]].extra?.label ?? '';
  const rows = computed.prepared.texts.map((_, t) => t).filter((t) => keepLabel(label(t)));
  const vectors = new Float32Array(rows.length * EMBED_DIM);
  rows.forEach((t, r) => vectors.set(computed.vectors.subarray(t * EMBED_DIM, (t + 1) * EMBED_DIM), r * EMBED_DIM));
  return { texts: rows.map((t) => computed.prepared.texts[t]), vectors, labels: rows.map(label) };
}

function treeRow(set: string, texts: string[], vectors: Float32Array, labels: string[]) {
  const t0 = Date.now();
  const tr = treeOf(texts, vectors);
  const row: TreeRow = {
    set,
    papers: tr.n,
    topics: new Set(labels).size,
    fineNodes: tr.nFine,
    nmi: nmi(labels, tr.fine),
    ari: ari(labels, tr.fine),
    topNodes: tr.nTop,
    topNmi: tr.top ? nmi(labels, tr.top) : NaN,
    oracleNmi: nmi(labels, oracleAreas(labels, tr.fine)),
    subNodes: tr.nSub,
    honesty: [honestyOf(tr.labels.coarseLabels), honestyOf(tr.labels.labels), honestyOf(tr.labels.subLabels)],
  };
  treeRows.push(row);
  log(`  tree ${set}: ${Date.now() - t0} ms`);
  return tr;
}

async function treeTable() {
  const ml = `${DATA}/ml-topics-13-dev.jsonl`;
  if (existsSync(ml)) {
    const papers = readPapers(ml);
    const { computed, first } = await vectorsFor(papers);
    // Split BY TOPIC (alphabetical order, alternate topics): tuning half = even positions, checking half = odd.
    const topics = [...new Set(papers.map((p) => p.extra?.label ?? ''))].sort();
    const tuning = new Set(topics.filter((_, i) => i % 2 === 0));
    const all = labelledRows(papers, computed, first, () => true);
    treeRow('ml-topics-13-dev (all 13 topics)', all.texts, all.vectors, all.labels);
    // Each half is embedded as a corpus of its own (from the cache): the title vectors' weight
    // depends on the corpus size (run.ts titleVectorWeight), as when the half is loaded alone.
    const half = async (keep: (l: string) => boolean) => {
      const sub = papers.filter((p) => keep(p.extra?.label ?? ''));
      const v = await vectorsFor(sub);
      return labelledRows(sub, v.computed, v.first, () => true);
    };
    const a = await half((l) => tuning.has(l));
    treeRow(`ml-topics tuning half (${[...tuning].join(', ')})`, a.texts, a.vectors, a.labels);
    const b = await half((l) => !tuning.has(l));
    treeRow(`ml-topics checking half (${topics.filter((t) => !tuning.has(t)).join(', ')})`, b.texts, b.vectors, b.labels);
  } else console.log(`(missing ${ml})`);
  const sample = `${DATA}/arxiv-sample-993.jsonl`;
  if (existsSync(sample)) {
    const papers = readPapers(sample);
    const { computed, first } = await vectorsFor(papers);
    const all = labelledRows(papers, computed, first, () => true);
    treeRow('arxiv-sample-993 (3 arXiv labels)', all.texts, all.vectors, all.labels);
  } else console.log(`(missing ${sample})`);
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '–');
  console.log('\n## Topic tree against labels (default settings, never told k)');
  console.log('Targets: ml-topics NMI >= 0.92 at the topic level; checking half within 0.03 of the tuning half; arxiv-sample top level separates its labels; median label honesty >= 0.8 at every level.\n');
  console.log('| set | papers | labels | topics (default level) | NMI topics | ARI topics | broad areas | NMI top level (best from these topics) | subtopics | median honesty broad / topics / subtopics |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of treeRows) console.log(`| ${r.set} | ${r.papers} | ${r.topics} | ${r.fineNodes} | ${f(r.nmi)} | ${f(r.ari)} | ${r.topNodes} | ${f(r.topNmi)} (${f(r.oracleNmi)}) | ${r.subNodes} | ${r.honesty.map(f).join(' / ')} |`);
}

async function demo() {
  const path = 'public/samples/hf-daily-papers-listing.txt';
  const papers = readPapers(path);
  const result = await runPipeline(papers, encoder, { settings: DEFAULT_SETTINGS, cache });
  const { layout } = result;
  console.log(`\n## Demo listing (${papers.length} papers), default settings ${JSON.stringify(DEFAULT_SETTINGS)}`);
  const prune = /ECoFLaP|Layer-Adaptive Weight Pruning|Global Channel Pruning|Pruning by Explaining|Bi-level Optimization|Lottery/i;
  const quant = /Q-VLM|RSQ|Quantune|SimQ-NAS/;
  const boost = /\bboosting\b|\bboosted\b|XGBoost|AdaBoost/i;
  const nPrune = papers.filter((p) => prune.test(p.title)).length;
  const nQuant = papers.filter((p) => quant.test(p.title)).length;
  const nBoost = papers.filter((p) => boost.test(p.title + ' ' + p.abstract)).length;
  console.log('\nThe tree (size, label, label honesty):');
  const index = indexTree(layout);
  const show = (c: (typeof index.roots)[number], depth: number) => {
    const p = c.members.filter((i) => prune.test(papers[i].title)).length;
    const q = c.members.filter((i) => quant.test(papers[i].title)).length;
    const b = c.members.filter((i) => boost.test(papers[i].title + ' ' + papers[i].abstract)).length;
    const tags = [p && `pruning ${p}/${nPrune}`, q && `quantization ${q}/${nQuant}`, b && `boosting ${b}/${nBoost}`].filter(Boolean).join(', ');
    console.log(`${'  '.repeat(depth)}- (${c.size}) ${c.label} [honesty ${c.honesty?.toFixed(2)}]${tags ? `  {${tags}}` : ''}`);
    for (const ch of index.children.get(c.id) ?? []) show(ch, depth + 1);
  };
  for (const r of index.roots) show(r, 0);
  const deepest = layout.subtopics?.[0] ?? layout.clusters[0];
  if (deepest) console.log(`\nExample path: ${pathOf(index, deepest.id, new Map()).join(PATH_SEPARATOR)}`);
  const outliers = [...layout.cluster].filter((c) => c < 0).length;
  console.log(`- outliers: ${outliers}; timings (ms): ${JSON.stringify(result.info.timings)}`);
}

async function main() {
  if (!process.argv.includes('--demo')) await treeTable();
  await demo();
  if (!process.argv.includes('--all')) {
    encoder.dispose();
    return;
  }
  const sample = `${DATA}/arxiv-sample-993.jsonl`;
  const cs = `${DATA}/arxiv-cs-50k.jsonl.gz`;
  if (existsSync(sample)) await evalSet('arxiv-sample-993 (label = first arXiv term)', readPapers(sample), 0);
  else console.log(`(missing ${sample})`);
  if (existsSync(cs)) {
    await evalSet('arxiv-cs-50k, first 3,000 rows, labels with >= 50 papers', readPapers(cs, 3000), 50);
    await fineTopics(readPapers(cs, 3000));
  } else console.log(`(missing ${cs})`);
  encoder.dispose();
}

main().catch((e) => {
  log(`eval failed: ${e instanceof Error ? e.stack : String(e)}`);
  process.exitCode = 1;
});
