import { describe, it, expect } from 'vitest';
import { groupsForExport } from '../../src/export/index.ts';
import { layoutOf, paper } from './helpers.ts';

describe('groupsForExport', () => {
  it('puts every row in exactly one group, outliers in "Unclustered" last', () => {
    const papers = [0, 1, 2, 3, 4].map((i) => paper(i));
    const groups = groupsForExport(papers, layoutOf([1, 0, -1, 1, 0]), new Map());
    expect(groups.map((g) => g.id)).toEqual([0, 1, -1]);
    expect(groups.at(-1)!.label).toBe('Unclustered');
    expect(groups.flatMap((g) => g.papers).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps duplicates, placed right after their representative', () => {
    const papers = [0, 1, 2, 3].map((i) => paper(i));
    // 3 is a duplicate of 0; members list only unique papers, representative order 2, 0.
    const layout = layoutOf([0, 1, 0, 0], [0, 1, 2, 0], { 0: [2, 0], 1: [1] });
    const groups = groupsForExport(papers, layout, new Map());
    expect(groups[0].papers).toEqual([2, 0, 3]);
  });

  it('uses user renames over the cluster label', () => {
    const groups = groupsForExport([paper(0), paper(1)], layoutOf([0, 1]), new Map([[1, 'My topic']]));
    expect(groups.map((g) => g.label)).toEqual(['label 0', 'My topic']);
  });

  it('exports only the selected subset and drops empty groups', () => {
    const papers = [0, 1, 2, 3].map((i) => paper(i));
    const groups = groupsForExport(papers, layoutOf([0, 0, 1, 1]), new Map(), [3, 1, 99, -1]);
    expect(groups.map((g) => [g.id, g.papers])).toEqual([[0, [1]], [1, [3]]]);
  });
});

describe('groupsTask: bounded work between checkpoints', () => {
  it('orders a 40,000-paper group a slice at a time (the reads of dupOf between two yields are bounded)', async () => {
    const { groupsTask, ORDER_STEP } = await import('../../src/export/groups.ts');
    const n = 40_000;
    const papers = Array.from({ length: n }, (_, i) => paper(i));
    // One cluster; only paper 0 is a listed member, the rest are its duplicates (the 100,000-duplicates case).
    const layout = layoutOf(new Array(n).fill(0), new Array(n).fill(0), { 0: [0] });
    let reads = 0;
    const counted = new Proxy(layout.dupOf, { get: (t, k) => { if (typeof k === 'string' && /^\d+$/.test(k)) reads++; return Reflect.get(t, k); } });
    const task = groupsTask(papers, { ...layout, dupOf: counted as Int32Array }, new Map());
    let most = 0;
    let yields = 0;
    for (let r = task.next(); ; r = task.next()) {
      most = Math.max(most, reads);
      reads = 0;
      if (r.done) {
        expect(r.value[0].papers).toHaveLength(n);
        expect(r.value[0].papers[0]).toBe(0);
        break;
      }
      yields++;
    }
    // The old task read all 40,000 in one step (ordering the group).
    expect(most).toBeLessThanOrEqual(ORDER_STEP);
    expect(yields).toBeGreaterThan(n / ORDER_STEP);
  });
});
