// @vitest-environment jsdom
/**
 * Issue 12's figures for `ml-topics-13-dev.jsonl` (1,449 papers, 13 labelled topics),
 * read from the SVG export as a user would get it: points use at least 47% of the
 * map area at Fit (issue 12 asks 40%; before issue 12: 9-14%; the packing before this one: 44%), every
 * label is on its cluster's region or joined to it by a leader line, no label is
 * truncated or overlaps another, and the 2-D kNN-10 purity of the layout is not
 * lower than plain UMAP's (min_dist 0.1, 15 neighbours, nothing cluster-aware).
 * Runs without the sentence model: the map is the keyword view (semantic weight 0,
 * as `npm run map -- --weight 0`), the layout code is the same. Text is measured by
 * a stub (0.55 em per character; jsdom has no canvas). Skipped without ../shared/data.
 */
import { beforeAll, expect, it } from 'vitest';
import { readPapers } from '../../cli/read-input.ts';
import { embedStage, layoutStage } from '../../src/pipeline/run.ts';
import { EMBED_DIM, type Encoder } from '../../src/pipeline/embed.ts';
import { layoutParams } from '../../src/pipeline/layout.ts';
import { DEFAULT_SETTINGS, type Layout } from '../../src/types.ts';
import { buildBatches } from '../../src/map/point-batches.ts';
import { fineLabelItems } from '../../src/map/label-items.ts';
import { clusterExtents } from '../../src/map/cluster-extent.ts';
import { mapGeometry } from '../../src/map/regions.ts';
import { renderSVG } from '../../src/map/export-image.ts';
import { svgFigures } from './svg-figures.ts';
import { describeWithData, sharedData } from '../shared-data.ts';
import { stubCanvas } from './stub-canvas.ts';

const FILE = 'ml-topics-13-dev.jsonl';

beforeAll(() => {
  stubCanvas(HTMLCanvasElement.prototype, { byFont: true });
});

/** The same unit vector for every text: the keyword view alone, as `npm run map -- --weight 0`. */
const constantEncoder: Encoder = {
  async embedBatch(texts) {
    return new Float32Array(texts.length * EMBED_DIM).fill(1 / Math.sqrt(EMBED_DIM));
  },
  encode: () => [],
  dispose() {},
};

function purity2d(layout: Layout, labels: string[], k = 10): number {
  const keep = [...layout.x.keys()].filter((i) => Number.isFinite(layout.x[i]) && layout.dupOf[i] === i);
  const d = new Float64Array(keep.length);
  const idx = keep.map((_, j) => j);
  let sum = 0;
  keep.forEach((i, a) => {
    keep.forEach((j, b) => (d[b] = a === b ? Infinity : (layout.x[i] - layout.x[j]) ** 2 + (layout.y[i] - layout.y[j]) ** 2));
    idx.sort((p, q) => d[p] - d[q]);
    let same = 0;
    for (let p = 0; p < k; p++) if (labels[keep[idx[p]]] === labels[i]) same++;
    sum += same / k;
  });
  return sum / keep.length;
}

describeWithData(FILE, 'the 13-topic map reads at a glance (SVG export)', () => {
  it('uses >= 47% of the canvas at Fit, every label on its region or led to it, none cut or overlapping, purity kept', async () => {
    const papers = readPapers(sharedData(FILE));
    const settings = { ...DEFAULT_SETTINGS, semanticWeight: 0 };
    const computed = await embedStage(papers, constantEncoder, { settings });
    const labels = papers.map((p) => p.extra?.label ?? '');
    const { layout } = await layoutStage(papers, computed, { settings, keywordOnly: true });
    const plain = await layoutStage(papers, computed, {
      settings, keywordOnly: true, layoutParams: { ...layoutParams(papers.length), minDist: 0.1, spread: 1, clusterWeight: 0, inflate: 0, pack: 0, umapNeighbors: 0 },
    });
    const batches = buildBatches(layout);
    const geo = mapGeometry(layout);
    const items = fineLabelItems(layout, new Map(), batches.slots, clusterExtents(layout.x, layout.y, layout.cluster), undefined, geo);
    const f = svgFigures(renderSVG({ layout, batches, items, selected: null, highlight: null, geo }, 1600, 1000));
    const purity = purity2d(layout, labels), purityPlain = purity2d(plain.layout, labels);
    console.log(`[ml-13 keyword map] SVG figures ${JSON.stringify(f)}; 2-D kNN-10 purity ${purity.toFixed(3)} (plain UMAP ${purityPlain.toFixed(3)})`);
    expect(f.points).toBe(papers.length);
    expect(f.labels).toBeGreaterThanOrEqual(Math.min(layout.clusters.length, 10));
    // Issue 12 asks 40%. Measured: 49% (clusters packed into the canvas's aspect, closed up with a weaker
    // pull to their start, spread evenly inside their discs); 44% with the packing before, whose even
    // spacing pushed across clusters (30% with the disc packing before that, 5.9% with plain UMAP).
    expect(f.canvasShare).toBeGreaterThanOrEqual(0.47);
    expect(f.stray).toBe(0);
    expect(f.truncated).toBe(0);
    expect(f.overlapping).toBe(0);
    expect(purity).toBeGreaterThanOrEqual(purityPlain);
    // Two UMAP runs of 1,449 papers: a guard against hangs, not a speed check (the machine may be busy).
  }, 900_000);
});
