/**
 * Packing variants on one fixed UMAP run (not a test): the first run of a file maps it with the
 * packing off (embeddings from the CLI's disk cache, as bench:layout) and stores that layout under
 * node_modules/.cache/paperscope-pack-explore/; each variant (JSON of PackOptions, plus `gap` and
 * `save`: a path for the SVG export; "none" = no packing; null = the defaults) is then applied to
 * it, and the figures of bench:layout are printed: canvas and hull share, 2-D kNN-10 purity (also
 * over neighbours of the same cluster only), silhouette, labels, and `cross`: the share of points
 * with a point of another cluster among their 10 nearest.
 * Usage: npx tsx bench/pack-explore.ts <file> ['{"relax":0.95}' '"none"' null ...]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readPapers } from '../cli/read-input.ts';
import { diskCache } from '../cli/disk-cache.ts';
import { lazyEncoder } from '../cli/lazy-encoder.ts';
import { embedStage, layoutStage } from '../src/pipeline/run.ts';
import { normaliseLayout } from '../src/pipeline/project.ts';
import { svgFigures } from '../tests/map/svg-figures.ts';
import { DEFAULT_SETTINGS, type Layout } from '../src/types.ts';
import { svgExportModules } from './svg-env.ts';

const { buildBatches, fineLabelItems, clusterExtents, computeGeometry, renderSVG } = await svgExportModules();
const pack = await import('../src/pipeline/pack.ts');

function purity2d(xs: number[], ys: number[], labels: string[], k: number, cl?: number[]): number {
  const n = xs.length;
  let sum = 0;
  const d = new Float64Array(n);
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) d[j] = j === i || (cl && cl[j] !== cl[i]) ? Infinity : (xs[i] - xs[j]) ** 2 + (ys[i] - ys[j]) ** 2;
    idx.sort((a, b) => d[a] - d[b]);
    let same = 0;
    for (let p = 0; p < k; p++) if (labels[idx[p]] === labels[i]) same++;
    sum += same / k;
  }
  return sum / Math.max(1, n);
}

const [file, ...vs] = process.argv.slice(2);
const DIR = 'node_modules/.cache/paperscope-pack-explore';
mkdirSync(DIR, { recursive: true });
const dump = `${DIR}/${file.split('/').pop()}.json`;
const papers = readPapers(file);
const labels = papers.map((p) => p.extra?.label ?? '');
let layout: Layout;
if (!existsSync(dump)) {
  const encoder = lazyEncoder();
  const computed = await embedStage(papers, encoder, { settings: DEFAULT_SETTINGS, cache: diskCache() });
  const r = await layoutStage(papers, computed, { settings: DEFAULT_SETTINGS, layoutParams: { pack: 0 } });
  encoder.dispose();
  layout = r.layout;
  writeFileSync(dump, JSON.stringify({ ...layout, x: [...layout.x], y: [...layout.y], cluster: [...layout.cluster], dupOf: [...layout.dupOf] }));
}
const raw = JSON.parse(readFileSync(dump, 'utf8'));
const base: Layout = { ...raw, x: Float32Array.from(raw.x), y: Float32Array.from(raw.y), cluster: Int32Array.from(raw.cluster), dupOf: Int32Array.from(raw.dupOf) };
const keep = [...base.x.keys()].filter((i) => Number.isFinite(base.x[i]) && base.dupOf[i] === i);

for (const v of vs.length ? vs : ['null']) {
  const opts = JSON.parse(v);
  const L: Layout = structuredClone(base);
  if (opts !== 'none') {
    const p = { x: Float32Array.from(keep, (i) => base.x[i]), y: Float32Array.from(keep, (i) => base.y[i]) };
    const cl = Int32Array.from(keep, (i) => base.cluster[i]);
    const t0 = performance.now();
    pack.packClusters(p, cl, opts?.gap ?? 3.5, opts ?? {});
    normaliseLayout(p);
    const ms = performance.now() - t0;
    const pos = new Map(keep.map((i, j) => [i, j]));
    for (let i = 0; i < L.x.length; i++) {
      const j = pos.get(L.dupOf[i]);
      if (j === undefined) continue;
      L.x[i] = p.x[j]; L.y[i] = p.y[j];
    }
    for (const c of L.clusters) {
      const top = c.members.slice(0, Math.max(3, Math.ceil(c.members.length / 3)));
      let best = top[0], bd = Infinity;
      for (const a of top) { let d = 0; for (const b of top) d += Math.hypot(L.x[a] - L.x[b], L.y[a] - L.y[b]); if (d < bd) [best, bd] = [a, d]; }
      c.cx = L.x[best]; c.cy = L.y[best];
    }
    console.error(`pack ${ms.toFixed(0)} ms`);
  }
  const xs = keep.map((i) => L.x[i]), ys = keep.map((i) => L.y[i]);
  const pur = labels.some((l) => l) ? purity2d(xs, ys, keep.map((i) => labels[i]), 10) : NaN;
  const purW = labels.some((l) => l) ? purity2d(xs, ys, keep.map((i) => labels[i]), 10, keep.map((i) => L.cluster[i])) : NaN;
  // cross: share of clustered points with a point of another cluster among their 10 nearest
  let cross = 0;
  { const cs = keep.map((i) => L.cluster[i]); const d = new Float64Array(xs.length); const idx = [...d.keys()];
    for (let i = 0; i < xs.length; i++) { for (let j = 0; j < xs.length; j++) d[j] = i === j ? Infinity : (xs[i] - xs[j]) ** 2 + (ys[i] - ys[j]) ** 2; idx.sort((a, b) => d[a] - d[b]); if (cs[i] >= 0 && idx.slice(0, 10).some((j) => cs[j] !== cs[i])) cross++; } }
  console.log(`cross ${(cross / xs.length).toFixed(4)}`);
  const batches = buildBatches(L);
  const geo = computeGeometry(L);
  const items = fineLabelItems(L, new Map(), batches.slots, clusterExtents(L.x, L.y, L.cluster), undefined, geo);
  const svg = renderSVG({ layout: L, batches, items, selected: null, highlight: null, geo }, 1600, 1000);
  const f = svgFigures(svg);
  if (opts?.save) writeFileSync(opts.save, svg);
  console.log(`${file.split('/').pop()} ${v}: canvas ${(100 * f.canvasShare).toFixed(1)}% hull ${(100 * f.hullShare).toFixed(0)}% purity ${pur.toFixed(4)} (within ${purW.toFixed(4)}) sil ${f.silhouette.toFixed(3)} trunc ${f.truncated} overl ${f.overlapping} stray ${f.stray}/${f.labels}`);
}
