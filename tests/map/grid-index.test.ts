import { describe, it, expect } from 'vitest';
import { buildGridIndex, buildGridIndexTask, GRID_CHUNK } from '../../src/map/grid-index.ts';
import { mulberry32, syntheticLayout } from '../../src/map/demo-data.ts';

function bruteNearest(xs: Float32Array, ys: Float32Array, x: number, y: number, radius: number): number | undefined {
  let best: number | undefined, bestD = radius * radius;
  for (let i = 0; i < xs.length; i++) {
    const d = (xs[i] - x) ** 2 + (ys[i] - y) ** 2;
    if (d < bestD || (d === bestD && best !== undefined && i < best)) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

describe('buildGridIndex', () => {
  it('finds the same nearest point within a radius as a brute-force scan', () => {
    const l = syntheticLayout(20000, 8, 9);
    l.x[3] = NaN;
    const g = buildGridIndex(l.x, l.y);
    const rnd = mulberry32(4);
    for (let q = 0; q < 500; q++) {
      const x = rnd() * 30 - 15, y = rnd() * 30 - 15, r = rnd() * 2;
      expect(g.find(x, y, r)).toBe(bruteNearest(l.x, l.y, x, y, r));
    }
  });

  it('returns undefined when nothing is within the radius or there are no finite points', () => {
    const g = buildGridIndex(new Float32Array([0, 10]), new Float32Array([0, 10]));
    expect(g.find(5, 5, 1)).toBeUndefined();
    expect(g.find(9.5, 9.5, 1)).toBe(1);
    expect(buildGridIndex(new Float32Array([NaN]), new Float32Array([NaN])).find(0, 0, 100)).toBeUndefined();
  });
});

describe('buildGridIndexTask', () => {
  it('builds the same index in slices, a checkpoint every GRID_CHUNK points (issue 10)', () => {
    const l = syntheticLayout(20_000, 12, 5);
    const task = buildGridIndexTask(l.x, l.y);
    let checkpoints = 0;
    let r = task.next();
    for (; !r.done; r = task.next()) checkpoints++;
    const chunks = Math.ceil(20_000 / GRID_CHUNK);
    expect(checkpoints).toBe(2 + 2 * chunks); // the extent, the points bucketed, the offsets, the points filed
    const sliced = r.value, whole = buildGridIndex(l.x, l.y);
    for (let k = 0; k < 200; k++) {
      const x = -1 + (k % 20) / 10, y = -1 + Math.floor(k / 20) / 5;
      expect(sliced.find(x, y, 0.05)).toBe(whole.find(x, y, 0.05));
    }
    expect(sliced.find(l.x[123], l.y[123], 1e-9)).toBe(123);
  });
});
