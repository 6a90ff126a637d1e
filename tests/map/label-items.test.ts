import { describe, it, expect } from 'vitest';
import { clusterName, coarseLabelItems, coarseMembers, fineFillItems, fineLabelItems, subtopicLabelItems } from '../../src/map/label-items.ts';
import type { LabelItem } from '../../src/map/label-layer.ts';
import { syntheticLayout } from '../../src/map/demo-data.ts';
import { assignColors } from '../../src/map/palette.ts';

function withCoarse() {
  const l = syntheticLayout(1600, 16, 2);
  l.clusters.forEach((c) => (c.parent = c.id < 3 ? 100 : 200));
  l.coarse = [100, 200].map((id) => ({ id, label: `group ${id}`, terms: [], size: 0, members: [], cx: 0, cy: id / 100 }));
  return l;
}

describe('label items', () => {
  it('applies user renames over layout labels and orders by size', () => {
    const l = syntheticLayout(800, 5, 1);
    const items = fineLabelItems(l, new Map([[2, 'My rename']]), assignColors(l.clusters.map((c) => c.id)), new Map());
    expect(items.find((i) => i.id === 2)?.text).toBe('My rename');
    expect(items.find((i) => i.id === 1)?.text).toBe(l.clusters[1].label);
    for (let i = 1; i < items.length; i++) expect(items[i - 1].size).toBeGreaterThanOrEqual(items[i].size);
    expect(clusterName(l, new Map([[2, 'My rename']]), 2)).toBe('My rename');
    expect(clusterName(l, new Map(), -1)).toBe('Outlier');
  });

  it('drops labels whose centre is not finite', () => {
    const l = syntheticLayout(300, 3, 1);
    l.clusters[0].cx = NaN;
    expect(fineLabelItems(l, new Map(), new Map(), new Map()).map((i) => i.id)).not.toContain(0);
  });

  it('collects every paper of the fine clusters under a coarse cluster', () => {
    const l = withCoarse();
    const got = coarseMembers(l, 100);
    const want = Array.from(l.cluster.keys()).filter((i) => l.cluster[i] >= 0 && l.cluster[i] < 3);
    expect(got).toEqual(want);
    expect(coarseLabelItems(l).map((i) => i.id).sort()).toEqual([100, 200]);
  });

  it("stands an area's label on the topic it names most, not at the area's centre (another topic may be there)", () => {
    const l = withCoarse();
    // Area 200's children are topics 3-15; topic 7 shares two terms with the area's label, the largest child none.
    l.coarse!.find((c) => c.id === 200)!.label = 'instance segmentation · image · object';
    l.clusters[7].label = 'instance segmentation · mask · object';
    const item = coarseLabelItems(l).find((i) => i.id === 200)!;
    expect([item.cx, item.cy]).toEqual([l.clusters[7].cx, l.clusters[7].cy]);
    expect([item.cx, item.cy]).not.toEqual([0, 2]);
    // With no terms in common, the largest child.
    const a100 = coarseLabelItems(l).find((i) => i.id === 100)!;
    const largest = l.clusters.filter((c) => c.parent === 100).sort((a, b) => b.size - a.size || a.id - b.id)[0];
    expect([a100.cx, a100.cy]).toEqual([largest.cx, largest.cy]);
  });

  it('shows no coarse level when every fine label fits at once (12 clusters or fewer)', () => {
    const l = withCoarse();
    l.clusters = l.clusters.slice(0, 12);
    expect(coarseLabelItems(l)).toEqual([]);
  });

  it('shows no coarse level when it is not coarser than the fine one', () => {
    const l = syntheticLayout(300, 2, 1);
    l.coarse = [{ id: 9, label: 'x', terms: [], size: 1, members: [], cx: 0, cy: 0 }, { id: 8, label: 'y', terms: [], size: 1, members: [], cx: 0, cy: 0 }];
    expect(coarseLabelItems(l)).toEqual([]);
  });
});

describe('label tooltips', () => {
  it("name the cluster and list its 3 most representative titles, in representative order", () => {
    const l = syntheticLayout(300, 3, 1);
    const c = l.clusters[0];
    const items = fineLabelItems(l, new Map(), new Map(), new Map(), (i) => `Title ${i}`);
    const tip = items.find((it) => it.id === c.id)!.tooltip!;
    expect(tip.startsWith(c.label)).toBe(true);
    expect(tip.split('\n').filter((line) => line.startsWith('• '))).toEqual(c.members.slice(0, 3).map((i) => `• Title ${i}`));
  });
});

describe('fineFillItems', () => {
  const item = (id: number, text: string, coarse = false): LabelItem => ({ id, text, cx: 0, cy: 0, size: 1, color: '#000', coarse });
  it('drops fine labels that repeat a coarse one (two shared key terms, any order or case) and keeps the rest', () => {
    const coarse = [item(0, 'token · memory · transformer', true), item(1, 'LLMs · language models · agents', true)];
    const fine = [item(5, 'memory · Token · transformer'), item(6, 'language models · LLMs · code'), item(7, 'memory · speech · audio'), item(8, 'Renamed by me')];
    expect(fineFillItems(fine, coarse).map((f) => f.id)).toEqual([7, 8]);
  });
});

describe('label items per tree level', () => {
  it('zoomed in, subtopics replace the topic they split (in its colour); renames apply to areas and subtopics', () => {
    const l = withCoarse();
    l.subtopics = [
      { id: 300, label: 'sub a', terms: [], size: 40, members: l.clusters[0].members.slice(0, 40), cx: 0.1, cy: 0.1, parent: l.clusters[0].id },
      { id: 301, label: 'sub b', terms: [], size: 60, members: l.clusters[0].members.slice(40), cx: 0.2, cy: 0.2, parent: l.clusters[0].id },
    ];
    const fine = fineLabelItems(l, new Map(), assignColors(l.clusters.map((c) => c.id)), new Map());
    const deep = subtopicLabelItems(l, fine, new Map([[301, 'renamed sub']]));
    const ids = deep.map((i) => i.id);
    expect(ids).toContain(300);
    expect(ids).not.toContain(l.clusters[0].id);
    expect(ids).toContain(l.clusters[1].id);
    expect(deep.find((i) => i.id === 301)!.text).toBe('renamed sub');
    expect(deep.find((i) => i.id === 300)!.color).toBe(fine.find((f) => f.id === l.clusters[0].id)!.color);
    expect(subtopicLabelItems(withCoarse(), fine, new Map())).toEqual([]);
    expect(coarseLabelItems(l, new Map([[100, 'Area renamed']])).find((i) => i.id === 100)!.text).toBe('Area renamed');
  });
});

describe('label tooltips are made when read', () => {
  it('making the items of 2,000 clusters reads no title (issue 16: tooltips for 20,000 clusters on every rename)', () => {
    const layout = syntheticLayout(4000, 2000, 9);
    let reads = 0;
    const items = fineLabelItems(layout, new Map(), new Map(), new Map(), (i) => (reads++, `Title ${i}`));
    expect(reads).toBe(0);
    const c = layout.clusters.find((x) => x.members.length > 0)!;
    expect(items.find((it) => it.id === c.id)!.tooltip).toContain(`Title ${c.members[0]}`);
    expect(reads).toBeGreaterThan(0);
  });
});
