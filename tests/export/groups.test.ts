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
