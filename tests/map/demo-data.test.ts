import { describe, it, expect } from 'vitest';
import { syntheticLayout } from '../../src/map/demo-data.ts';

describe('syntheticLayout', () => {
  it('is reproducible for a seed and differs across seeds', () => {
    const a = syntheticLayout(500, 6, 11), b = syntheticLayout(500, 6, 11), c = syntheticLayout(500, 6, 12);
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.x)).not.toEqual(Array.from(c.x));
  });

  it('keeps cluster sizes and members consistent with the per-point cluster column', () => {
    const l = syntheticLayout(4000, 9, 5);
    for (const c of l.clusters) {
      expect(c.members.length).toBe(c.size);
      for (const i of c.members) expect(l.cluster[i]).toBe(c.id);
    }
    const outliers = l.cluster.filter((c) => c === -1).length;
    expect(outliers + l.clusters.reduce((s, c) => s + c.size, 0)).toBe(4000);
    expect(l.x.every(Number.isFinite)).toBe(true);
  });
});
