// @vitest-environment jsdom
/**
 * Issue 16: every draw of a 20,000-cluster map made a placement candidate (screen position,
 * region box, getters) for each of the 20,000 labels, to try the 600 most important in view.
 * Label items come in priority order, so the candidates stop at the 600th in view. Counted by
 * which items are read; placements are the same as from a list in no particular order.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { layoutLabels, MAX_TRIED, type LabelItem } from '../../src/map/label-layer.ts';
import type { Affine } from '../../src/map/view-math.ts';
import { stubCanvas } from './stub-canvas.ts';

beforeAll(() => {
  stubCanvas(HTMLCanvasElement.prototype);
});

const A: Affine = { ax: 1, bx: 0, ay: 1, by: 0 };

/** n labels spread over a 1200 x 800 view, biggest first (distinct sizes). */
function items(n: number, read?: Set<number>): LabelItem[] {
  return Array.from({ length: n }, (_, i) => {
    const it: LabelItem = { id: i, text: `topic ${i} · graph`, cx: 5 + ((i * 37) % 1190), cy: 5 + ((i * 53) % 790), size: n - i, color: '#000', coarse: false };
    return read ? new Proxy(it, { get: (t, k) => (k === 'cx' && read.add(i), t[k as keyof LabelItem]) }) : it;
  });
}

describe('label candidates', () => {
  it(`20,000 labels in priority order: only the first ${MAX_TRIED} in view are looked at`, () => {
    const read = new Set<number>();
    const placed = layoutLabels(items(20_000, read), A, 1200, 800);
    expect(placed.length).toBeGreaterThan(0);
    expect(read.size).toBeLessThanOrEqual(MAX_TRIED);
  });

  it('places the same labels as the same items in another order', () => {
    const ordered = items(5000);
    const shuffled = [...ordered].reverse();
    const key = (p: ReturnType<typeof layoutLabels>) => p.map((x) => `${x.item.id}@${x.box.x0.toFixed(1)},${x.box.y0.toFixed(1)}`).sort();
    expect(key(layoutLabels(shuffled, A, 1200, 800))).toEqual(key(layoutLabels(ordered, A, 1200, 800)));
  });
});
