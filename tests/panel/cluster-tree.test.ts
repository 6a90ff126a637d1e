// @vitest-environment jsdom
import { describe, it, expect, vi } from 'vitest';
import { createClusterList, ROW_HEIGHT, type ClusterListValue } from '../../src/panel/cluster-list.ts';
import type { ClusterInfo } from '../../src/types.ts';

const node = (id: number, label: string, size: number, parent?: number): ClusterInfo => ({ id, label, terms: [label], size, members: [], cx: 0, cy: 0, ...(parent !== undefined ? { parent } : {}) });

function setup(value: Omit<ClusterListValue, 'labels' | 'colors' | 'selected'> & Partial<ClusterListValue>) {
  document.body.replaceChildren();
  const host = document.createElement('div');
  document.body.append(host);
  const calls = { select: [] as [number, string][], merge: [] as number[][] };
  const view = createClusterList(host, {
    onSelectCluster: (id, mode) => calls.select.push([id, mode]),
    onRename: () => {},
    onMerge: (ids) => calls.merge.push(ids),
  });
  const full: ClusterListValue = { labels: new Map(), colors: () => '#f00', selected: new Set(), ...value };
  view.update(full);
  return { host, calls, view, value: full };
}

// Topics 0-3 (ids the papers use), areas 4-5, subtopics 6-7 of topic 0.
const tree = () => ({
  clusters: [node(0, 'segmentation', 50, 4), node(1, 'tracking', 30, 4), node(2, 'speech', 40, 5), node(3, 'keyword spotting', 20, 5)],
  coarse: [node(4, 'vision', 80), node(5, 'audio', 60)],
  subtopics: [node(6, 'medical', 30, 0), node(7, 'instance', 20, 0)],
});
const ids = (host: HTMLElement) => [...host.querySelectorAll<HTMLElement>('tbody tr[data-node-id]')].map((r) => Number(r.dataset.nodeId));
const rowOf = (host: HTMLElement, id: number) => host.querySelector<HTMLTableRowElement>(`tr[data-node-id="${id}"]`)!;
const key = (el: HTMLElement, k: string) => el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));

describe('cluster tree', () => {
  it('shows areas with their topics open and subtopics closed, with treegrid semantics', () => {
    const { host } = setup(tree());
    expect(host.querySelector('table')!.getAttribute('role')).toBe('treegrid');
    expect(ids(host)).toEqual([4, 0, 1, 5, 2, 3]);
    expect(host.querySelector('caption > span')!.textContent).toBe('4 clusters in 2 areas · 140 papers');
    const area = rowOf(host, 4);
    expect(area.getAttribute('aria-level')).toBe('1');
    expect(area.getAttribute('aria-expanded')).toBe('true');
    expect(area.dataset.level).toBe('area');
    expect(area.hasAttribute('data-cluster-id')).toBe(false);
    const topic = rowOf(host, 0);
    expect(topic.getAttribute('aria-level')).toBe('2');
    expect(topic.getAttribute('aria-expanded')).toBe('false');
    expect(topic.dataset.clusterId).toBe('0');
    expect(rowOf(host, 1).hasAttribute('aria-expanded')).toBe(false);
  });

  it('closes and opens with ← and →, moves to parent and first child, and selects a subtopic with Enter', () => {
    const { host, calls } = setup(tree());
    const area = rowOf(host, 4);
    area.focus();
    key(area, 'ArrowLeft');
    expect(ids(host)).toEqual([4, 5, 2, 3]);
    expect(document.activeElement).toBe(rowOf(host, 4));
    key(rowOf(host, 4), 'ArrowRight');
    expect(ids(host)).toEqual([4, 0, 1, 5, 2, 3]);
    key(rowOf(host, 4), 'ArrowRight'); // open already: to the first child
    expect(document.activeElement).toBe(rowOf(host, 0));
    key(rowOf(host, 0), 'ArrowRight'); // opens the topic's subtopics
    expect(ids(host)).toEqual([4, 0, 6, 7, 1, 5, 2, 3]);
    key(rowOf(host, 0), 'ArrowDown');
    expect(document.activeElement).toBe(rowOf(host, 6));
    expect(rowOf(host, 6).getAttribute('aria-level')).toBe('3');
    key(rowOf(host, 6), 'Enter');
    expect(calls.select).toEqual([[6, 'replace']]);
    key(rowOf(host, 6), 'ArrowLeft'); // a leaf: to its parent
    expect(document.activeElement).toBe(rowOf(host, 0));
  });

  it('opens a node with its toggle button and selects an area by click', () => {
    const { host, calls } = setup(tree());
    expect(rowOf(host, 2).querySelector('.ps-toggle')).toBeNull(); // no subtopics: no toggle
    rowOf(host, 0).querySelector<HTMLButtonElement>('.ps-toggle')!.click();
    expect(ids(host)).toContain(7);
    expect(calls.select).toEqual([]); // the toggle does not select
    rowOf(host, 5).dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(calls.select).toEqual([[5, 'replace']]);
  });

  it('merges only nodes of one level (subtopics only within one topic)', () => {
    const { host, calls } = setup(tree());
    const merge = host.querySelector<HTMLButtonElement>('button.ps-merge')!;
    const tick = (id: number) => rowOf(host, id).querySelector<HTMLInputElement>('input[type=checkbox]')!.click();
    tick(4);
    tick(0);
    expect(merge.disabled).toBe(true);
    tick(0);
    tick(5);
    expect(merge.disabled).toBe(false);
    expect(merge.textContent).toBe('Merge 2 areas');
    merge.click();
    expect(calls.merge).toEqual([[4, 5]]);
  });
});

describe('virtualised cluster table', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => node(i, `topic ${i}`, n - i));

  it('puts only a window of rows in the DOM: 20,000 clusters render as many rows as 60', () => {
    const big = setup({ clusters: many(20_000) });
    const small = setup({ clusters: many(60) });
    const bigRows = big.host.querySelectorAll('tr[data-node-id]').length;
    expect(bigRows).toBeLessThan(100);
    expect(bigRows).toBe(small.host.querySelectorAll('tr[data-node-id]').length);
    expect(big.host.querySelector('caption > span')!.textContent).toBe('20,000 clusters · 200,010,000 papers');
    // The spacer below stands for the other rows, so the scroll height is the full list's.
    const spacer = big.host.querySelector<HTMLElement>('tr.ps-spacer')!;
    expect(parseFloat(spacer.style.height)).toBe((20_000 - bigRows) * ROW_HEIGHT);
  });

  it('a selection change updates rows in place: no row is re-created', () => {
    const { host, view, value } = setup({ clusters: many(20_000) });
    const before = [...host.querySelectorAll('tr[data-node-id]')];
    before[3].dispatchEvent(new MouseEvent('click', { bubbles: true }));
    view.update({ ...value, selected: new Set([3]) });
    const after = [...host.querySelectorAll('tr[data-node-id]')];
    expect(after).toHaveLength(before.length);
    after.forEach((tr, i) => expect(tr).toBe(before[i]));
    expect(after[3].classList.contains('is-selected')).toBe(true);
    expect(after[3].getAttribute('aria-selected')).toBe('true');
  });

  it('a label over two lines makes its row taller, and the rows below move with it (measured heights)', () => {
    // jsdom has no layout: rows report ROW_HEIGHT, except topic 5, whose long label takes three lines.
    const orig = HTMLTableRowElement.prototype.getBoundingClientRect;
    HTMLTableRowElement.prototype.getBoundingClientRect = function (this: HTMLTableRowElement) {
      const h = this.dataset.nodeId === '5' ? 2 * ROW_HEIGHT : this.dataset.nodeId ? ROW_HEIGHT : 0;
      return { x: 0, y: 0, top: 0, left: 0, right: 100, bottom: h, width: 100, height: h, toJSON: () => ({}) } as DOMRect;
    };
    try {
      const { host } = setup({ clusters: many(20_000) });
      const rendered = host.querySelectorAll('tr[data-node-id]').length;
      const spacer = host.querySelector<HTMLElement>('tr.ps-spacer')!;
      // Row 5 is in the window: the rows after it are what the spacer below stands for, at ROW_HEIGHT each.
      expect(parseFloat(spacer.style.height)).toBe((20_000 - rendered) * ROW_HEIGHT);
      // At the end of the list, the spacer above counts row 5 at its measured height.
      const first = host.querySelector<HTMLElement>('tr[data-node-id]')!;
      first.focus();
      key(first, 'End');
      const top = host.querySelector<HTMLElement>('tbody > tr.ps-spacer:first-child')!;
      const firstShown = Number(host.querySelector<HTMLElement>('tr[data-node-id]')!.dataset.nodeId);
      expect(firstShown).toBeGreaterThan(5);
      expect(parseFloat(top.style.height)).toBe(firstShown * ROW_HEIGHT + ROW_HEIGHT);
    } finally {
      HTMLTableRowElement.prototype.getBoundingClientRect = orig;
    }
  });

  it('End reaches the last of 20,000 rows and brings it into the DOM', () => {
    const { host } = setup({ clusters: many(20_000) });
    const first = host.querySelector<HTMLElement>('tr[data-node-id]')!;
    first.focus();
    key(first, 'End');
    expect((document.activeElement as HTMLElement).dataset.nodeId).toBe('19999');
    expect(host.querySelectorAll('tr[data-node-id]').length).toBeLessThan(100);
  });
});

describe('cluster table in a page with layout (ResizeObserver)', () => {
  it('an update reads no layout: row heights are measured by the observer after the browser laid the page out', () => {
    // A refined map landing rebuilt the table and read every row's height at once, which forced a
    // layout of the whole page inside that task (100-500 ms at 300 papers, issue 10).
    const observed = new Set<Element>();
    let callback: (() => void) | null = null;
    vi.stubGlobal('ResizeObserver', class {
      constructor(cb: () => void) { callback = cb; }
      observe(e: Element) { observed.add(e); }
      unobserve(e: Element) { observed.delete(e); }
      disconnect() { observed.clear(); }
    });
    const frames: (() => void)[] = [];
    vi.stubGlobal('requestAnimationFrame', (f: () => void) => frames.push(f));
    const reads = { rect: 0 };
    const orig = HTMLTableRowElement.prototype.getBoundingClientRect;
    HTMLTableRowElement.prototype.getBoundingClientRect = function (this: HTMLTableRowElement) {
      reads.rect++;
      const h = this.dataset.nodeId === '5' ? 2 * ROW_HEIGHT : this.dataset.nodeId ? ROW_HEIGHT : 0;
      return { x: 0, y: 0, top: 0, left: 0, right: 100, bottom: h, width: 100, height: h, toJSON: () => ({}) } as DOMRect;
    };
    try {
      const many = Array.from({ length: 2_000 }, (_, i) => node(i, `topic ${i}`, 2_000 - i));
      const { host, view, value } = setup({ clusters: many });
      view.update({ ...value, clusters: many.map((c) => ({ ...c, label: `${c.label} refined` })) });
      expect(reads.rect).toBe(0);
      const rows = [...host.querySelectorAll('tr[data-node-id]')];
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => observed.has(r))).toBe(true);
      // After layout: the observer reports, the rows are measured, and the next frame moves the spacer.
      const spacer = host.querySelector<HTMLElement>('tbody > tr.ps-spacer:last-child')!;
      expect(parseFloat(spacer.style.height)).toBe((2_000 - rows.length) * ROW_HEIGHT);
      callback!();
      expect(reads.rect).toBeGreaterThan(0);
      for (const f of frames.splice(0)) f();
      const shown = host.querySelectorAll('tr[data-node-id]').length;
      // Row 5 is taller; the rows below it are what the spacer stands for, so its height is unchanged
      // and the table's total height (offsets) grew by one row: the top spacer after End shows it.
      expect(parseFloat(host.querySelector<HTMLElement>('tbody > tr.ps-spacer:last-child')!.style.height)).toBe((2_000 - shown) * ROW_HEIGHT);
      const first = host.querySelector<HTMLElement>('tr[data-node-id]')!;
      first.focus();
      key(first, 'End');
      const firstShown = Number(host.querySelector<HTMLElement>('tr[data-node-id]')!.dataset.nodeId);
      expect(parseFloat(host.querySelector<HTMLElement>('tbody > tr.ps-spacer:first-child')!.style.height)).toBe(firstShown * ROW_HEIGHT + ROW_HEIGHT);
    } finally {
      HTMLTableRowElement.prototype.getBoundingClientRect = orig;
      vi.unstubAllGlobals();
    }
  });
});
