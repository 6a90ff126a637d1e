/**
 * Nearest-point index for hover and click, in data coordinates: d3-quadtree
 * up to QUADTREE_MAX points, a flat grid above (a d3-quadtree of 1M points
 * took 0.9-2.6 s to build in Chromium here, and of 50k points 255 ms, one
 * long task; the grid takes a few ms at 50k).
 */
import { quadtree } from 'd3';
import type { Layout } from '../types.ts';
import { buildGridIndex } from './grid-index.ts';
import { NOT_DRAWN, type PointBatches } from './point-batches.ts';

export const QUADTREE_MAX = 5_000;

export interface PointIndex {
  /** Nearest drawn point within `radius` data units of (x, y). */
  find(x: number, y: number, radius: number): number | undefined;
}

export function buildPointIndex(layout: Layout, batches: PointBatches): PointIndex {
  if (batches.nDrawn > QUADTREE_MAX) return buildGridIndex(layout.x, layout.y);
  const idx: number[] = [];
  for (let i = 0; i < batches.group.length; i++) if (batches.group[i] !== NOT_DRAWN) idx.push(i);
  return quadtree<number>().x((i) => layout.x[i]).y((i) => layout.y[i]).addAll(idx);
}
