import { describe, expect, it } from 'vitest';
import { buildTimeline, chooseGranularity, clusterTrends, periodKey } from '../../src/time/periods.ts';
import { parseIsoDate } from '../../src/ingest/dates.ts';
import type { PaperDate } from '../../src/types.ts';

const d = (s: string) => parseIsoDate(s)!;
const days = (from: string, n: number): PaperDate[] =>
  Array.from({ length: n }, (_, k) => d(new Date(Date.parse(from) + k * 86_400_000).toISOString().slice(0, 10)));

describe('period length from the span', () => {
  it('day up to a month, week up to half a year, month up to six years, else year', () => {
    expect(chooseGranularity(days('2025-03-01', 2))).toBe('day');
    expect(chooseGranularity(days('2025-03-01', 60))).toBe('week');
    expect(chooseGranularity(days('2025-03-01', 400))).toBe('month');
    expect(chooseGranularity([d('1990'), d('2020')])).toBe('year');
    expect(chooseGranularity([])).toBe('year');
  });
  it('never finer than most papers are dated: month-dated papers over 3 weeks give months', () => {
    expect(chooseGranularity([d('2025-03'), d('2025-03'), d('2025-04-02')])).toBe('month');
  });
  it('a few stray early dates do not widen the periods', () => {
    const many = Array.from({ length: 1000 }, (_, k) => d(`2025-${String(1 + (k % 12)).padStart(2, '0')}`));
    expect(chooseGranularity([...many, d('2018-12')])).toBe('month');
  });
});

describe('buildTimeline', () => {
  it('gapless keys, counts per period, undated and too-coarse papers kept out', () => {
    const dates = [d('2025-01'), d('2025-03'), d('2025-03-05'), undefined, d('2025'), d('2025-03')];
    const t = buildTimeline(dates, 'month');
    expect(t.periods).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(Array.from(t.totals)).toEqual([1, 0, 3]);
    expect(Array.from(t.periodOf)).toEqual([0, 2, 2, -1, -1, 2]);
    expect(t.undated).toBe(1);
    expect(t.tooCoarse).toBe(1);
  });
  it('ISO weeks, across a year boundary', () => {
    expect(periodKey(Date.UTC(2024, 11, 30), 'week')).toBe('2025-W01');
    expect(periodKey(Date.UTC(2021, 0, 3), 'week')).toBe('2020-W53');
    const t = buildTimeline(days('2024-12-20', 20), 'week');
    expect(t.periods).toEqual(['2024-W51', '2024-W52', '2025-W01', '2025-W02']);
    expect(Array.from(t.totals)).toEqual([3, 7, 7, 3]);
  });
  it('the shown window leaves out thin tails only', () => {
    const many = Array.from({ length: 1000 }, (_, k) => d(`2025-${String(1 + (k % 12)).padStart(2, '0')}`));
    const t = buildTimeline([d('2023-06'), ...many]);
    expect(t.periods[t.window[0]]).toBe('2025-01');
    expect(t.periods[t.window[1]]).toBe('2025-12');
    expect(t.totals[0]).toBe(1); // still counted
  });
  it('clusterTrends: each cluster row sums to its dated papers', () => {
    const dates = [d('2025-01'), d('2025-02'), d('2025-02'), d('2025-03'), undefined];
    const t = buildTimeline(dates, 'month');
    const tr = clusterTrends(t, [0, 0, 1, 1, 1], [0, 1]);
    expect(Array.from(tr.get(0)!)).toEqual([1, 1, 0]);
    expect(Array.from(tr.get(1)!)).toEqual([0, 1, 1]);
  });
});
