import { describe, it, expect } from 'vitest';
import { buildBatches, NOT_DRAWN } from '../../src/map/point-batches.ts';
import { syntheticLayout } from '../../src/map/demo-data.ts';

describe('buildBatches', () => {
  it('lists every finite point once, grouped by colour with outliers first', () => {
    const layout = syntheticLayout(3000, 20, 3);
    layout.x[5] = NaN;
    layout.y[9] = Infinity;
    const b = buildBatches(layout);
    expect(b.nDrawn).toBe(2998);
    expect(new Set(b.order).size).toBe(2998);
    expect(b.group[5]).toBe(NOT_DRAWN);
    expect(b.group[9]).toBe(NOT_DRAWN);
    for (let g = 0; g + 1 < b.start.length; g++) {
      for (let j = b.start[g]; j < b.start[g + 1]; j++) expect(b.group[b.order[j]]).toBe(g);
    }
    for (let j = b.start[0]; j < b.start[1]; j++) expect(layout.cluster[b.order[j]]).toBe(-1);
  });

  it('gives the biggest cluster the first palette colour', () => {
    const layout = syntheticLayout(2000, 5, 4);
    const biggest = [...layout.clusters].sort((a, b) => b.size - a.size)[0].id;
    expect(buildBatches(layout).slots.get(biggest)).toBe(0);
  });
});
