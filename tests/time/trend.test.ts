import { describe, expect, it } from 'vitest';
import { binomLower, binomUpper, lnGamma, recentStart, trendStats } from '../../src/time/trend.ts';

describe('binomial tails', () => {
  it('match exact sums on small n', () => {
    // P(X >= 8), X ~ Bin(10, 0.5) = (45 + 10 + 1) / 1024
    expect(binomUpper(8, 10, 0.5)).toBeCloseTo(56 / 1024, 12);
    expect(binomLower(2, 10, 0.5)).toBeCloseTo(56 / 1024, 12);
    expect(binomUpper(0, 10, 0.3)).toBe(1);
    expect(binomUpper(11, 10, 0.3)).toBe(0);
    expect(lnGamma(10)).toBeCloseTo(Math.log(362880), 10);
  });
  it('large n agrees with the normal approximation far in the tail order of magnitude', () => {
    const p = binomUpper(5600, 10000, 0.5); // z = 12
    expect(p).toBeGreaterThan(1e-35);
    expect(p).toBeLessThan(1e-30);
  });
});

describe('trendStats', () => {
  it('the last third is the last ceil(P/3) periods', () => {
    expect(recentStart(16)).toBe(10);
    expect(recentStart(3)).toBe(2);
    expect(recentStart(2)).toBe(1);
  });
  it('a cluster growing faster than the corpus is rising, one shrinking is fading, one following it is neither', () => {
    const rising = [5, 5, 5, 5, 10, 30];
    const fading = [30, 30, 30, 20, 5, 2];
    const steady = [100, 100, 100, 100, 100, 100];
    const totals = rising.map((_, t) => rising[t] + fading[t] + steady[t]);
    const [r, f, s] = trendStats([rising, fading, steady], totals);
    expect(r.mark).toBe('rising');
    expect(r.ratio).toBeGreaterThan(1);
    expect(f.mark).toBe('fading');
    expect(s.mark).toBeNull();
    expect(r.recent).toBe(40);
    expect(r.total).toBe(60);
  });
  it('growth of the whole corpus alone marks nothing', () => {
    const a = [1, 2, 4, 8, 16, 32], b = [2, 4, 8, 16, 32, 64];
    const totals = a.map((v, t) => v + b[t]);
    expect(trendStats([a, b], totals).map((s) => s.mark)).toEqual([null, null]);
  });
  it('Bonferroni: a borderline rise is marked alone but not among many clusters', () => {
    const c = [10, 10, 10, 10, 17, 17];
    const rest = [1000, 1000, 1000, 1000, 1000, 1000];
    const totals = c.map((v, t) => v + rest[t]);
    const alone = trendStats([c], totals, 1)[0];
    expect(alone.p).toBeLessThan(0.05);
    expect(alone.mark).toBe('rising');
    expect(trendStats([c], totals, 200)[0].mark).toBeNull();
  });
});
