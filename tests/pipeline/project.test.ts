import { describe, it, expect } from 'vitest';
import { project } from '../../src/pipeline/project.ts';
import { exactKnn } from '../../src/pipeline/knn.ts';
import { blobs } from './blobs.ts';

describe('project', () => {
  it('gives identical coordinates for the same seed and different ones for another seed (N6)', async () => {
    const b = blobs(3, 30, 10, 0.4);
    const knn = exactKnn(b.data, b.n, b.dim, 14);
    const a = await project(b.data, b.dim, knn, { nNeighbors: 15, seed: 7, nEpochs: 100 });
    const c = await project(b.data, b.dim, knn, { nNeighbors: 15, seed: 7, nEpochs: 100 });
    const d = await project(b.data, b.dim, knn, { nNeighbors: 15, seed: 8, nEpochs: 100 });
    expect(Array.from(a.x)).toEqual(Array.from(c.x));
    expect(Array.from(a.y)).toEqual(Array.from(c.y));
    expect(Array.from(a.x)).not.toEqual(Array.from(d.x));
  });

  it('keeps blobs together: mean within-blob distance well below the overall mean', async () => {
    const b = blobs(4, 25, 12, 0.3, 2);
    const knn = exactKnn(b.data, b.n, b.dim, 14);
    const { x, y } = await project(b.data, b.dim, knn, { nNeighbors: 15, seed: 1 });
    let within = 0, nw = 0, all = 0, na = 0;
    for (let i = 0; i < b.n; i++)
      for (let j = i + 1; j < b.n; j++) {
        const d = Math.hypot(x[i] - x[j], y[i] - y[j]);
        all += d; na++;
        if (b.truth[i] === b.truth[j]) { within += d; nw++; }
      }
    expect(within / nw / (all / na)).toBeLessThan(0.3);
  });

  it('never throws for N = 1..16 and returns finite coordinates in [-1, 1] (N1)', async () => {
    for (let n = 1; n <= 16; n++) {
      const b = blobs(1, n, 6, 0.5, n);
      const knn = exactKnn(b.data, n, b.dim, 15);
      const { x, y } = await project(b.data, b.dim, knn, { nNeighbors: 15, seed: 3, nEpochs: 50 });
      expect(x).toHaveLength(n);
      for (let i = 0; i < n; i++) {
        expect(Number.isFinite(x[i]) && Number.isFinite(y[i])).toBe(true);
        expect(Math.abs(x[i])).toBeLessThanOrEqual(1);
        expect(Math.abs(y[i])).toBeLessThanOrEqual(1);
      }
    }
  });

  it('refuses a representation containing NaN instead of poisoning every distance', async () => {
    const b = blobs(1, 6, 4, 0.5);
    const knn = exactKnn(b.data, 6, 4, 5);
    b.data[5] = NaN;
    await expect(project(b.data, 4, knn, { nNeighbors: 5, seed: 1 })).rejects.toThrow(/non-finite/);
  });
});
