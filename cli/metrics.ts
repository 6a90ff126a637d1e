/**
 * Clustering agreement metrics for the eval command: NMI (arithmetic-mean
 * normalisation, as scikit-learn's default) and adjusted Rand index.
 * Outliers (-1) count as one more cluster, so hiding papers is not rewarded.
 */
function contingency(a: ArrayLike<string | number>, b: ArrayLike<string | number>) {
  const n = a.length;
  const ai = new Map<string | number, number>();
  const bi = new Map<string | number, number>();
  const table = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    if (!ai.has(a[i])) ai.set(a[i], ai.size);
    if (!bi.has(b[i])) bi.set(b[i], bi.size);
    const key = `${ai.get(a[i])},${bi.get(b[i])}`;
    table.set(key, (table.get(key) ?? 0) + 1);
  }
  const rowSum = new Array(ai.size).fill(0);
  const colSum = new Array(bi.size).fill(0);
  for (const [k, v] of table) {
    const [r, c] = k.split(',').map(Number);
    rowSum[r] += v;
    colSum[c] += v;
  }
  return { n, table, rowSum, colSum };
}

export function nmi(a: ArrayLike<string | number>, b: ArrayLike<string | number>): number {
  const { n, table, rowSum, colSum } = contingency(a, b);
  const h = (s: number[]) => -s.reduce((acc, v) => (v > 0 ? acc + (v / n) * Math.log(v / n) : acc), 0);
  let mi = 0;
  for (const [k, v] of table) {
    const [r, c] = k.split(',').map(Number);
    mi += (v / n) * Math.log((n * v) / (rowSum[r] * colSum[c]));
  }
  const denom = (h(rowSum) + h(colSum)) / 2;
  return denom > 0 ? mi / denom : 1;
}

export function ari(a: ArrayLike<string | number>, b: ArrayLike<string | number>): number {
  const { n, table, rowSum, colSum } = contingency(a, b);
  const c2 = (x: number) => (x * (x - 1)) / 2;
  let sumIj = 0;
  for (const v of table.values()) sumIj += c2(v);
  const sumA = rowSum.reduce((s, v) => s + c2(v), 0);
  const sumB = colSum.reduce((s, v) => s + c2(v), 0);
  const expected = (sumA * sumB) / c2(n);
  const max = (sumA + sumB) / 2;
  return max === expected ? 1 : (sumIj - expected) / (max - expected);
}
