/**
 * Robust per-cluster extents (mean ± 2 standard deviations per axis, in data
 * units), from one pass over the typed columns. Used to keep a label on screen
 * while the user is zoomed into its cluster but the cluster centre is off view.
 * Sums go into typed arrays by cluster position (one Map lookup per run of equal
 * ids), so 50k points take about a millisecond.
 */
import type { Bounds } from './geometry.ts';

export function clusterExtents(xs: Float32Array, ys: Float32Array, cluster: Int32Array): Map<number, Bounds> {
  const pos = new Map<number, number>();
  let acc = new Float64Array(5 * 64); // per cluster: n, Σx, Σy, Σx², Σy²
  let lastId = NaN, o = -1;
  for (let i = 0; i < xs.length; i++) {
    const c = cluster[i], x = xs[i], y = ys[i];
    if (c < 0 || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (c !== lastId) {
      lastId = c;
      let p = pos.get(c);
      if (p === undefined) {
        pos.set(c, (p = pos.size));
        if (5 * pos.size > acc.length) {
          const grown = new Float64Array(acc.length * 2);
          grown.set(acc);
          acc = grown;
        }
      }
      o = 5 * p;
    }
    acc[o]++;
    acc[o + 1] += x;
    acc[o + 2] += y;
    acc[o + 3] += x * x;
    acc[o + 4] += y * y;
  }
  const out = new Map<number, Bounds>();
  for (const [c, p] of pos) {
    const n = acc[5 * p], sx = acc[5 * p + 1], sy = acc[5 * p + 2], sxx = acc[5 * p + 3], syy = acc[5 * p + 4];
    const mx = sx / n, my = sy / n;
    const dx = 2 * Math.sqrt(Math.max(0, sxx / n - mx * mx)), dy = 2 * Math.sqrt(Math.max(0, syy / n - my * my));
    out.set(c, { x0: mx - dx, y0: my - dy, x1: mx + dx, y1: my + dy });
  }
  return out;
}
