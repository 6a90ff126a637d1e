// @vitest-environment jsdom
/**
 * The label layer places labels once per view: a frame that only moves points (the refinement's
 * transition, issue 10) reuses the last placement instead of placing every label again.
 */
import { describe, expect, it } from 'vitest';
import { createLabelLayer, MAX_TRIED, warmLabelBoxes, type LabelItem } from '../../src/map/label-layer.ts';
import { stubCanvas } from './stub-canvas.ts';

/** A label layer over a fresh parent with two labels and a view; `measured()` counts text measurements. */
let measures = 0;
function setup() {
  // One counter for every setup: the text measurer keeps the first canvas context it made (dom.ts).
  const base = measures;
  stubCanvas(HTMLCanvasElement.prototype, { onMeasure: () => measures++ });
  const parent = document.createElement('div');
  document.body.append(parent);
  const layer = createLabelLayer(parent, () => {});
  const items: LabelItem[] = [
    { id: 0, text: 'pruning · sparsity', cx: -0.5, cy: 0, size: 30, color: '#f00', coarse: false },
    { id: 1, text: 'quantization · low-bit', cx: 0.5, cy: 0.2, size: 20, color: '#00f', coarse: false },
  ];
  const a = { ax: 300, bx: 400, ay: -300, by: 300 };
  return { parent, layer, items, a, measured: () => measures - base };
}

describe('label layer', () => {
  it('places the labels again only when the labels, the view or the size change', () => {
    const { parent, layer, items, a, measured } = setup();
    const first = layer.update(items, a, 800, 600);
    expect(first.map((p) => p.item.id).sort()).toEqual([0, 1]);
    const texts = [...parent.querySelectorAll('.cluster-label')].map((d) => d.textContent);
    const afterFirst = measured();
    expect(afterFirst).toBeGreaterThan(0);

    // The same labels in a new array, same view: nothing is measured or placed again.
    expect(layer.update(items.slice(), { ...a }, 800, 600)).toBe(first);
    expect(measured()).toBe(afterFirst);
    expect([...parent.querySelectorAll('.cluster-label')].map((d) => d.textContent)).toEqual(texts);

    // A pan, a resize or a new label list places them again.
    const panned = layer.update(items, { ...a, bx: 380 }, 800, 600);
    expect(panned).not.toBe(first);
    expect(panned[0].box.x0).not.toBe(first.find((p) => p.item.id === panned[0].item.id)!.box.x0);
    expect(layer.update(items, { ...a, bx: 380 }, 820, 600)).not.toBe(panned);
    const renamed = [{ ...items[0], text: 'pruning' }, items[1]];
    expect(layer.update(renamed, { ...a, bx: 380 }, 820, 600).find((p) => p.item.id === 0)!.lines.join(' ')).toBe('pruning');
  });

  it('during a gesture moves the placed labels with their anchors, and places them again on the next update', () => {
    const { parent, layer, items, a, measured } = setup();
    const first = layer.update(items, a, 800, 600);
    const before = measured();
    // Zoom ×1.5 about the screen centre and pan: each label moves by its anchor's move on screen, nothing is measured.
    const b = { ax: 450, bx: 400 - 30, ay: -450, by: 300 + 10 };
    const moved = layer.follow(b);
    expect(measured()).toBe(before);
    for (const p of moved) {
      const q = first.find((f) => f.item.id === p.item.id)!;
      expect(p.box.x0 - q.box.x0).toBeCloseTo(b.ax * p.item.cx + b.bx - (a.ax * p.item.cx + a.bx), 6);
      expect(p.box.y0 - q.box.y0).toBeCloseTo(b.ay * p.item.cy + b.by - (a.ay * p.item.cy + a.by), 6);
      const div = [...parent.querySelectorAll<HTMLDivElement>('.cluster-label')].find((d) => d.dataset.clusterId === String(p.item.id))!;
      expect(div.style.transform).toContain(`${p.box.x0.toFixed(1)}px`);
    }
    // The view is still: the next update places them for it (not the followed boxes from the memo).
    const placed = layer.update(items, b, 800, 600);
    expect(placed).not.toBe(moved);
    expect(layer.update(items, b, 800, 600)).toBe(placed);
  });

  it('lets presses through its labels in lasso mode (a loop may start on a label), and takes them again after', () => {
    stubCanvas(HTMLCanvasElement.prototype, {});
    const parent = document.createElement('div');
    document.body.append(parent);
    const layer = createLabelLayer(parent, () => {});
    const items: LabelItem[] = [{ id: 0, text: 'pruning', cx: 0, cy: 0, size: 30, color: '#f00', coarse: false }];
    const a = { ax: 300, bx: 400, ay: -300, by: 300 };
    layer.update(items, a, 800, 600);
    const events = () => [...parent.querySelectorAll<HTMLDivElement>('.cluster-label')].map((d) => d.style.pointerEvents);
    expect(events()).toEqual(['auto']);
    layer.setPassThrough(true);
    expect(events()).toEqual(['none']);
    // Labels made while in lasso mode let presses through too.
    layer.update([...items, { id: 1, text: 'quantization', cx: 0.8, cy: 0.5, size: 20, color: '#00f', coarse: false }], a, 800, 600);
    expect(events()).toEqual(['none', 'none']);
    layer.setPassThrough(false);
    expect(events()).toEqual(['auto', 'auto']);
  });
});

describe('warmLabelBoxes', () => {
  it('measures, a checkpoint per label, the labels a placement tries, so the placement then measures none (issue 10)', () => {
    const { layer, a, measured } = setup();
    // Fresh texts (the wrap memo is module-wide), listed out of priority order.
    const tag = `w${Math.random().toString(36).slice(2)}`;
    const items: LabelItem[] = Array.from({ length: 12 }, (_, i) => ({
      id: i, text: `${tag} topic ${i} · words ${i}`, cx: -0.8 + (i % 4) * 0.5, cy: -0.6 + Math.floor(i / 4) * 0.5, size: 10 + ((i * 7) % 12), color: '#f00', coarse: false,
    }));
    const task = warmLabelBoxes(items);
    let checkpoints = 0;
    let r = task.next();
    for (; !r.done; r = task.next()) checkpoints++;
    expect(r.value).toBe(12);
    expect(checkpoints).toBe(13); // the set-up, then one per label
    const warmed = measured();
    expect(warmed).toBeGreaterThan(0);
    const placed = layer.update(items, a, 800, 600);
    expect(placed.length).toBeGreaterThan(0);
    expect(measured()).toBe(warmed);
  });

  it('stops at MAX_TRIED labels, the most important first', () => {
    const items: LabelItem[] = Array.from({ length: MAX_TRIED + 50 }, (_, i) => ({
      id: i, text: `t${i}`, cx: 0, cy: 0, size: i, color: '#f00', coarse: false, // smallest first: not in priority order
    }));
    setup();
    const task = warmLabelBoxes(items);
    let r = task.next();
    while (!r.done) r = task.next();
    expect(r.value).toBe(MAX_TRIED);
  });
});
