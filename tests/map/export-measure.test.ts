// @vitest-environment jsdom
/**
 * Issue 16 item 1: the image export measured a long label once per character
 * (a 20,000-character label blocked SVG export for 77 s). The canvas measurer is
 * replaced by a counting stub (jsdom has no canvas), so the test counts what the
 * export really asks for.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { syntheticLayout } from '../../src/map/demo-data.ts';
import { buildBatches } from '../../src/map/point-batches.ts';
import { fineLabelItems } from '../../src/map/label-items.ts';
import { renderSVG } from '../../src/map/export-image.ts';
import { MAX_DISPLAY_CHARS } from '../../src/map/label-text.ts';
import { stubCanvas } from './stub-canvas.ts';

let calls = 0;
beforeAll(() => {
  stubCanvas(HTMLCanvasElement.prototype, { onMeasure: () => calls++ });
});

function scene(label: string) {
  const layout = syntheticLayout(300, 4, 3);
  layout.clusters[0].label = label;
  const batches = buildBatches(layout);
  return { layout, batches, items: fineLabelItems(layout, new Map(), batches.slots, new Map()), selected: null, highlight: null };
}

describe('SVG export text measuring', () => {
  it('measures a 20,000-character label a bounded number of times and caps what it draws', () => {
    const long = 'x'.repeat(20_000);
    calls = 0;
    const svg = renderSVG(scene(long), 1600, 1000);
    expect(calls).toBeLessThan(400);
    const texts = [...svg.matchAll(/<(?:tspan|text)[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(texts.some((t) => t.startsWith('xxxx'))).toBe(true);
    for (const t of texts) expect([...t].length).toBeLessThanOrEqual(MAX_DISPLAY_CHARS + 12);
  });

  it('a long label of many words costs measurements in proportion to its capped length, not its full length', () => {
    const words = Array.from({ length: 4000 }, (_, i) => `w${i}`).join(' ');
    calls = 0;
    renderSVG(scene(words), 1600, 1000);
    expect(calls).toBeLessThan(2000);
  });
});
