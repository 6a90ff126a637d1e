/**
 * P2, P3, N1, N7: tiny inputs never reach umap-js in a shape it throws on. One paper is one
 * point in one cluster without UMAP; 2-16 papers never throw; fewer than 4 unique texts skip
 * UMAP; nNeighbors is clamped to N-1; every export writer works on the result.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import Papa from 'papaparse';
import { runPipeline } from '../../src/pipeline/run.ts';
import { effectiveResolution, minClusterSize } from '../../src/pipeline/cluster.ts';
import { DEFAULT_SETTINGS } from '../../src/types.ts';
import { fakeEncoder } from '../pipeline/fake-encoder.ts';
import { paper, topicCorpus } from '../pipeline/fixtures.ts';
import { exportAll } from './helpers.ts';

const umap = vi.hoisted(() => ({ calls: [] as { nNeighbors?: number }[] }));
vi.mock('umap-js', async (importOriginal) => {
  const mod = await importOriginal<typeof import('umap-js')>();
  class SpyUMAP extends mod.UMAP {
    constructor(params?: ConstructorParameters<typeof mod.UMAP>[0]) {
      umap.calls.push({ nNeighbors: params?.nNeighbors });
      super(params);
    }
  }
  return { ...mod, UMAP: SpyUMAP };
});

const settings = { ...DEFAULT_SETTINGS };
beforeEach(() => {
  umap.calls.length = 0;
});

describe('degenerate maps (P2, P3, N1, N7)', () => {
  it('P2: one paper gives one finite point in one cluster, never calls UMAP, and exports one row in every format', async () => {
    const papers = [paper(0, 'A single paper on pruning', 'We prune weights of a network.')];
    const r = await runPipeline(papers, fakeEncoder(), { settings });
    expect(umap.calls).toHaveLength(0);
    expect(r.layout.x).toHaveLength(1);
    expect(Number.isFinite(r.layout.x[0]) && Number.isFinite(r.layout.y[0])).toBe(true);
    expect(r.layout.clusters).toHaveLength(1);
    expect(r.layout.clusters[0].members).toEqual([0]);
    const out = await exportAll(papers, r);
    expect(Papa.parse(out.csv, { header: true, skipEmptyLines: true }).data).toHaveLength(1);
    expect((JSON.parse(out.json) as { clusters: { papers: unknown[] }[] }).clusters.flatMap((c) => c.papers)).toHaveLength(1);
    expect(out.md).toContain('A single paper on pruning');
    expect(out.bib.match(/^@(?!comment)\w+\{/gim)).toHaveLength(1);
  });

  it('P3/N1: N = 2..16 never throws, every point is finite, and UMAP (when used) gets nNeighbors <= N-1', async () => {
    const { papers } = topicCorpus(4);
    for (let n = 2; n <= 16; n++) {
      umap.calls.length = 0;
      const sub = papers.slice(0, n);
      const r = await runPipeline(sub, fakeEncoder(), { settings: { ...settings, nNeighbors: 15 } });
      for (let i = 0; i < n; i++) expect(Number.isFinite(r.layout.x[i]) && Number.isFinite(r.layout.y[i]), `n=${n} i=${i}`).toBe(true);
      expect(r.layout.clusters.reduce((s, c) => s + c.size, 0) + [...r.layout.cluster].filter((c) => c < 0).length).toBe(n);
      if (n < 4) expect(umap.calls, `n=${n}`).toHaveLength(0);
      for (const c of umap.calls) expect(c.nNeighbors!, `n=${n}`).toBeLessThanOrEqual(n - 1);
      const out = await exportAll(sub, r);
      expect(Papa.parse(out.csv, { header: true, skipEmptyLines: true }).data).toHaveLength(n);
    }
  });

  it('N1: twelve papers with only three unique texts skip UMAP and still place every paper', async () => {
    const texts = ['graph neural networks for molecules', 'diffusion models for images', 'speech recognition with transformers'];
    const papers = Array.from({ length: 12 }, (_, i) => paper(i, `Title ${texts[i % 3]}`, texts[i % 3]));
    const r = await runPipeline(papers, fakeEncoder(), { settings });
    expect(umap.calls).toHaveLength(0);
    for (let i = 0; i < 12; i++) {
      expect(Number.isFinite(r.layout.x[i])).toBe(true);
      // Duplicates sit on their representative.
      const rep = r.layout.dupOf[i];
      expect([r.layout.x[i], r.layout.y[i]]).toEqual([r.layout.x[rep], r.layout.y[rep]]);
    }
  });

  it('N7: a high resolution never makes clusters below the minimum size: small pieces become outliers; each paper is in one place; every row exports', async () => {
    const { papers } = topicCorpus(6); // 24 papers, 4 topics
    const n = papers.length;
    // Louvain at 5: the setting divided by the small-corpus raise (cluster.ts effectiveResolution).
    const r = await runPipeline(papers, fakeEncoder(), { settings: { ...settings, resolution: 5 / effectiveResolution(1, n) } });
    for (const c of r.layout.clusters) expect(c.size, c.label).toBeGreaterThanOrEqual(minClusterSize(n));
    const members = r.layout.clusters.flatMap((c) => c.members);
    expect(new Set(members).size).toBe(members.length);
    const outliers = [...r.layout.cluster].map((c, i) => (c < 0 ? i : -1)).filter((i) => i >= 0);
    // This corpus at this resolution has pieces below the minimum, so the outlier path is exercised.
    expect(outliers.length).toBeGreaterThanOrEqual(1);
    expect([...members, ...outliers].sort((a, b) => a - b)).toEqual(papers.map((_, i) => i));
    for (const c of r.layout.clusters) for (const i of c.members) expect(r.layout.cluster[i]).toBe(c.id);
    const out = await exportAll(papers, r);
    expect(Papa.parse(out.csv, { header: true, skipEmptyLines: true }).data).toHaveLength(n);
  });

  it('N7: a resolution asking for more groups than the papers can fill gives one group of all papers, and says so', async () => {
    const { papers } = topicCorpus(6);
    const r = await runPipeline(papers, fakeEncoder(), { settings: { ...settings, resolution: 20 } });
    expect(r.layout.clusters.map((c) => c.size)).toEqual([papers.length]);
    expect(r.info.notices).toContain('All papers form one group.');
  });
});
