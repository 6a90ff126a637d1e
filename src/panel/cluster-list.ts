/**
 * The cluster table: colour, label, size bar. A real <table> (caption, column headers)
 * so screen readers announce it; rows are focusable and keyboard-operable.
 * Keys on a row: ↑/↓/Home/End move, Enter/Space select (Shift adds), F2 renames.
 */
import type { ClusterInfo } from '../types.ts';
import { button, el, plural } from './dom.ts';

export interface ClusterListValue {
  clusters: ClusterInfo[];
  /** User renames; they win over ClusterInfo.label. */
  labels: Map<number, string>;
  colors: (id: number) => string;
  selected: Set<number>;
  /** Optional trend column (sparkline + rising/fading mark), built outside this table (panel/sparkline.ts). */
  trend?: { cell(c: ClusterInfo): HTMLElement; sortValue(c: ClusterInfo): number; title: string } | null;
  /** Papers counted per cluster instead of its size (e.g. those inside a time brush), with what they are. */
  counts?: { byId: Map<number, number>; what: string } | null;
}

export interface ClusterListOptions {
  onSelectCluster(id: number, mode: 'replace' | 'add'): void;
  onRename(id: number, label: string): void;
  onMerge(ids: number[]): void;
}

type SortKey = 'size' | 'label' | 'trend';

export function createClusterList(container: HTMLElement, opts: ClusterListOptions) {
  let value: ClusterListValue = { clusters: [], labels: new Map(), colors: () => '#999', selected: new Set() };
  let sort: { key: SortKey; dir: 1 | -1 } = { key: 'size', dir: -1 };
  let editing: { id: number; draft: string } | null = null;
  const checked = new Set<number>();

  const root = el('div', { class: 'ps-clusters' });
  const mergeBtn = button('Merge', 'btn small ps-merge', () => {
    const ids = [...checked];
    if (ids.length < 2) return;
    checked.clear();
    opts.onMerge(ids);
    render();
  });
  const table = el('table', { class: 'ps-cluster-table' });
  root.append(table);
  container.append(root);

  const labelOf = (c: ClusterInfo) => value.labels.get(c.id) ?? c.label;
  const sizeOf = (c: ClusterInfo) => (value.counts ? value.counts.byId.get(c.id) ?? 0 : c.size);

  function sorted(): ClusterInfo[] {
    const list = [...value.clusters];
    list.sort((a, b) => {
      const trend = value.trend;
      const d = sort.key === 'size' ? sizeOf(a) - sizeOf(b)
        : sort.key === 'trend' && trend ? trend.sortValue(a) - trend.sortValue(b)
        : labelOf(a).localeCompare(labelOf(b), undefined, { sensitivity: 'base' });
      return d !== 0 ? d * sort.dir : a.id - b.id;
    });
    return list;
  }

  function header(text: string, key: SortKey | null, cls: string, title?: string): HTMLTableCellElement {
    const th = el('th', { class: cls, attrs: { scope: 'col', ...(title ? { title } : {}) } });
    if (!key) {
      th.append(el('span', { class: 'ps-sr-only', text }));
      return th;
    }
    const active = sort.key === key;
    if (active) th.setAttribute('aria-sort', sort.dir === 1 ? 'ascending' : 'descending');
    th.append(button(text + (active ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''), 'ps-sort', () => {
      sort = active ? { key, dir: sort.dir === 1 ? -1 : 1 } : { key, dir: key === 'label' ? 1 : -1 };
      render();
    }, { 'data-sort': key }));
    return th;
  }

  function commitRename(id: number, text: string) {
    editing = null;
    const label = text.replace(/\s+/g, ' ').trim();
    const c = value.clusters.find((x) => x.id === id);
    if (c && label && label !== labelOf(c)) opts.onRename(id, label);
    render(id);
  }

  function startRename(id: number) {
    const c = value.clusters.find((x) => x.id === id);
    if (!c) return;
    editing = { id, draft: labelOf(c) };
    render();
  }

  function labelCell(c: ClusterInfo): HTMLTableCellElement {
    const td = el('td', { class: 'ps-c-label' });
    if (editing?.id === c.id) {
      const input = el('input', { class: 'ps-rename', attrs: { type: 'text', 'aria-label': `New label for ${labelOf(c)}`, dir: 'auto' } });
      input.value = editing.draft;
      input.addEventListener('input', () => { if (editing) editing.draft = input.value; });
      input.addEventListener('keydown', (e) => {
        e.stopPropagation();
        if (e.key === 'Enter') commitRename(c.id, input.value);
        else if (e.key === 'Escape') { editing = null; render(c.id); }
      });
      // Leaving the field keeps what was typed, like a spreadsheet cell.
      input.addEventListener('blur', () => { if (input.isConnected && editing?.id === c.id) commitRename(c.id, input.value); });
      td.append(input);
      queueMicrotask(() => { input.focus(); input.select(); });
      return td;
    }
    const text = el('span', { class: 'ps-c-text', text: labelOf(c), attrs: { dir: 'auto', title: c.terms.length ? `${labelOf(c)} — ${c.terms.join(', ')}` : labelOf(c) } });
    text.addEventListener('dblclick', (e) => { e.stopPropagation(); startRename(c.id); });
    td.append(text, button('✎', 'ps-icon-btn ps-edit', (e) => { e.stopPropagation(); startRename(c.id); }, { 'aria-label': `Rename ${labelOf(c)}`, title: 'Rename' }));
    return td;
  }

  function row(c: ClusterInfo, maxSize: number): HTMLTableRowElement {
    const selected = value.selected.has(c.id);
    const tr = el('tr', { class: selected ? 'ps-c-row is-selected' : 'ps-c-row', attrs: { 'data-cluster-id': String(c.id), tabindex: '0' } });
    if (selected) tr.setAttribute('aria-current', 'true');

    const box = el('input', { attrs: { type: 'checkbox', 'aria-label': `Choose ${labelOf(c)} for merging` } });
    box.checked = checked.has(c.id);
    box.addEventListener('click', (e) => e.stopPropagation());
    box.addEventListener('change', () => {
      if (box.checked) checked.add(c.id); else checked.delete(c.id);
      syncMerge();
    });

    const swatch = el('span', { class: 'ps-swatch', attrs: { 'aria-hidden': 'true' } });
    swatch.style.background = value.colors(c.id);

    const bar = el('span', { class: 'ps-bar', attrs: { 'aria-hidden': 'true' } });
    const size = sizeOf(c);
    bar.style.width = `${maxSize > 0 ? Math.max(size ? 2 : 0, (100 * size) / maxSize) : 0}%`;

    tr.append(
      el('td', { class: 'ps-c-check' }, box),
      el('td', { class: 'ps-c-swatch' }, swatch),
      labelCell(c),
    );
    if (value.trend) tr.append(el('td', { class: 'ps-c-trend' }, value.trend.cell(c)));
    tr.append(el('td', { class: 'ps-c-size' }, el('span', { class: 'ps-bar-track' }, bar),
      el('span', { class: 'ps-num', text: String(size), attrs: value.counts ? { title: `${size} of ${c.size} papers ${value.counts.what}` } : {} })));
    tr.addEventListener('click', (e) => {
      if ((e.target as HTMLElement).closest('input,button')) return;
      opts.onSelectCluster(c.id, e.shiftKey || e.metaKey || e.ctrlKey ? 'add' : 'replace');
    });
    tr.addEventListener('keydown', (e) => onRowKey(e, tr, c.id));
    return tr;
  }

  function onRowKey(e: KeyboardEvent, tr: HTMLTableRowElement, id: number) {
    if (e.target !== tr) return; // keys inside the checkbox / edit button / input are theirs
    const rows = [...table.querySelectorAll<HTMLTableRowElement>('tbody tr')];
    const at = rows.indexOf(tr);
    let next: HTMLTableRowElement | undefined;
    if (e.key === 'ArrowDown') next = rows[Math.min(rows.length - 1, at + 1)];
    else if (e.key === 'ArrowUp') next = rows[Math.max(0, at - 1)];
    else if (e.key === 'Home') next = rows[0];
    else if (e.key === 'End') next = rows[rows.length - 1];
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      opts.onSelectCluster(id, e.shiftKey ? 'add' : 'replace');
      return;
    } else if (e.key === 'F2') {
      e.preventDefault();
      startRename(id);
      return;
    } else return;
    e.preventDefault();
    next?.focus();
  }

  function syncMerge() {
    mergeBtn.disabled = checked.size < 2;
    mergeBtn.textContent = checked.size >= 2 ? `Merge ${checked.size} clusters` : 'Merge';
    mergeBtn.title = checked.size >= 2 ? '' : 'Tick two or more clusters to merge them';
  }

  /** Rebuilds the table; keeps keyboard focus on the same cluster row if it had it. */
  function render(focusId?: number) {
    const focused = table.contains(document.activeElement) ? (document.activeElement as HTMLElement).closest('tr')?.dataset.clusterId : undefined;
    for (const id of [...checked]) if (!value.clusters.some((c) => c.id === id)) checked.delete(id);
    const list = sorted();
    const maxSize = list.reduce((m, c) => Math.max(m, sizeOf(c)), 0);
    const papers = list.reduce((s, c) => s + sizeOf(c), 0);
    const counted = value.counts ? ` ${value.counts.what}` : '';
    const caption = el('caption', {}, el('span', { text: list.length ? `${plural(list.length, 'cluster')} · ${plural(papers, 'paper')}${counted}` : 'No clusters yet', attrs: { 'data-testid': 'cluster-caption' } }));
    // The merge button sits in the caption row; hidden when there is nothing to merge.
    if (list.length >= 2) caption.append(mergeBtn);
    const head = el('thead', {}, el('tr', {},
      header('Merge', null, 'ps-c-check'), header('Colour', null, 'ps-c-swatch'),
      header('Label', 'label', 'ps-c-label'),
      ...(value.trend ? [header('Trend', 'trend', 'ps-c-trend', value.trend.title)] : []),
      header('Papers', 'size', 'ps-c-size')));
    head.hidden = list.length === 0;
    const body = el('tbody');
    for (const c of list) body.append(row(c, maxSize));
    table.replaceChildren(caption, head, body);
    syncMerge();
    const want = focusId !== undefined ? String(focusId) : focused;
    if (want !== undefined && !editing) table.querySelector<HTMLElement>(`tr[data-cluster-id="${Number(want)}"]`)?.focus();
  }

  render();
  return {
    update(v: ClusterListValue) {
      value = v;
      if (editing && !v.clusters.some((c) => c.id === editing!.id)) editing = null;
      render();
    },
    destroy() {
      root.remove();
    },
  };
}
