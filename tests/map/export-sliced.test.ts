// @vitest-environment jsdom
/**
 * Issue 16: the SVG export of a 20,000-cluster map built 20,000 <circle> elements and serialised
 * them in one 0.9 s task, and the PNG export placed labels, wrapped the legend and drew in one
 * task. The page's exports now run in slices: these tests count the event-loop turns they give
 * (a fake clock makes every checkpoint due) and check the sliced SVG is the one-go text.
 * jsdom has no canvas: a stub context measures text.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticLayout } from '../../src/map/demo-data.ts';
import { buildBatches } from '../../src/map/point-batches.ts';
import { fineLabelItems } from '../../src/map/label-items.ts';
import { renderPNG, renderSVG, renderSVGAsync } from '../../src/map/export-image.ts';
import { stubCanvas } from './stub-canvas.ts';

beforeAll(() => {
  stubCanvas(HTMLCanvasElement.prototype);
  (globalThis as { Path2D?: unknown }).Path2D ??= class { moveTo() {} lineTo() {} closePath() {} arc() {} };
  HTMLCanvasElement.prototype.toBlob = function (cb: BlobCallback) {
    cb(new Blob(['png'], { type: 'image/png' }));
  };
});

function scene(n: number) {
  const layout = syntheticLayout(n, 40, 5);
  const batches = buildBatches(layout);
  const selected = new Uint8Array(n);
  for (let i = 0; i < n; i += 4) selected[i] = 1;
  return { layout, batches, items: fineLabelItems(layout, new Map(), batches.slots, new Map()), selected, highlight: null };
}

/** A clock that moves 1 ms per reading with a 5 ms budget: a checkpoint is due every few readings. */
function counting() {
  let t = 0;
  const turns = { n: 0 };
  return { turns, opts: { budgetMs: 5, now: () => t++, pause: () => (turns.n++, Promise.resolve()) } };
}

describe('image exports in time slices', () => {
  it('SVG: the circles are made a slice at a time, and the text is what the one-go export gives', async () => {
    const s = scene(4000);
    const { turns, opts } = counting();
    const svg = await renderSVGAsync(s, 1600, 1000, opts);
    expect(svg).toBe(renderSVG(s, 1600, 1000));
    // One per point (leader lines add a dot each).
    expect(svg.match(/<circle /g)?.length).toBeGreaterThanOrEqual(s.batches.nDrawn);
    // Frame, labels and legend in tasks of their own, then the 4,000 circles over many slices.
    expect(turns.n).toBeGreaterThan(100);
  });

  it('PNG: frame, label placement and legend each end with a turn of the event loop before drawing', async () => {
    const { turns, opts } = counting();
    const blob = await renderPNG(scene(2000), 1600, 1000, opts);
    expect(blob.type).toBe('image/png');
    expect(turns.n).toBe(3);
  });
});
