/**
 * Uniform-grid nearest-point index over typed columns, for maps too big for
 * d3-quadtree's per-point node objects (building a quadtree of 1M points took
 * ~0.9-2.6 s in Chromium here; this grid builds in tens of ms). Points are
 * bucketed by counting sort; `find` scans the cells that overlap the search
 * circle, nearest cells first, like d3-quadtree's find(x, y, radius).
 */
import { dataExtent } from './geometry.ts';
import { runSync, type Task } from '../util/slice.ts';

export interface GridIndex {
  /** Nearest finite point within `radius` (data units) of (x, y), or undefined. */
  find(x: number, y: number, radius: number): number | undefined;
}

export function buildGridIndex(xs: Float32Array, ys: Float32Array, perCell = 4): GridIndex {
  return runSync(buildGridIndexTask(xs, ys, perCell));
}

/** Points bucketed between two checkpoints of buildGridIndexTask. */
export const GRID_CHUNK = 8192;

/**
 * `buildGridIndex` as a task (util/slice.ts), a checkpoint every GRID_CHUNK points: a map builds
 * its hover index in time slices after it is shown (at 50,000 points the build was a 76 ms task
 * when a refined map landed, issue 10).
 */
export function* buildGridIndexTask(xs: Float32Array, ys: Float32Array, perCell = 4): Task<GridIndex> {
  const ext = dataExtent(xs, ys);
  yield;
  if (!ext) return { find: () => undefined };
  const n = xs.length;
  const side = Math.max(1, Math.ceil(Math.sqrt(n / perCell)));
  const span = Math.max(ext.x1 - ext.x0, ext.y1 - ext.y0) || 1;
  const cell = (span / side) * (1 + 1e-9);
  const nx = Math.floor((ext.x1 - ext.x0) / cell) + 1, ny = Math.floor((ext.y1 - ext.y0) / cell) + 1;
  const cellOf = new Int32Array(n);
  const start = new Uint32Array(nx * ny + 1);
  for (let from = 0; from < n; from += GRID_CHUNK) {
    for (let i = from, end = Math.min(n, from + GRID_CHUNK); i < end; i++) {
      const x = xs[i], y = ys[i];
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        cellOf[i] = -1;
        continue;
      }
      const c = Math.floor((y - ext.y0) / cell) * nx + Math.floor((x - ext.x0) / cell);
      cellOf[i] = c;
      start[c + 1]++;
    }
    yield;
  }
  for (let c = 0; c < nx * ny; c++) start[c + 1] += start[c];
  const fill = start.slice(0, nx * ny);
  const items = new Uint32Array(start[nx * ny]);
  yield;
  for (let from = 0; from < n; from += GRID_CHUNK) {
    for (let i = from, end = Math.min(n, from + GRID_CHUNK); i < end; i++) if (cellOf[i] >= 0) items[fill[cellOf[i]]++] = i;
    yield;
  }

  return {
    find(x, y, radius) {
      let best: number | undefined, bestD = radius * radius;
      const c0 = Math.max(0, Math.floor((x - radius - ext.x0) / cell)), c1 = Math.min(nx - 1, Math.floor((x + radius - ext.x0) / cell));
      const r0 = Math.max(0, Math.floor((y - radius - ext.y0) / cell)), r1 = Math.min(ny - 1, Math.floor((y + radius - ext.y0) / cell));
      for (let r = r0; r <= r1; r++) {
        for (let c = c0; c <= c1; c++) {
          const cid = r * nx + c;
          for (let j = start[cid]; j < start[cid + 1]; j++) {
            const i = items[j], dx = xs[i] - x, dy = ys[i] - y, d = dx * dx + dy * dy;
            if (d < bestD || (d === bestD && best !== undefined && i < best)) {
              bestD = d;
              best = i;
            }
          }
        }
      }
      return best;
    },
  };
}
