/**
 * Nearest-point index for hover and click, in data coordinates: d3-quadtree
 * up to QUADTREE_MAX points, a flat grid above (a d3-quadtree of 1M points
 * took 0.9-2.6 s to build in Chromium here, and of 50k points 255 ms, one
 * long task; the grid takes a few ms at 50k).
 */
import { quadtree } from 'd3';
import type { Layout } from '../types.ts';
import { buildGridIndexTask } from './grid-index.ts';
import { runSync, type Task } from '../util/slice.ts';
import { NOT_DRAWN, type PointBatches } from './point-batches.ts';

export const QUADTREE_MAX = 5_000;

export interface PointIndex {
  /** Nearest drawn point within `radius` data units of (x, y). */
  find(x: number, y: number, radius: number): number | undefined;
}

export function buildPointIndex(layout: Layout, batches: PointBatches): PointIndex {
  return runSync(buildPointIndexTask(layout, batches));
}

/** `buildPointIndex` as a task: a big map's grid in time slices (buildGridIndexTask); a quadtree (small maps) in one step. */
export function* buildPointIndexTask(layout: Layout, batches: PointBatches): Task<PointIndex> {
  if (batches.nDrawn > QUADTREE_MAX) return yield* buildGridIndexTask(layout.x, layout.y);
  const idx: number[] = [];
  for (let i = 0; i < batches.group.length; i++) if (batches.group[i] !== NOT_DRAWN) idx.push(i);
  return quadtree<number>().x((i) => layout.x[i]).y((i) => layout.y[i]).addAll(idx);
}
