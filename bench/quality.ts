/**
 * Layout quality for the benchmark: label purity of each point's 10 nearest
 * neighbours in the 2-D layout (exact, via a uniform grid: O(n·k) for spread-out
 * layouts instead of O(n²)), and recall of an approximate kNN against exact rows.
 */
import type { Knn } from '../src/pipeline/knn.ts';

/** Exact k nearest neighbours of every point in 2-D (x, y interleaved or separate arrays). */
export function knn2d(x: ArrayLike<number>, y: ArrayLike<number>, k: number): Int32Array {
  const n = x.length;
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, x[i]); x1 = Math.max(x1, x[i]);
    y0 = Math.min(y0, y[i]); y1 = Math.max(y1, y[i]);
  }
  const g = Math.max(1, Math.ceil(Math.sqrt(n / 2)));
  const cell = Math.max(x1 - x0, y1 - y0, 1e-12) / g;
  const cx = (i: number) => Math.min(g - 1, Math.floor((x[i] - x0) / cell));
  const cy = (i: number) => Math.min(g - 1, Math.floor((y[i] - y0) / cell));
  // Counting sort of points by cell.
  const start = new Int32Array(g * g + 1);
  for (let i = 0; i < n; i++) start[cy(i) * g + cx(i) + 1]++;
  for (let c = 0; c < g * g; c++) start[c + 1] += start[c];
  const fill = start.slice(0, g * g);
  const pts = new Int32Array(n);
  for (let i = 0; i < n; i++) pts[fill[cy(i) * g + cx(i)]++] = i;
  const out = new Int32Array(n * k);
  const cand: { d: number; j: number }[] = [];
  for (let i = 0; i < n; i++) {
    cand.length = 0;
    const ci = cx(i), cj = cy(i);
    for (let r = 0; r <= g; r++) {
      for (let a = ci - r; a <= ci + r; a++) {
        for (let b = cj - r; b <= cj + r; b++) {
          if (a < 0 || b < 0 || a >= g || b >= g) continue;
          if (Math.max(Math.abs(a - ci), Math.abs(b - cj)) !== r) continue;
          const c = b * g + a;
          for (let p = start[c]; p < start[c + 1]; p++) {
            const j = pts[p];
            if (j !== i) cand.push({ d: Math.hypot(x[i] - x[j], y[i] - y[j]), j });
          }
        }
      }
      if (cand.length >= Math.min(k, n - 1)) {
        cand.sort((p, q) => p.d - q.d || p.j - q.j);
        if (cand.length > k) cand.length = k;
        if (cand.length === n - 1 || cand[cand.length - 1].d <= r * cell) break;
      }
    }
    for (let p = 0; p < k; p++) out[i * k + p] = p < cand.length ? cand[p].j : i;
  }
  return out;
}

/** Mean fraction of each point's k nearest 2-D neighbours that share its label. */
export function purity2d(x: ArrayLike<number>, y: ArrayLike<number>, labels: ArrayLike<string>, k = 10): number {
  const nb = knn2d(x, y, k);
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    let same = 0;
    for (let p = 0; p < k; p++) if (labels[nb[i * k + p]] === labels[i]) same++;
    s += same / k;
  }
  return s / Math.max(1, x.length);
}

/** Fraction of exact neighbours (first k of each row) that the approximate rows also list. */
export function recall(approx: Knn, exact: Knn, k = Math.min(approx.k, exact.k)): number {
  let hit = 0;
  for (let i = 0; i < exact.n; i++) {
    const want = new Set(exact.indices.subarray(i * exact.k, i * exact.k + k));
    for (let p = 0; p < k; p++) if (want.has(approx.indices[i * approx.k + p])) hit++;
  }
  return hit / Math.max(1, exact.n * k);
}
