import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { placeLabels, type LabelCandidate } from '../../src/map/label-placement.ts';
import { boxesIntersect } from '../../src/map/geometry.ts';

const cand = (id: number, x: number, y: number, size: number, w = 100, h = 20): LabelCandidate => ({ id, x, y, w, h, size });

describe('placeLabels', () => {
  it('never places two overlapping labels', () => {
    const arb = fc.array(
      fc.record({ x: fc.double({ min: 0, max: 800, noNaN: true }), y: fc.double({ min: 0, max: 600, noNaN: true }),
        w: fc.double({ min: 10, max: 220, noNaN: true }), h: fc.constantFrom(20, 24), size: fc.nat(1000) }),
      { maxLength: 120 },
    );
    fc.assert(fc.property(arb, (cs) => {
      const placed = placeLabels(cs.map((c, i) => ({ id: i, ...c })), { width: 800, height: 600, gap: 0 });
      for (let i = 0; i < placed.length; i++) {
        for (let j = i + 1; j < placed.length; j++) expect(boxesIntersect(placed[i].box, placed[j].box)).toBe(false);
      }
      for (const p of placed) {
        expect(p.box.x0).toBeGreaterThanOrEqual(0);
        expect(p.box.x1).toBeLessThanOrEqual(800 + 1e-9);
      }
    }));
  });

  it('gives the space to the bigger cluster when two labels collide', () => {
    const placed = placeLabels([cand(1, 100, 100, 5), cand(2, 110, 105, 50)], { width: 500, height: 500 });
    expect(placed.map((p) => p.id)).toEqual([2]);
  });

  it('shows more labels when the same clusters are spread further apart (zooming in)', () => {
    const centres = Array.from({ length: 30 }, (_, i) => [(i % 6) * 30, Math.floor(i / 6) * 12]);
    const at = (k: number) => placeLabels(centres.map(([x, y], i) => cand(i, 20 + x * k, 20 + y * k, 30 - i, 80, 20)), { width: 5000, height: 5000 }).length;
    expect(at(4)).toBeGreaterThan(at(1));
  });

  it('skips labels whose anchor is off screen', () => {
    const placed = placeLabels([cand(1, -50, 100, 9), cand(2, 200, 100, 1)], { width: 400, height: 300 });
    expect(placed.map((p) => p.id)).toEqual([2]);
  });
});
