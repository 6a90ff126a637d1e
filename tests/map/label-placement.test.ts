import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { placeLabels, segmentHitsBox, type LabelCandidate } from '../../src/map/label-placement.ts';
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

  it('gives the space to the bigger cluster when two labels collide; the smaller moves one line off or is dropped', () => {
    const placed = placeLabels([cand(1, 100, 100, 5), cand(2, 110, 105, 50)], { width: 500, height: 500 });
    const big = placed.find((p) => p.id === 2)!;
    expect(big.box).toEqual({ x0: 60, y0: 95, x1: 160, y1: 115 });
    const small = placed.find((p) => p.id === 1)!;
    expect(Math.abs((small.box.y0 + small.box.y1) / 2 - 100)).toBeGreaterThanOrEqual(20);
    expect(boxesIntersect(small.box, big.box)).toBe(false);
    // With the lines above and below taken too, the small one has nowhere to go.
    const crowded = placeLabels([cand(1, 100, 100, 5), cand(2, 110, 105, 50), cand(3, 110, 80, 40), cand(4, 110, 130, 30)], { width: 500, height: 500 });
    expect(crowded.map((p) => p.id)).not.toContain(1);
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

  it('keeps labels off obstacles such as the toolbar, moving one below it rather than dropping it', () => {
    const toolbar = { x0: 250, y0: 8, x1: 392, y1: 40 };
    const placed = placeLabels([cand(1, 330, 20, 9), cand(2, 100, 200, 1)], { width: 400, height: 300, avoid: [toolbar] });
    expect(placed.map((p) => p.id)).toEqual([1, 2]);
    for (const p of placed) expect(boxesIntersect(p.box, toolbar)).toBe(false);
    expect(placed[0].box.y0).toBeGreaterThanOrEqual(toolbar.y1);
  });

  it('never covers an obstacle, whatever the candidates', () => {
    const avoid = [{ x0: 600, y0: 0, x1: 800, y1: 40 }];
    const arb = fc.array(fc.record({ x: fc.double({ min: 0, max: 800, noNaN: true }), y: fc.double({ min: 0, max: 600, noNaN: true }), size: fc.nat(1000) }), { maxLength: 60 });
    fc.assert(fc.property(arb, (cs) => {
      const placed = placeLabels(cs.map((c, i) => cand(i, c.x, c.y, c.size)), { width: 800, height: 600, avoid });
      return placed.every((p) => !boxesIntersect(p.box, avoid[0]));
    }));
  });
});

describe('placeLabels with leader lines', () => {
  it('joins a label moved a line up or down off its anchor to it by a short leader; one on its anchor has none', () => {
    const placed = placeLabels([cand(1, 200, 200, 50), cand(2, 205, 202, 5)], { width: 500, height: 500 });
    const big = placed.find((p) => p.id === 1)!, moved = placed.find((p) => p.id === 2)!;
    expect(big.leader).toBeUndefined();
    expect(moved.box.y1 <= 202 || moved.box.y0 >= 202).toBe(true);
    expect(moved.leader).toBeDefined();
    const l = moved.leader!;
    expect([l.x0, l.y0]).toEqual([205, 202]);
    // It ends on the moved box's nearest edge.
    expect(l.y1 === moved.box.y0 || l.y1 === moved.box.y1).toBe(true);
    expect(Math.hypot(l.x1 - l.x0, l.y1 - l.y0)).toBeLessThanOrEqual(moved.box.y1 - moved.box.y0 + 10);
  });

  it('moves a label that finds its cluster taken to just outside the region, joined by a short leader', () => {
    const region = { x0: 80, y0: 80, x1: 140, y1: 130 };
    const cs = [cand(1, 100, 100, 5), cand(2, 110, 105, 50), cand(3, 110, 80, 40), cand(4, 110, 130, 30)].map((c) => ({ ...c, region: c.id === 1 ? region : undefined }));
    const placed = placeLabels(cs, { width: 500, height: 500, leaders: 140 });
    const one = placed.find((p) => p.id === 1)!;
    expect(one).toBeDefined();
    expect(one.leader).toBeDefined();
    const l = one.leader!;
    expect([l.x0, l.y0]).toEqual([100, 100]);
    expect(Math.hypot(l.x1 - l.x0, l.y1 - l.y0)).toBeLessThanOrEqual(140);
    // The leader ends on the label box; the box is outside the region.
    expect(l.x1).toBeGreaterThanOrEqual(one.box.x0 - 1e-9);
    expect(l.x1).toBeLessThanOrEqual(one.box.x1 + 1e-9);
    expect(boxesIntersect(one.box, region)).toBe(false);
    const covers = (b: { x0: number; y0: number; x1: number; y1: number }) => l.x0 >= b.x0 && l.x0 <= b.x1 && l.y0 >= b.y0 && l.y0 <= b.y1;
    for (const p of placed) if (p.id !== 1) {
      expect(boxesIntersect(p.box, one.box)).toBe(false);
      // It may start under the label that covers its anchor, and crosses no other.
      if (!covers(p.box)) expect(segmentHitsBox(l, p.box)).toBe(false);
    }
  });

  it('never overlaps, never leaves the view and keeps leaders short, whatever the candidates', () => {
    const arb = fc.array(fc.record({ x: fc.double({ min: 0, max: 800, noNaN: true }), y: fc.double({ min: 0, max: 600, noNaN: true }),
      w: fc.double({ min: 10, max: 220, noNaN: true }), h: fc.constantFrom(20, 36), size: fc.nat(1000), r: fc.double({ min: 0, max: 120, noNaN: true }) }), { maxLength: 80 });
    fc.assert(fc.property(arb, (cs) => {
      const placed = placeLabels(cs.map((c, i) => ({ id: i, x: c.x, y: c.y, w: c.w, h: c.h, size: c.size, region: { x0: c.x - c.r, y0: c.y - c.r, x1: c.x + c.r, y1: c.y + c.r } })), { width: 800, height: 600, leaders: 140 });
      for (let i = 0; i < placed.length; i++) {
        const p = placed[i];
        expect(p.box.x0).toBeGreaterThanOrEqual(-1e-9);
        expect(p.box.y1).toBeLessThanOrEqual(600 + 1e-9);
        if (p.leader) expect(Math.hypot(p.leader.x1 - p.leader.x0, p.leader.y1 - p.leader.y0)).toBeLessThanOrEqual(140 + 1e-9);
        for (let j = i + 1; j < placed.length; j++) expect(boxesIntersect(p.box, placed[j].box)).toBe(false);
      }
    }));
  });
});

describe('segmentHitsBox', () => {
  it('detects crossing, containment and misses', () => {
    const b = { x0: 10, y0: 10, x1: 20, y1: 20 };
    expect(segmentHitsBox({ x0: 0, y0: 15, x1: 30, y1: 15 }, b)).toBe(true);
    expect(segmentHitsBox({ x0: 12, y0: 12, x1: 14, y1: 14 }, b)).toBe(true);
    expect(segmentHitsBox({ x0: 0, y0: 0, x1: 30, y1: 5 }, b)).toBe(false);
    expect(segmentHitsBox({ x0: 0, y0: 30, x1: 30, y1: 30 }, b)).toBe(false);
  });
});
