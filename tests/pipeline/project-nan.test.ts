/**
 * A NaN from UMAP is an error, never a point at the origin (issue 11): before,
 * normaliseLayout turned non-finite coordinates into 0, so every "finite and in
 * [-1, 1]" check downstream passed whatever UMAP returned. Here umap-js is made
 * to return a NaN for one point, and the run must fail with a message that
 * reaches the user (the worker turns a thrown Error into the error banner).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { normaliseLayout, project } from '../../src/pipeline/project.ts';
import { exactKnn } from '../../src/pipeline/knn.ts';
import { runPipeline } from '../../src/pipeline/run.ts';
import { DEFAULT_SETTINGS } from '../../src/types.ts';
import { blobs } from './blobs.ts';
import { fakeEncoder } from './fake-encoder.ts';
import { topicCorpus } from './fixtures.ts';

const poison = vi.hoisted(() => ({ point: -1 }));
vi.mock('umap-js', async (importOriginal) => {
  const mod = await importOriginal<typeof import('umap-js')>();
  class PoisonedUMAP extends mod.UMAP {
    override step(): number {
      const e = super.step();
      if (poison.point >= 0) this.getEmbedding()[poison.point][1] = NaN;
      return e;
    }
  }
  return { ...mod, UMAP: PoisonedUMAP };
});

afterEach(() => {
  poison.point = -1;
});

describe('a non-finite coordinate from UMAP', () => {
  it('normaliseLayout throws, naming the point, for NaN and for Infinity', () => {
    expect(() => normaliseLayout({ x: Float32Array.from([0, NaN, 1]), y: Float32Array.from([0, 0, 1]) })).toThrow(/non-finite.*point 2/);
    expect(() => normaliseLayout({ x: Float32Array.from([0, 1, 1]), y: Float32Array.from([Infinity, 0, 1]) })).toThrow(/non-finite.*point 1/);
    const ok = normaliseLayout({ x: Float32Array.from([0, 2, 4]), y: Float32Array.from([0, 0, 0]) });
    expect(Array.from(ok.x)).toEqual([-1, 0, 1]);
  });

  it('project rejects when umap-js returns a NaN', async () => {
    const b = blobs(3, 10, 6, 0.4);
    const knn = exactKnn(b.data, b.n, b.dim, 9);
    await expect(project(b.data, b.dim, knn, { nNeighbors: 10, seed: 1, nEpochs: 30 })).resolves.toBeTruthy();
    poison.point = 4;
    await expect(project(b.data, b.dim, knn, { nNeighbors: 10, seed: 1, nEpochs: 30 })).rejects.toThrow(/non-finite position for point \d+ of 30/);
  });

  it('a whole run fails with that message instead of drawing the paper at the centre', async () => {
    poison.point = 0;
    const { papers } = topicCorpus(8);
    await expect(runPipeline(papers, fakeEncoder(), { settings: { ...DEFAULT_SETTINGS } })).rejects.toThrow(/non-finite/);
  });
});
