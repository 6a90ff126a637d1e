/**
 * Robust per-cluster extents (mean ± 2 standard deviations per axis, in data
 * units), from one pass over the typed columns. Used to keep a label on screen
 * while the user is zoomed into its cluster but the cluster centre is off view.
 */
import type { Bounds } from './geometry.ts';

export function clusterExtents(xs: Float32Array, ys: Float32Array, cluster: Int32Array): Map<number, Bounds> {
  const acc = new Map<number, [number, number, number, number, number]>(); // n, Σx, Σy, Σx², Σy²
  for (let i = 0; i < xs.length; i++) {
    const c = cluster[i], x = xs[i], y = ys[i];
    if (c < 0 || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    let a = acc.get(c);
    if (!a) acc.set(c, (a = [0, 0, 0, 0, 0]));
    a[0]++;
    a[1] += x;
    a[2] += y;
    a[3] += x * x;
    a[4] += y * y;
  }
  const out = new Map<number, Bounds>();
  for (const [c, [n, sx, sy, sxx, syy]] of acc) {
    const mx = sx / n, my = sy / n;
    const dx = 2 * Math.sqrt(Math.max(0, sxx / n - mx * mx)), dy = 2 * Math.sqrt(Math.max(0, syy / n - my * my));
    out.set(c, { x0: mx - dx, y0: my - dy, x1: mx + dx, y1: my + dy });
  }
  return out;
}
