/**
 * Is a cluster rising or fading? A one-sided binomial test of its share of papers in the
 * last third of the periods against the corpus-wide share there: if the cluster's papers
 * had the same time profile as the corpus, the number of them in the last third would be
 * Binomial(n, p0) with n = the cluster's dated papers and p0 = the share of all dated papers
 * that fall in the last third. Rising when P(X ≥ k) < α / m, fading when P(X ≤ k) < α / m,
 * with α = 0.05 and m = the number of clusters tested (Bonferroni). Comparing with the
 * corpus's own profile means a field that grows overall does not make every cluster "rising".
 */

export const TREND_ALPHA = 0.05;

/** One sentence saying what the mark means, for tooltips and the README. */
export const TREND_TEST_TEXT =
  'One-sided binomial test: papers in the last third of the periods vs the share of the whole corpus there; ' +
  `rising / fading when p < ${TREND_ALPHA} / number of clusters (Bonferroni).`;

export type TrendMark = 'rising' | 'fading' | null;

export interface TrendStat {
  mark: TrendMark;
  /** Cluster's share in the last third divided by the corpus's share there (1 = same profile). */
  ratio: number;
  /** The smaller one-sided p-value. */
  p: number;
  /** Papers of the cluster in the last third, and in all periods. */
  recent: number;
  total: number;
}

/** Index of the first period of the "last third" (at least one period; the whole range when there is one). */
export function recentStart(nPeriods: number): number {
  return Math.max(0, nPeriods - Math.max(1, Math.ceil(nPeriods / 3)));
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; |error| < 1e-13 over the range used here). */
export function lnGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

function lnPmf(k: number, n: number, p: number): number {
  if (p <= 0) return k === 0 ? 0 : -Infinity;
  if (p >= 1) return k === n ? 0 : -Infinity;
  return lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log(1 - p);
}

/** P(X ≥ k) for X ~ Binomial(n, p), summed from the pmf (terms below 1e-18 of the sum end it). */
export function binomUpper(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  let sum = 0;
  const mode = Math.floor((n + 1) * p);
  for (let j = k; j <= n; j++) {
    const term = Math.exp(lnPmf(j, n, p));
    sum += term;
    if (j > mode && term < sum * 1e-18) break;
  }
  return Math.min(1, sum);
}

/** P(X ≤ k). */
export function binomLower(k: number, n: number, p: number): number {
  return binomUpper(n - k, n, 1 - p);
}

/**
 * Trend statistics for each cluster's counts per period, against the totals per period.
 * `m` is the number of clusters tested together (Bonferroni); defaults to the number given.
 */
export function trendStats(counts: readonly ArrayLike<number>[], totals: ArrayLike<number>, m = counts.length): TrendStat[] {
  const P = totals.length;
  const s = recentStart(P);
  let all = 0, allRecent = 0;
  for (let t = 0; t < P; t++) {
    all += totals[t];
    if (t >= s) allRecent += totals[t];
  }
  const p0 = all > 0 ? allRecent / all : 0;
  const threshold = TREND_ALPHA / Math.max(1, m);
  return counts.map((row) => {
    let n = 0, k = 0;
    for (let t = 0; t < P; t++) {
      n += row[t];
      if (t >= s) k += row[t];
    }
    if (n === 0 || P < 2 || p0 <= 0 || p0 >= 1) return { mark: null, ratio: 1, p: 1, recent: k, total: n };
    const up = binomUpper(k, n, p0);
    const down = binomLower(k, n, p0);
    const mark: TrendMark = up < threshold ? 'rising' : down < threshold ? 'fading' : null;
    return { mark, ratio: k / n / p0, p: Math.min(up, down), recent: k, total: n };
  });
}

/** The entries of `arr` inside a window [first, last] of periods. */
export function inWindow(arr: ArrayLike<number>, window: [number, number]): number[] {
  return Array.from(arr).slice(window[0], window[1] + 1);
}
