// @vitest-environment jsdom
/**
 * The label layer places labels once per view: a frame that only moves points (the refinement's
 * transition, issue 10) reuses the last placement instead of placing every label again.
 */
import { describe, expect, it } from 'vitest';
import { createLabelLayer, type LabelItem } from '../../src/map/label-layer.ts';
import { stubCanvas } from './stub-canvas.ts';

describe('label layer', () => {
  it('places the labels again only when the labels, the view or the size change', () => {
    let measured = 0;
    stubCanvas(HTMLCanvasElement.prototype, { onMeasure: () => measured++ });
    const parent = document.createElement('div');
    document.body.append(parent);
    const layer = createLabelLayer(parent, () => {});
    const items: LabelItem[] = [
      { id: 0, text: 'pruning · sparsity', cx: -0.5, cy: 0, size: 30, color: '#f00', coarse: false },
      { id: 1, text: 'quantization · low-bit', cx: 0.5, cy: 0.2, size: 20, color: '#00f', coarse: false },
    ];
    const a = { ax: 300, bx: 400, ay: -300, by: 300 };
    const first = layer.update(items, a, 800, 600);
    expect(first.map((p) => p.item.id).sort()).toEqual([0, 1]);
    const texts = [...parent.querySelectorAll('.cluster-label')].map((d) => d.textContent);
    const afterFirst = measured;
    expect(afterFirst).toBeGreaterThan(0);

    // The same labels in a new array, same view: nothing is measured or placed again.
    expect(layer.update(items.slice(), { ...a }, 800, 600)).toBe(first);
    expect(measured).toBe(afterFirst);
    expect([...parent.querySelectorAll('.cluster-label')].map((d) => d.textContent)).toEqual(texts);

    // A pan, a resize or a new label list places them again.
    const panned = layer.update(items, { ...a, bx: 380 }, 800, 600);
    expect(panned).not.toBe(first);
    expect(panned[0].box.x0).not.toBe(first.find((p) => p.item.id === panned[0].item.id)!.box.x0);
    expect(layer.update(items, { ...a, bx: 380 }, 820, 600)).not.toBe(panned);
    const renamed = [{ ...items[0], text: 'pruning' }, items[1]];
    expect(layer.update(renamed, { ...a, bx: 380 }, 820, 600).find((p) => p.item.id === 0)!.lines.join(' ')).toBe('pruning');
  });
});
