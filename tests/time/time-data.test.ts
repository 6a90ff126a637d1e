/**
 * Issue 16: opening a 20,000-cluster map computed the timeline, every cluster's trend and the
 * rising / fading test in one 0.9 s task. timeDataTask has checkpoints between its stages and
 * every TREND_CHUNK clusters; sliced, it gives what it gives in one go, and the trend test still
 * counts every cluster of the map (Bonferroni), not those of a chunk.
 */
import { describe, expect, it } from 'vitest';
import { runSliced, runSync } from '../../src/util/slice.ts';
import { timeDataTask, TREND_CHUNK } from '../../src/time/time-data.ts';
import { buildTimeline, clusterTrends } from '../../src/time/periods.ts';
import { inWindow, trendStats } from '../../src/time/trend.ts';
import type { Layout, Paper } from '../../src/types.ts';

function corpus(n: number, k: number): { papers: Paper[]; layout: Layout } {
  const papers = Array.from({ length: n }, (_, i) => ({
    id: `p${i}`, title: `t${i}`, abstract: '', authors: [], source: { file: 'a.csv', row: i + 1, format: 'csv' },
    date: { iso: `${2015 + (i % 10)}`, precision: 'year' as const },
    // Cluster 0 grows late: a rising trend the test must still find.
  }) as unknown as Paper);
  const cluster = new Int32Array(n);
  for (let i = 0; i < n; i++) cluster[i] = i % 3 === 0 && i % 10 >= 7 ? 0 : 1 + (i % (k - 1));
  const clusters = Array.from({ length: k }, (_, id) => ({ id, label: `c${id}`, terms: [], size: 0, members: [], cx: 0, cy: 0 }));
  return { papers, layout: { x: new Float32Array(n), y: new Float32Array(n), cluster, dupOf: new Int32Array(n), clusters } as unknown as Layout };
}

describe('time data in slices', () => {
  it('gives the event loop turns between stages and chunks of clusters, with the one-go result', async () => {
    const { papers, layout } = corpus(6000, 2000);
    let turns = 0;
    let t = 0;
    const sliced = await runSliced(timeDataTask(papers, layout, null), { budgetMs: 1, now: () => (t += 2), pause: () => (turns++, Promise.resolve()) });
    const once = runSync(timeDataTask(papers, layout, null));
    expect(turns).toBeGreaterThanOrEqual(3 + Math.ceil(2000 / TREND_CHUNK) - 1);
    expect(sliced.time.stats).toEqual(once.time.stats);
    expect([...sliced.time.trends]).toEqual([...once.time.trends]);
    // The same as testing all clusters in one call.
    const tl = buildTimeline(papers.map((p) => p.date));
    const trends = clusterTrends(tl, layout.cluster, layout.clusters.map((c) => c.id));
    const all = trendStats(layout.clusters.map((c) => inWindow(trends.get(c.id)!, tl.window)), inWindow(tl.totals, tl.window));
    expect(layout.clusters.map((c) => sliced.time.stats.get(c.id))).toEqual(all);
    expect(all[0].mark).toBe('rising');
  });

  it('reuses the timeline and fields of the same corpus', () => {
    const { papers, layout } = corpus(300, 5);
    const first = runSync(timeDataTask(papers, layout, null));
    const again = runSync(timeDataTask(papers, layout, first.corpus));
    expect(again.corpus).toBe(first.corpus);
    expect(again.time.timeline).toBe(first.time.timeline);
  });
});

describe('colourable fields in slices', () => {
  it('looks at a bounded number of papers between two checkpoints (100,000 papers were one 0.6 s step)', async () => {
    const { FIELD_STEP } = await import('../../src/time/color-by.ts');
    const { papers, layout } = corpus(30_000, 3);
    papers.forEach((p, i) => (p.year = 2015 + (i % 4)));
    const once = runSync(timeDataTask(papers, layout, null)).time.fields;
    let reads = 0;
    for (const p of papers) {
      const source = p.source;
      Object.defineProperty(p, 'source', { get: () => (reads++, source) });
    }
    const task = timeDataTask(papers, layout, null);
    let most = 0;
    for (let r = task.next(); ; r = task.next()) {
      most = Math.max(most, reads);
      reads = 0;
      if (r.done) {
        expect(r.value.time.fields).toEqual(once);
        expect(once).toContain('year');
        break;
      }
    }
    // 'source file' is one value for all 30,000 papers: the old task read every one in one step.
    expect(most).toBeLessThanOrEqual(FIELD_STEP);
  });
});

describe('timeline in slices', () => {
  it('looks at a bounded number of dates between two checkpoints, and builds the one-go timeline', async () => {
    const { DATE_STEP } = await import('../../src/time/periods.ts');
    const { papers, layout } = corpus(30_000, 3);
    const once = runSync(timeDataTask(papers, layout, null)).time.timeline;
    const touched = new Set<object>();
    for (const p of papers) p.date = new Proxy(p.date!, { get: (t, k) => (touched.add(t), Reflect.get(t, k)) });
    const task = timeDataTask(papers, layout, null);
    let most = 0;
    for (let r = task.next(); ; r = task.next()) {
      most = Math.max(most, touched.size);
      touched.clear();
      if (r.done) {
        expect(r.value.time.timeline).toEqual(once);
        break;
      }
    }
    // The old task read all 30,000 dates (three times) in its first step.
    expect(most).toBeLessThanOrEqual(DATE_STEP);
  });
});
