// @vitest-environment jsdom
import { describe, it, expect, beforeEach } from 'vitest';
import { createClusterList } from '../../src/panel/cluster-list.ts';
import type { ClusterInfo } from '../../src/types.ts';

function cluster(id: number, label: string, size: number): ClusterInfo {
  return { id, label, terms: [label], size, members: [], cx: 0, cy: 0 };
}

function setup() {
  document.body.replaceChildren();
  const host = document.createElement('div');
  document.body.append(host);
  const calls = { select: [] as [number, string][], rename: [] as [number, string][], merge: [] as number[][] };
  const view = createClusterList(host, {
    onSelectCluster: (id, mode) => calls.select.push([id, mode]),
    onRename: (id, label) => calls.rename.push([id, label]),
    onMerge: (ids) => calls.merge.push(ids),
  });
  view.update({
    clusters: [cluster(0, 'beta topic', 5), cluster(1, 'alpha topic', 12), cluster(2, '<img src=x onerror=alert(1)>', 3)],
    labels: new Map([[0, 'Zeta renamed']]),
    colors: () => 'rgb(255, 0, 0)',
    selected: new Set([1]),
  });
  return { host, calls, view };
}

const rowIds = (host: HTMLElement) => [...host.querySelectorAll('tbody tr')].map((r) => (r as HTMLElement).dataset.clusterId);
const row = (host: HTMLElement, id: number) => host.querySelector<HTMLTableRowElement>(`tr[data-cluster-id="${id}"]`)!;

describe('cluster list', () => {
  let ctx: ReturnType<typeof setup>;
  beforeEach(() => { ctx = setup(); });

  it('is a table with a caption and column headers, sorted by size (largest first)', () => {
    const { host } = ctx;
    expect(host.querySelector('caption > span')!.textContent).toBe('3 clusters · 20 papers');
    expect([...host.querySelectorAll('th')].every((th) => th.getAttribute('scope') === 'col')).toBe(true);
    expect(rowIds(host)).toEqual(['1', '0', '2']);
    expect(host.querySelector('th[aria-sort]')!.textContent).toContain('Papers');
    expect(host.querySelector('th[aria-sort]')!.getAttribute('aria-sort')).toBe('descending');
  });

  it('shows renames, marks the selection and renders labels as text only', () => {
    const { host } = ctx;
    expect(row(host, 0).textContent).toContain('Zeta renamed');
    expect(row(host, 1).getAttribute('aria-current')).toBe('true');
    expect(row(host, 0).hasAttribute('aria-current')).toBe(false);
    expect(host.querySelector('img')).toBeNull();
    expect(row(host, 2).textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('sorts by label when the Label header is clicked, and reverses on a second click', () => {
    const { host } = ctx;
    host.querySelector<HTMLButtonElement>('button[data-sort="label"]')!.click();
    expect(rowIds(host)).toEqual(['2', '1', '0']); // "<img…", "alpha topic", "Zeta renamed"
    expect(host.querySelector('th[aria-sort]')!.getAttribute('aria-sort')).toBe('ascending');
    host.querySelector<HTMLButtonElement>('button[data-sort="label"]')!.click();
    expect(rowIds(host)).toEqual(['0', '1', '2']);
  });

  it('selects on click (Shift adds) and on Enter / Space; arrows move focus', () => {
    const { host, calls } = ctx;
    row(host, 0).dispatchEvent(new MouseEvent('click', { bubbles: true }));
    row(host, 2).dispatchEvent(new MouseEvent('click', { bubbles: true, shiftKey: true }));
    const r1 = row(host, 1);
    r1.focus();
    r1.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    r1.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', shiftKey: true, bubbles: true }));
    expect(calls.select).toEqual([[0, 'replace'], [2, 'add'], [1, 'replace'], [1, 'add']]);
    r1.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    expect(document.activeElement).toBe(row(host, 0));
    expect(row(host, 0).tabIndex).toBe(0);
  });

  it('renames on double-click: Enter commits the new label, Escape cancels', async () => {
    const { host, calls } = ctx;
    host.querySelector<HTMLElement>('tr[data-cluster-id="1"] .ps-c-text')!.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
    let input = host.querySelector<HTMLInputElement>('input.ps-rename')!;
    expect(input.value).toBe('alpha topic');
    input.value = '  Graph   learning ';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(calls.rename).toEqual([[1, 'Graph learning']]);
    expect(host.querySelector('input.ps-rename')).toBeNull();

    host.querySelector<HTMLButtonElement>('tr[data-cluster-id="2"] button.ps-edit')!.click();
    input = host.querySelector<HTMLInputElement>('input.ps-rename')!;
    input.value = 'ignored';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(calls.rename).toHaveLength(1);
    expect(calls.select).toEqual([]); // editing never selects
  });

  it('renames from the keyboard with F2 and keeps the typed label when focus leaves', async () => {
    const { host, calls } = ctx;
    const r0 = row(host, 0);
    r0.focus();
    r0.dispatchEvent(new KeyboardEvent('keydown', { key: 'F2', bubbles: true }));
    const input = host.querySelector<HTMLInputElement>('input.ps-rename')!;
    expect(input.value).toBe('Zeta renamed');
    input.value = 'Kept on blur';
    input.dispatchEvent(new FocusEvent('blur'));
    await Promise.resolve(); // the blur commits on the next microtask (never inside a repaint)
    expect(calls.rename).toEqual([[0, 'Kept on blur']]);
  });

  it('merges two or more ticked clusters', () => {
    const { host, calls } = ctx;
    const merge = host.querySelector<HTMLButtonElement>('button.ps-merge')!;
    expect(merge.disabled).toBe(true);
    for (const id of [0, 2]) {
      const box = host.querySelector<HTMLInputElement>(`tr[data-cluster-id="${id}"] input[type=checkbox]`)!;
      box.click();
    }
    expect(merge.disabled).toBe(false);
    expect(merge.textContent).toBe('Merge 2 clusters');
    merge.click();
    expect(calls.merge).toEqual([[0, 2]]);
    expect(calls.select).toEqual([]); // ticking a box does not select the row
    expect(merge.disabled).toBe(true);
  });
});
