// @vitest-environment jsdom
/** The cluster table's trend column (panel/sparkline.ts through the table's narrow hook) and brushed counts. */
import { describe, expect, it } from 'vitest';
import { createClusterList } from '../../src/panel/cluster-list.ts';
import { trendCell } from '../../src/panel/sparkline.ts';
import { trendStats } from '../../src/time/trend.ts';
import type { ClusterInfo } from '../../src/types.ts';

const cluster = (id: number, label: string, size: number): ClusterInfo => ({ id, label, terms: [label], size, members: [], cx: 0, cy: 0 });

describe('trend column', () => {
  const counts = new Map([[0, [30, 30, 30, 20, 5, 2]], [1, [5, 5, 5, 5, 10, 30]], [2, [100, 100, 100, 100, 100, 100]]]);
  const totals = [0, 1, 2, 3, 4, 5].map((t) => [...counts.values()].reduce((s, c) => s + c[t], 0));
  const stats = trendStats([...counts.values()], totals);
  const periods = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'];

  function setup(brushed: Map<number, number> | null) {
    document.body.replaceChildren();
    const host = document.createElement('div');
    document.body.append(host);
    const view = createClusterList(host, { onSelectCluster() {}, onRename() {}, onMerge() {} });
    view.update({
      clusters: [cluster(0, 'fading topic', 117), cluster(1, 'rising topic', 60), cluster(2, 'steady topic', 600)],
      labels: new Map(),
      colors: () => '#0072B2',
      selected: new Set(),
      trend: { title: 'test', cell: (c) => trendCell(counts.get(c.id)!, periods, [0, 5], stats[c.id], '#0072B2'), sortValue: (c) => (stats[c.id].mark === 'rising' ? 1e6 : stats[c.id].mark === 'fading' ? -1e6 : 0) + Math.log(stats[c.id].ratio) },
      counts: brushed ? { byId: brushed, what: 'in 2025-01' } : null,
    });
    return host;
  }
  const ids = (host: HTMLElement) => [...host.querySelectorAll('tbody tr')].map((r) => (r as HTMLElement).dataset.clusterId);

  it('shows a sparkline with one bar per non-empty period and the mark from the test, with the test in the tooltip', () => {
    const host = setup(null);
    const rising = host.querySelector('tr[data-cluster-id="1"] .ps-trend')!;
    expect(rising.getAttribute('data-trend')).toBe('rising');
    expect(rising.querySelectorAll('rect')).toHaveLength(6);
    expect(rising.getAttribute('title')).toMatch(/binomial/i);
    expect(host.querySelector('tr[data-cluster-id="0"] .ps-trend')!.getAttribute('data-trend')).toBe('fading');
    expect(host.querySelector('tr[data-cluster-id="2"] .ps-trend')!.getAttribute('data-trend')).toBe('flat');
  });

  it('sorts by trend: rising first, then steady, then fading; again for the reverse', () => {
    const host = setup(null);
    host.querySelector<HTMLButtonElement>('[data-sort="trend"]')!.click();
    expect(ids(host)).toEqual(['1', '2', '0']);
    host.querySelector<HTMLButtonElement>('[data-sort="trend"]')!.click();
    expect(ids(host)).toEqual(['0', '2', '1']);
  });

  it('with a brush, counts the papers inside instead of sizes, in the rows and the caption', () => {
    const host = setup(new Map([[0, 30], [1, 5], [2, 100]]));
    expect([...host.querySelectorAll('.ps-num')].map((n) => n.textContent)).toEqual(['100', '30', '5']);
    expect(host.querySelector('caption')!.textContent).toContain('135 papers in 2025-01');
  });
});
