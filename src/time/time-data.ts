/**
 * What the timeline strip, the trend column and colour-by need of a map: the corpus's
 * timeline and colourable fields (once per corpus), each cluster's papers per period, and
 * the rising / fading test per cluster. Written as a task (util/slice.ts) with checkpoints
 * between its stages and every TREND_CHUNK clusters, so a big map computes it in slices:
 * with 20,000 clusters it was 0.9 s in one task when the map opened (issue 16).
 */
import type { Layout, Paper } from '../types.ts';
import type { Task } from '../util/slice.ts';
import { buildTimelineTask, clusterTrends, type Timeline } from './periods.ts';
import { inWindow, trendStats, type TrendStat } from './trend.ts';
import { colourableFieldsTask } from './color-by.ts';

export interface TimeData {
  timeline: Timeline;
  trends: Map<number, Int32Array>;
  stats: Map<number, TrendStat>;
  fields: string[];
}

/** The parts that depend on the papers only: a refined map (or a merge) of the same corpus reuses them. */
export interface CorpusTime {
  papers: Paper[];
  timeline: Timeline;
  fields: string[];
}

/** Clusters tested between two checkpoints. */
export const TREND_CHUNK = 500;

export function* timeDataTask(papers: Paper[], layout: Layout, corpus: CorpusTime | null): Task<{ time: TimeData; corpus: CorpusTime }> {
  if (corpus?.papers !== papers) {
    const timeline = yield* buildTimelineTask(papers.map((p) => p.date));
    yield;
    corpus = { papers, timeline, fields: yield* colourableFieldsTask(papers) };
    yield;
  }
  const { timeline, fields } = corpus;
  const ids = layout.clusters.map((c) => c.id);
  const trends = clusterTrends(timeline, layout.cluster, ids);
  yield;
  const w = timeline.window;
  const totals = inWindow(timeline.totals, w);
  const stats = new Map<number, TrendStat>();
  for (let k = 0; k < ids.length; k += TREND_CHUNK) {
    const part = ids.slice(k, k + TREND_CHUNK);
    // Tested against every cluster of the map (Bonferroni over all of them), a chunk at a time.
    const st = trendStats(part.map((id) => inWindow(trends.get(id)!, w)), totals, ids.length);
    part.forEach((id, j) => stats.set(id, st[j]));
    yield;
  }
  return { time: { timeline, trends, stats, fields }, corpus };
}
