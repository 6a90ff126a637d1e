import { describe, it, expect } from 'vitest';
import { embedStage, layoutStage, runPipeline, similar } from '../../src/pipeline/run.ts';
import { EMBED_DIM } from '../../src/pipeline/embed.ts';
import { DEFAULT_SETTINGS, type Progress } from '../../src/types.ts';
import { fakeEncoder } from './fake-encoder.ts';
import { paper, topicCorpus } from './fixtures.ts';
import { ari } from '../../cli/metrics.ts';

const settings = { ...DEFAULT_SETTINGS };

function expectValidLayout(n: number, r: Awaited<ReturnType<typeof runPipeline>>) {
  const { layout } = r;
  expect(layout.x).toHaveLength(n);
  const members = layout.clusters.flatMap((c) => c.members);
  expect(new Set(members).size).toBe(members.length);
  for (const c of layout.clusters) {
    expect(c.size).toBe(c.members.length);
    expect(Number.isFinite(c.cx) && Number.isFinite(c.cy)).toBe(true);
    for (const m of c.members) expect(layout.cluster[m]).toBe(c.id);
  }
  expect(layout.clusters.map((c) => c.id)).toEqual(layout.clusters.map((_, i) => i));
  for (let i = 1; i < layout.clusters.length; i++) expect(layout.clusters[i].size).toBeLessThanOrEqual(layout.clusters[i - 1].size);
}

describe('runPipeline', () => {
  it('never throws for N = 1..16 papers and places every paper at finite coordinates (N1, P2, P3)', async () => {
    const { papers } = topicCorpus(4);
    for (let n = 1; n <= 16; n++) {
      const sub = papers.slice(0, n);
      const r = await runPipeline(sub, fakeEncoder(), { settings });
      expectValidLayout(n, r);
      for (let i = 0; i < n; i++) expect(Number.isFinite(r.layout.x[i]) && Number.isFinite(r.layout.y[i])).toBe(true);
      if (n === 1) expect(r.layout.clusters).toHaveLength(1);
    }
  });

  it('puts identical abstracts in one cluster with no NaN (N2, N7)', async () => {
    const papers = Array.from({ length: 8 }, (_, i) => paper(i, 'Same title', 'Same abstract about pruning.'));
    const enc = fakeEncoder();
    const r = await runPipeline(papers, enc, { settings });
    expect(enc.calls.flat()).toHaveLength(1);
    expect(r.layout.clusters).toHaveLength(1);
    expect(r.layout.clusters[0].size).toBe(8);
    expect(Array.from(r.layout.x).every(Number.isFinite)).toBe(true);
    expect(r.info.notices.join(' ')).toMatch(/one group/);
  });

  it('says when a small corpus was clustered at a finer granularity than the setting (issue 14)', async () => {
    const { papers } = topicCorpus(6);
    const r = await runPipeline(papers, fakeEncoder(), { settings });
    const n = new Set(papers.map((p) => p.abstract)).size;
    expect(n).toBeLessThan(600);
    expect(r.info.notices.join(' ')).toMatch(new RegExp(`Granularity 1\\.00 applied as 1\\.[0-9]{2}: with ${n} papers`));
  });

  it('embeds duplicates once and places them on their representative (N3)', async () => {
    const { papers } = topicCorpus(6);
    const dups = [...papers, paper(100, papers[3].title.toUpperCase(), papers[3].abstract), paper(101, papers[10].title, papers[10].abstract)];
    const enc = fakeEncoder();
    const r = await runPipeline(dups, enc, { settings });
    expect(enc.calls.flat()).toHaveLength(papers.length);
    const n = papers.length;
    expect(r.layout.dupOf[n]).toBe(3);
    expect(r.layout.dupOf[n + 1]).toBe(10);
    expect([r.layout.x[n], r.layout.y[n], r.layout.cluster[n]]).toEqual([r.layout.x[3], r.layout.y[3], r.layout.cluster[3]]);
    expect(r.layout.cluster[n + 1]).toBe(r.layout.cluster[10]);
    expectValidLayout(dups.length, r);
  });

  it('excludes and reports a paper with no text and one whose vector is NaN or zero (N4, N5)', async () => {
    const { papers } = topicCorpus(5);
    const all = [...papers, paper(200, '', ''), paper(201, 'Poison nan', 'x'), paper(202, 'Poison zero', 'y')];
    const enc = fakeEncoder({ poison: (t) => (t.startsWith('Poison nan') ? 'nan' : t.startsWith('Poison zero') ? 'zero' : undefined) });
    const r = await runPipeline(all, enc, { settings });
    const n = papers.length;
    for (const i of [n, n + 1, n + 2]) {
      expect(r.layout.cluster[i]).toBe(-1);
      expect(Number.isNaN(r.layout.x[i])).toBe(true);
    }
    for (let i = 0; i < n; i++) expect(Number.isFinite(r.layout.x[i])).toBe(true);
    expect(r.info.notices.join(' ')).toMatch(/neither title nor abstract/);
    expect(r.info.notices.join(' ')).toMatch(/2 paper\(s\) got an invalid embedding/);
  });

  it('returns an empty map, not an error, when no paper has any text', async () => {
    const r = await runPipeline([paper(0, '', ''), paper(1, ' ', '')], fakeEncoder(), { settings });
    expect(r.layout.clusters).toHaveLength(0);
    expect(Array.from(r.layout.cluster)).toEqual([-1, -1]);
    expect(r.info.notices.join(' ')).toMatch(/2 paper\(s\) have neither/);
  });

  it('recovers planted topics and labels them by their words', async () => {
    const { papers, topic } = topicCorpus(20);
    const r = await runPipeline(papers, fakeEncoder(), { settings });
    expect(ari(topic, r.layout.cluster)).toBeGreaterThan(0.8);
    const labels = r.layout.clusters.map((c) => c.label).join(' | ');
    expect(labels).toMatch(/prun|spars|lottery/i);
    expect(labels).toMatch(/quantiz|bits|precision/i);
  });

  it('is deterministic for a seed, reports progress per stage, and records timings', async () => {
    const { papers } = topicCorpus(8);
    const seen: Progress[] = [];
    const a = await runPipeline(papers, fakeEncoder(), { settings, onProgress: (p) => seen.push(p) });
    const b = await runPipeline(papers, fakeEncoder(), { settings });
    expect(Array.from(a.layout.x)).toEqual(Array.from(b.layout.x));
    expect(Array.from(a.layout.cluster)).toEqual(Array.from(b.layout.cluster));
    // Clusters are found before the layout: the layout is cluster-aware (issue 12).
    const stages = [...new Set(seen.map((p) => p.stage))];
    expect(stages).toEqual(['embed', 'represent', 'knn', 'cluster', 'project', 'label', 'done']);
    expect(seen.every((p) => p.fraction >= 0 && p.fraction <= 1)).toBe(true);
    expect(Object.keys(a.info.timings)).toEqual(['embed', 'represent', 'knn', 'project', 'cluster', 'label']);
  });

  it('stops with an AbortError when cancelled', async () => {
    const { papers } = topicCorpus(10);
    const ctl = new AbortController();
    const run = runPipeline(papers, fakeEncoder(), { settings, signal: ctl.signal, onProgress: (p) => p.stage === 'knn' && ctl.abort() });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('uses the cache for known texts and stores new vectors', async () => {
    const { papers } = topicCorpus(3);
    const store = new Map<string, Float32Array>();
    const cache = {
      get: async (texts: string[]) => texts.map((t) => store.get(t)),
      put: async (texts: string[], v: Float32Array) => texts.forEach((t, i) => store.set(t, v.slice(i * EMBED_DIM, (i + 1) * EMBED_DIM))),
    };
    const first = await embedStage(papers, fakeEncoder(), { settings, cache });
    expect(first.nEmbedded).toBe(papers.length);
    const enc = fakeEncoder();
    const second = await embedStage(papers, enc, { settings, cache });
    expect(second.nCached).toBe(papers.length);
    expect(enc.calls).toHaveLength(0);
    expect(Array.from(second.vectors)).toEqual(Array.from(first.vectors));
  });

  it('relayouts from the computed vectors with new settings, and ranks similar papers', async () => {
    const { papers, topic } = topicCorpus(10);
    const enc = fakeEncoder();
    const computed = await embedStage(papers, enc, { settings });
    const fine = await layoutStage(papers, computed, { settings: { ...settings, resolution: 3 } });
    const coarse = await layoutStage(papers, computed, { settings: { ...settings, resolution: 0.2 } });
    expect(fine.layout.clusters.length).toBeGreaterThanOrEqual(coarse.layout.clusters.length);
    const text = papers[0].title + '. ' + papers[0].abstract;
    const q = (await enc.embedBatch([text])).subarray(0, EMBED_DIM);
    const hits = similar(q, computed, 5, text);
    expect(hits[0].index).toBe(0);
    expect(hits[0].score).toBeCloseTo(1, 4);
    expect(hits.filter((h) => topic[h.index] === topic[0]).length).toBeGreaterThanOrEqual(4);
  });
});
