import { describe, expect, it } from 'vitest';
import { applyMerges, carryEdits, matchClusters, mergeClusters } from '../../src/app/cluster-edits.ts';
import type { ClusterInfo, Layout } from '../../src/types.ts';

/** A layout from a cluster assignment; members in index order. */
function layoutOf(assign: number[]): Layout {
  const ids = [...new Set(assign.filter((c) => c >= 0))];
  const clusters: ClusterInfo[] = ids.map((id) => {
    const members = assign.flatMap((c, i) => (c === id ? [i] : []));
    return { id, label: `c${id}`, terms: [`t${id}`], size: members.length, members, cx: id, cy: id };
  });
  const n = assign.length;
  return {
    x: new Float32Array(n),
    y: new Float32Array(n),
    cluster: Int32Array.from(assign),
    dupOf: Int32Array.from({ length: n }, (_, i) => i),
    clusters,
  };
}

describe('cluster edits', () => {
  it('merging two clusters moves every paper of the second into the first and sums sizes', () => {
    const l = layoutOf([0, 0, 1, 1, 1, 2, -1]);
    const m = mergeClusters(l, [0, 1]);
    expect(Array.from(m.cluster)).toEqual([0, 0, 0, 0, 0, 2, -1]);
    expect(m.clusters.map((c) => [c.id, c.size])).toEqual([
      [0, 5],
      [2, 1],
    ]);
    expect([...m.clusters[0].members].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(m.clusters[0].members.slice(0, 2)).toEqual([0, 2]); // each part's most representative first
    expect(Array.from(l.cluster)).toEqual([0, 0, 1, 1, 1, 2, -1]); // input untouched
  });

  it('ignores a merge naming fewer than two existing clusters', () => {
    const l = layoutOf([0, 1]);
    expect(mergeClusters(l, [0, 9])).toBe(l);
  });

  it('matches clusters of a new layout to the old cluster holding most of their papers', () => {
    const prev = layoutOf([0, 0, 0, 1, 1, 1]);
    const next = layoutOf([5, 5, 5, 7, 7, 8]);
    const m = matchClusters(prev, next);
    expect(m.get(5)).toBe(0);
    expect(m.get(7)).toBe(1);
    expect(m.get(8)).toBe(1);
  });

  it('carries a rename and a merge to a re-layout of the same papers with new cluster ids', () => {
    const raw = layoutOf([0, 0, 1, 1, 2, 2]);
    const edits = { renames: new Map([[0, 'Pruning']]), merges: [[0, 1]] };
    const prev = applyMerges(raw, edits.merges);
    const next = layoutOf([4, 4, 3, 3, 9, 9]);
    const carried = carryEdits(prev, edits, next);
    expect(carried.merges).toHaveLength(1);
    expect([...carried.merges[0]].sort()).toEqual([3, 4]);
    const after = applyMerges(next, carried.merges);
    expect(after.clusters).toHaveLength(2);
    const renamedId = [...carried.renames.keys()][0];
    expect(carried.renames.get(renamedId)).toBe('Pruning');
    expect(after.clusters.some((c) => c.id === renamedId)).toBe(true);
  });
});
