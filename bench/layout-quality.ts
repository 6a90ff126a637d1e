/**
 * Layout benchmark (not a test): maps each corpus with the current layout
 * settings ("now") and with the settings before issue 12 ("before": UMAP
 * min_dist 0.1, spread 1, no cluster-aware layout), plus any variants named on
 * the command line, and prints per run ("issue 12, first pass": cluster inflation instead of packing,
 * as the layout was before the packing step):
 *   silhouette — 2-D silhouette of the points by their map cluster (outliers left out);
 *   purity     — 2-D kNN-10 purity against the file's `label` field (labelled sets only);
 *   canvas     — share of 32-px cells of a 1300 x 1000 map area (the 1600 x 1000 export
 *                minus its legend) holding a point, with the layout fitted as at "Fit";
 *   hull       — area of the points' convex hull over that map area (the canvas share is at most
 *                points / 1,312 cells: 5% for the 68-paper demo whatever its shape);
 *   off-region — labels of the SVG export (1600 x 1000, rendered in jsdom with text measured as
 *                0.55 em per character) neither on their cluster's region nor led to it.
 * All figures are read from the SVG export (tests/map/svg-figures.ts), so they match the tests.
 * Embeddings come from the CLI's disk cache (npm run map fills it).
 * Usage: npm run bench:layout [-- --variants "minDist,spread,clusterWeight,inflate,pack,umapNeighbors;..."] [file ...]
 */
import { existsSync } from 'node:fs';
import { readPapers } from '../cli/read-input.ts';
import { diskCache } from '../cli/disk-cache.ts';
import { lazyEncoder } from '../cli/lazy-encoder.ts';
import { embedStage, layoutStage } from '../src/pipeline/run.ts';
import { layoutParams, SMALL_CORPUS, type LayoutParams } from '../src/pipeline/layout.ts';
import { svgFigures } from '../tests/map/svg-figures.ts';
import { DEFAULT_SETTINGS, type Layout } from '../src/types.ts';
import { svgExportModules } from './svg-env.ts';

// The SVG export needs a DOM and a canvas to measure text: jsdom, and the stub the map tests use.
const { buildBatches, fineLabelItems, clusterExtents, mapGeometry, renderSVG } = await svgExportModules();

function exportFigures(layout: Layout) {
  const batches = buildBatches(layout);
  const geo = mapGeometry(layout);
  const items = fineLabelItems(layout, new Map(), batches.slots, clusterExtents(layout.x, layout.y, layout.cluster), undefined, geo);
  return svgFigures(renderSVG({ layout, batches, items, selected: null, highlight: null, geo }, 1600, 1000));
}

/** Euclidean kNN-k purity in 2-D: the share of each point's k nearest points (brute force) with its label. */
function purity2d(xs: number[], ys: number[], labels: string[], k: number): number {
  const n = xs.length;
  let sum = 0;
  const d = new Float64Array(n);
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) d[j] = j === i ? Infinity : (xs[i] - xs[j]) ** 2 + (ys[i] - ys[j]) ** 2;
    idx.sort((a, b) => d[a] - d[b]);
    let same = 0;
    for (let p = 0; p < k; p++) if (labels[idx[p]] === labels[i]) same++;
    sum += same / k;
  }
  return sum / Math.max(1, n);
}

const args = process.argv.slice(2);
const vi = args.indexOf('--variants');
type Variant = Partial<LayoutParams> | ((n: number) => Partial<LayoutParams>) | null;
const variants: [string, Variant][] = [
  ['before', { minDist: 0.1, spread: 1, clusterWeight: 0, inflate: 0, pack: 0, umapNeighbors: 0 }],
  ['issue 12, first pass', (n) => ({ minDist: 0.1, spread: 1, clusterWeight: n <= SMALL_CORPUS ? 0.5 : 0, inflate: n <= SMALL_CORPUS ? 0.45 : 0.35, pack: 0, umapNeighbors: 0 })],
  ['now', null],
];
if (vi >= 0) {
  for (const v of args[vi + 1].split(';')) {
    const [minDist, spread, clusterWeight, inflate = 0, pack = 0, umapNeighbors = 0] = v.split(',').map(Number);
    variants.push([`md ${minDist} sp ${spread} cw ${clusterWeight} inf ${inflate} pack ${pack} k ${umapNeighbors}`, { minDist, spread, clusterWeight, inflate, pack, umapNeighbors }]);
  }
  args.splice(vi, 2);
  variants.splice(1, 2); // comparing variants: "first pass" and "now" only when run plainly
}
const files = args.length ? args : ['public/samples/hf-daily-papers-listing.txt', '../shared/data/ml-topics-13-dev.jsonl', '../shared/data/arxiv-sample-993.jsonl'];
const encoder = lazyEncoder();
const cache = diskCache();

console.log('| corpus | N | layout | min_dist | spread | cluster weight | inflate | pack gap | UMAP k | clusters | silhouette 2-D | kNN-10 purity 2-D | canvas used at Fit | hull at Fit | labels off-region |');
console.log('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const file of files) {
  if (!existsSync(file)) {
    console.error(`skip: ${file} absent`);
    continue;
  }
  const papers = readPapers(file);
  const computed = await embedStage(papers, encoder, { settings: DEFAULT_SETTINGS, cache });
  if (encoder.loaded()) console.error(`note: ${file} needed embedding (cache misses)`);
  const labels = papers.map((p) => p.extra?.label ?? '');
  const labelled = labels.some((l) => l);
  for (const [name, over] of variants) {
    const n = computed.prepared.texts.length;
    const lp = { ...layoutParams(n), ...(typeof over === 'function' ? over(n) : over) };
    const { layout } = await layoutStage(papers, computed, { settings: DEFAULT_SETTINGS, layoutParams: lp });
    const keep = [...layout.x.keys()].filter((i) => Number.isFinite(layout.x[i]) && layout.dupOf[i] === i);
    const xs = keep.map((i) => layout.x[i]), ys = keep.map((i) => layout.y[i]);
    let purity = NaN;
    if (labelled) {
      purity = purity2d(xs, ys, keep.map((i) => labels[i]), 10);
    }
    // Silhouette, canvas, hull and labels as the SVG export shows them (silhouette in export pixels: the same as in data units).
    const f = exportFigures(layout);
    console.log(`| ${file.split('/').pop()} | ${keep.length} | ${name} | ${lp.minDist} | ${lp.spread} | ${lp.clusterWeight} | ${lp.inflate} | ${lp.pack} | ${Math.min(n - 1, Math.max(DEFAULT_SETTINGS.nNeighbors, lp.umapNeighbors))} | ${layout.clusters.length} | ${f.silhouette.toFixed(3)} | ${labelled ? purity.toFixed(3) : 'n/a'} | ${(100 * f.canvasShare).toFixed(1)}% | ${(100 * f.hullShare).toFixed(0)}% | ${f.stray} of ${f.labels} |`);
  }
}
encoder.dispose();
