/**
 * One benchmark measurement, run in a child process of bench/pipeline.ts:
 * - full:   every stage on the first N papers (writes the representation for the others);
 * - ours:   kNN + UMAP from that representation (what the product runs);
 * - umapjs: umap-js with its default settings and its own kNN;
 * - atlas:  embedding-atlas's WASM UMAP (umappp) with its own kNN, cosine metric.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { UMAP } from 'umap-js';
import { parseJsonl } from '../src/ingest/json.ts';
import { prepare } from '../src/pipeline/prepare.ts';
import { EMBED_DIM, embedAll } from '../src/pipeline/embed.ts';
import { effectiveSemanticWeight, lexicalView, represent } from '../src/pipeline/represent.ts';
import { buildKnn, EXACT_UP_TO, type Knn } from '../src/pipeline/knn.ts';
import { chooseEngine, project } from '../src/pipeline/project.ts';
import { clusterKnn, graphNeighbors } from '../src/pipeline/cluster.ts';
import { rankClusters } from '../src/pipeline/rank.ts';
import { coarseClusters } from '../src/pipeline/coarse.ts';
import { labelClusters } from '../src/pipeline/label.ts';
import { mulberry32 } from '../src/pipeline/random.ts';
import { DEFAULT_SETTINGS } from '../src/types.ts';
import { defaultCacheDir, diskCache } from '../cli/disk-cache.ts';
import { purity2d, recall } from './quality.ts';
import type { ChildResult, StageRow } from './pipeline.ts';

const DATA = fileURLToPath(new URL('../../shared/data/arxiv-cs-50k.jsonl.gz', import.meta.url));
const WORK = join(defaultCacheDir(), 'bench');
const settings = DEFAULT_SETTINGS;

function meter() {
  const rows: StageRow[] = [];
  let t = performance.now();
  let c = process.cpuUsage();
  return {
    rows,
    lap(stage: string, note?: string) {
      const now = performance.now();
      const cu = process.cpuUsage(c);
      rows.push({ stage, ms: now - t, cpuMs: (cu.user + cu.system) / 1000, peakMb: process.resourceUsage().maxRSS / 1024, note });
      t = performance.now();
      c = process.cpuUsage();
    },
    reset() {
      t = performance.now();
      c = process.cpuUsage();
    },
  };
}

const peak = () => process.resourceUsage().maxRSS / 1024;

function loadRep(n: number): { data: Float32Array; dim: number; labels: string[] } {
  const b = readFileSync(join(WORK, `rep-${n}.f32`));
  const meta = JSON.parse(readFileSync(join(WORK, `rep-${n}.json`), 'utf8')) as { dim: number; labels: string[] };
  return { data: new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4), dim: meta.dim, labels: meta.labels };
}

/** Recall@k of the kNN on 300 sampled rows against brute force (not timed). */
function sampledRecall(data: Float32Array, n: number, dim: number, knn: Knn): number {
  const rng = mulberry32(9);
  const rows = Array.from({ length: Math.min(300, n) }, () => Math.floor(rng() * n));
  const k = knn.k;
  const sub: Knn = { n: rows.length, k, indices: new Int32Array(rows.length * k), dists: new Float32Array(rows.length * k) };
  const ex: Knn = { n: rows.length, k, indices: new Int32Array(rows.length * k), dists: new Float32Array(rows.length * k) };
  rows.forEach((i, r) => {
    sub.indices.set(knn.indices.subarray(i * k, (i + 1) * k), r * k);
    const sims: [number, number][] = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let d = 0; d < dim; d++) s += data[i * dim + d] * data[j * dim + d];
      sims.push([s, j]);
    }
    sims.sort((a, b) => b[0] - a[0]);
    for (let p = 0; p < k; p++) ex.indices[r * k + p] = sims[p][1];
  });
  return recall(sub, ex);
}

async function full(n: number, embedMax: number): Promise<ChildResult> {
  const m = meter();
  const notes: string[] = [];
  const lines = gunzipSync(readFileSync(DATA)).toString('utf8').split('\n').slice(0, n).join('\n');
  m.reset();
  const ingest = parseJsonl(lines, 'arxiv-cs-50k.jsonl');
  const prepared = prepare(ingest.papers);
  const { texts } = prepared;
  const labels = texts.map(() => '');
  prepared.unique.forEach((u, i) => {
    if (u >= 0 && !labels[u]) labels[u] = ingest.papers[i].extra?.label ?? '';
  });
  m.lap('parse + prepare', `${ingest.papers.length} papers, ${texts.length} unique texts`);
  if (n <= embedMax) {
    const { loadNodeEncoder } = await import('../src/model/load-node.ts');
    m.reset();
    const enc = await loadNodeEncoder();
    m.lap('load model', 'USE-lite, tfjs WASM backend');
    const r = await embedAll(texts, enc, {});
    m.lap('embed cold');
    const row = m.rows[m.rows.length - 1];
    row.note = `${(row.ms / texts.length).toFixed(0)} ms per abstract, ${r.bad.length} bad rows`;
    enc.dispose();
  }
  m.reset();
  const got = await diskCache().get(texts);
  const hits = got.filter((v) => v && v.length === EMBED_DIM).length;
  m.lap('embed cached', `${hits} / ${texts.length} vectors in the disk cache`);
  const lex = lexicalView(texts, settings.seed);
  let data: Float32Array;
  let dim: number;
  if (hits === texts.length) {
    const vectors = new Float32Array(texts.length * EMBED_DIM);
    got.forEach((v, i) => vectors.set(v!, i * EMBED_DIM));
    const rep = represent(vectors, lex, effectiveSemanticWeight(settings.semanticWeight, texts.length));
    data = rep.data;
    dim = rep.dim;
    notes.push(`representation: USE + LSA, ${dim}-d`);
  } else {
    data = lex.coords;
    dim = lex.dim;
    notes.push(`representation: LSA-only ${dim}-d (USE vectors not cached for all rows, so no semantic half)`);
  }
  m.lap('represent', notes[0].replace('representation: ', ''));
  const nt = texts.length;
  const umapK = Math.max(1, Math.min(settings.nNeighbors, nt - 1));
  const graphK = graphNeighbors(nt, settings.nNeighbors);
  const knn = buildKnn(data, nt, dim, Math.max(umapK, graphK), { seed: settings.seed });
  m.lap('kNN', nt <= EXACT_UP_TO ? 'exact' : 'NN-descent');
  const rec = nt > EXACT_UP_TO ? sampledRecall(data, nt, dim, knn) : 1;
  m.rows[m.rows.length - 1].note += `, recall@${knn.k} ${rec.toFixed(3)} (300 sampled rows vs brute force)`;
  m.reset();
  const proj = await project(data, dim, knn, { nNeighbors: umapK, seed: settings.seed });
  m.lap('UMAP', `${chooseEngine(nt)} optimiser`);
  const raw = clusterKnn(knn, { k: graphK, resolution: settings.resolution, seed: settings.seed });
  const ranked = rankClusters({ data, dim, n: nt }, raw, proj.x, proj.y);
  const coarse = coarseClusters(knn, ranked.assignment, ranked.clusters.length, { k: graphK });
  m.lap('cluster', `${ranked.clusters.length} clusters (Louvain ×10 consensus)`);
  labelClusters(lex.terms, ranked.assignment, ranked.clusters.length);
  if (coarse) labelClusters(lex.terms, coarse.assignment, coarse.count);
  m.lap('label');
  mkdirSync(WORK, { recursive: true });
  writeFileSync(join(WORK, `rep-${n}.f32`), Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  writeFileSync(join(WORK, `rep-${n}.json`), JSON.stringify({ dim, labels }));
  return { mode: 'full', n: nt, rows: m.rows, peakMb: peak(), purity: purity2d(proj.x, proj.y, labels), notes };
}

async function layout(mode: string, n: number): Promise<ChildResult> {
  if (!existsSync(join(WORK, `rep-${n}.f32`))) throw new Error('no representation file; the full run failed');
  const { data, dim, labels } = loadRep(n);
  const nt = labels.length;
  const m = meter();
  const notes: string[] = [];
  let x: ArrayLike<number>;
  let y: ArrayLike<number>;
  if (mode === 'ours') {
    const k = Math.max(Math.min(settings.nNeighbors, nt - 1), graphNeighbors(nt, settings.nNeighbors));
    const knn = buildKnn(data, nt, dim, k, { seed: settings.seed });
    m.lap('kNN');
    const p = await project(data, dim, knn, { nNeighbors: Math.min(settings.nNeighbors, nt - 1), seed: settings.seed });
    m.lap('UMAP');
    notes.push(`${nt <= EXACT_UP_TO ? 'exact' : 'NN-descent'} + ${chooseEngine(nt)}`);
    ({ x, y } = p);
  } else if (mode === 'umapjs') {
    const X: number[][] = [];
    for (let i = 0; i < nt; i++) X.push(Array.from(data.subarray(i * dim, (i + 1) * dim)));
    m.reset();
    const emb = new UMAP({ nComponents: 2, random: mulberry32(settings.seed) }).fit(X);
    m.lap('layout');
    x = emb.map((r) => r[0]);
    y = emb.map((r) => r[1]);
  } else {
    // The package's "." entry pulls in its Svelte/Mosaic views; the UMAP module alone runs in Node.
    const modPath = new URL('../node_modules/embedding-atlas/dist/umap.js', import.meta.url).href;
    const { createUMAP } = (await import(modPath)) as {
      createUMAP(n: number, d: number, o: number, data: Float32Array, opts: object): Promise<{ run(): Promise<void>; embedding: Float32Array; destroy(): void }>;
    };
    m.reset();
    const u = await createUMAP(nt, dim, 2, data, { metric: 'cosine', seed: settings.seed });
    await u.run();
    m.lap('layout');
    const e = Float32Array.from(u.embedding);
    u.destroy();
    x = Array.from({ length: nt }, (_, i) => e[2 * i]);
    y = Array.from({ length: nt }, (_, i) => e[2 * i + 1]);
  }
  return { mode, n: nt, rows: m.rows, peakMb: peak(), purity: purity2d(x, y, labels), notes };
}

export async function runChild(mode: string, n: number, embedMax: number): Promise<ChildResult> {
  if (mode === 'full') return full(n, embedMax);
  return layout(mode, n);
}
