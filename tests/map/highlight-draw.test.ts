/**
 * Issue 16: a search that highlighted every paper of a 20,000-cluster map built a ring arc per
 * highlight (0.4 s of `arc`) that the frame then never stroked, and the canvas spent 0.5 s
 * filling and stroking 100,000 highlight squares: past MANY_HIGHLIGHTS the highlights are
 * written as pixels, with no path at all: into the points' own pixel buffer when the points are
 * pixels too (one putImageData per frame; a second full-canvas buffer, putImageData and
 * drawImage were 45 ms of the 100,000-paper search's frame), else on a layer drawn over the map.
 * Counted on stub contexts (Node has no canvas).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syntheticLayout } from '../../src/map/demo-data.ts';
import { buildBatches } from '../../src/map/point-batches.ts';
import { drawPoints, MANY_HIGHLIGHTS } from '../../src/map/point-layer.ts';
import type { Affine } from '../../src/map/view-math.ts';

const IDENTITY: Affine = { ax: 1, bx: 0, ay: 1, by: 0 };

const calls: Record<string, number> = {};
/** The last ImageData put on a stub context. */
let put: ImageData | null = null;
/** Pixels of the highlights' dark edge (#111111) in an ImageData. */
const edgePixels = (img: ImageData | null) => {
  let n = 0;
  const d = img?.data ?? new Uint8ClampedArray(0);
  for (let k = 0; k < d.length; k += 4) if (d[k] === 0x11 && d[k + 1] === 0x11 && d[k + 2] === 0x11 && d[k + 3] === 255) n++;
  return n;
};
const count = (k: string) => (calls[k] = (calls[k] ?? 0) + 1);
const G = globalThis as { Path2D?: unknown; OffscreenCanvas?: unknown };
let saved: unknown;
let savedOffscreen: unknown;

/** A context (or path) that counts every method called on it. */
function stub(): CanvasRenderingContext2D {
  return new Proxy({}, {
    get(_t, k) {
      if (k === 'canvas') return { width: 800, height: 600 };
      if (k === 'createImageData') return (w: number, h: number) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) });
      return (...args: unknown[]) => {
        count(String(k));
        if (k === 'putImageData') put = args[0] as ImageData;
        return args;
      };
    },
    set: () => true,
  }) as CanvasRenderingContext2D;
}

beforeEach(() => {
  for (const k of Object.keys(calls)) delete calls[k];
  put = null;
  saved = G.Path2D;
  savedOffscreen = G.OffscreenCanvas;
  G.Path2D = function Path2D() {
    return stub();
  };
  G.OffscreenCanvas = function OffscreenCanvas(width: number, height: number) {
    return { width, height, getContext: () => stub() };
  };
});
afterEach(() => {
  G.Path2D = saved;
  G.OffscreenCanvas = savedOffscreen;
});

function scene(n: number) {
  const layout = syntheticLayout(n, 5, 7);
  // Points spread one per pixel cell, so none is dropped as a repeat.
  for (let i = 0; i < n; i++) {
    layout.x[i] = 5 + (i % 700);
    layout.y[i] = 5 + Math.floor(i / 700) * 4;
  }
  return { layout, batches: buildBatches(layout, new Map()) };
}

describe('highlighted points', () => {
  it(`past ${MANY_HIGHLIGHTS} highlights on a pixel-drawn map: in the points' own buffer, one putImageData, no layer, no path`, () => {
    const { layout, batches } = scene(5000);
    // Every point highlighted (the search in the issue matched all of them).
    const highlight = Array.from({ length: 5000 }, (_, i) => i);
    const ctx = stub();
    drawPoints(ctx, batches, layout.x, layout.y, IDENTITY, { width: 800, height: 600, dpr: 1, radius: 2, selected: null, highlight });
    expect(calls.rect ?? 0).toBe(0);
    expect(calls.arc ?? 0).toBe(0);
    // The points are pixels (5,000 >= PIXEL_PATH_MIN): the highlights go into the same buffer, put once, no layer.
    expect(calls.drawImage ?? 0).toBe(0);
    expect(calls.putImageData).toBe(1);
    expect(edgePixels(put)).toBeGreaterThan(5000);
  });

  it(`past ${MANY_HIGHLIGHTS} highlights over points drawn as paths: one layer, drawn once`, () => {
    const { layout, batches } = scene(1800);
    const highlight = Array.from({ length: 1800 }, (_, i) => i);
    drawPoints(stub(), batches, layout.x, layout.y, IDENTITY, { width: 800, height: 600, dpr: 1, radius: 2, selected: null, highlight });
    expect(calls.arc).toBe(1800); // the points' own dots; none for the highlights
    expect(calls.drawImage).toBe(1);
    expect(calls.putImageData).toBe(1);
    expect(edgePixels(put)).toBeGreaterThan(1800);
  });

  it('a few highlights: round dots with one ring each', () => {
    const { layout, batches } = scene(5000);
    const highlight = Array.from({ length: 40 }, (_, i) => i * 3);
    drawPoints(stub(), batches, layout.x, layout.y, IDENTITY, { width: 800, height: 600, dpr: 1, radius: 2, selected: null, highlight });
    expect(calls.rect ?? 0).toBe(0);
    expect(calls.arc).toBe(80); // a dot and a ring per highlight
  });
});
