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

describe('PNG export: the points pixel buffer in bands', () => {
  it('puts a big map\'s pixels PNG_BAND rows at a time, a turn of the event loop after each band', async () => {
    const { PNG_BAND } = await import('../../src/map/export-image.ts');
    const puts: number[][] = [];
    const saved = HTMLCanvasElement.prototype.getContext;
    const G = globalThis as { ImageData?: unknown; OffscreenCanvas?: unknown };
    const savedImageData = G.ImageData, savedOffscreen = G.OffscreenCanvas;
    /** A context whose canvas is its element, that makes image data and records putImageData's arguments. */
    const context = (canvas: { width: number; height: number }) => new Proxy({}, {
      get(_t, k) {
        if (k === 'canvas') return canvas;
        if (k === 'measureText') return (s: string) => ({ width: 7 * s.length });
        if (k === 'createImageData') return (w: number, h: number) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) });
        if (k === 'putImageData') return (...a: unknown[]) => puts.push(a.slice(1).map(Number));
        return () => undefined;
      },
      set: () => true,
    });
    HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement) { return context(this); } as never;
    G.ImageData = class { constructor(public data: Uint8ClampedArray, public width: number, public height: number) {} };
    G.OffscreenCanvas = class { constructor(public width: number, public height: number) {} getContext() { return context(this); } };
    try {
      // Every checkpoint due: a turn after every step of the drawing task.
      let t = 0;
      const turns = { n: 0 };
      const opts = { budgetMs: 0, now: () => t++, pause: () => (turns.n++, Promise.resolve()) };
      const s = scene(6000); // past PIXEL_PATH_MIN: drawn as pixels
      const blob = await renderPNG(s, 1600, 1000, opts);
      expect(blob.type).toBe('image/png');
      // The old export put the whole 1600 x 1000 buffer in one call (no dirty rectangle).
      expect(puts.length).toBe(Math.ceil(1000 / PNG_BAND));
      let row = 0;
      for (const [dx, dy, x0, y0, w, h] of puts) {
        expect([dx, dy, x0, y0, w]).toEqual([0, 0, 0, row, 1600]);
        expect(h).toBeLessThanOrEqual(PNG_BAND);
        row += h;
      }
      expect(row).toBe(1000);
      expect(turns.n).toBeGreaterThanOrEqual(3 + puts.length);
    } finally {
      HTMLCanvasElement.prototype.getContext = saved;
      G.ImageData = savedImageData;
      G.OffscreenCanvas = savedOffscreen;
    }
  });
});
