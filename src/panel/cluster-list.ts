/**
 * The cluster table: the topic tree (broad areas › topics › subtopics) as a
 * collapsible, virtualised treegrid. A real <table> (caption, column headers)
 * with role="treegrid", rows carrying aria-level / aria-expanded / aria-setsize /
 * aria-posinset, so screen readers announce the tree.
 *
 * Only the rows in view (plus a margin) are in the DOM: spacer rows stand for the
 * rest, so 20,000 clusters cost what 20 do. Rows are reused by node id; a click or
 * a selection change updates the rows in place and never rebuilds the table.
 *
 * Keys on a row: ↑/↓/Home/End move, → opens (or goes to the first child), ← closes
 * (or goes to the parent), Enter/Space select the node's papers (Shift adds), F2 renames.
 * Rows carry data-node-id; topic rows (the level papers' cluster ids refer to) also
 * data-cluster-id.
 */
import type { ClusterInfo } from '../types.ts';
import { indexTree, type TreeIndex } from '../topic-tree.ts';
import { button, el, plural } from './dom.ts';

export interface ClusterListValue {
  /** Topics: the level `Layout.cluster` refers to. */
  clusters: ClusterInfo[];
  /** Broad areas above the topics (Layout.coarse) and subtopics below them, when the map has them. */
  coarse?: ClusterInfo[];
  subtopics?: ClusterInfo[];
  /** User renames, by node id; they win over ClusterInfo.label. */
  labels: Map<number, string>;
  colors: (id: number) => string;
  /** Selected node ids (any level). */
  selected: Set<number>;
  /** Optional trend column (sparkline + rising/fading mark), built outside this table (panel/sparkline.ts). */
  trend?: { cell(c: ClusterInfo): HTMLElement; sortValue(c: ClusterInfo): number; title: string } | null;
  /** Papers counted per node instead of its size (e.g. those inside a time brush), with what they are. */
  counts?: { byId: Map<number, number>; what: string } | null;
}

export interface ClusterListOptions {
  onSelectCluster(id: number, mode: 'replace' | 'add'): void;
  onRename(id: number, label: string): void;
  /** Node ids of one level, biggest decided by the caller. */
  onMerge(ids: number[]): void;
}

type SortKey = 'size' | 'label' | 'trend';

/**
 * Row height in px: two label lines. Kept in step with panel.css. A row whose label needs more
 * lines grows; its measured height then counts in the row offsets (see layoutOffsets).
 */
export const ROW_HEIGHT = 44;
/** Rows rendered above and below the visible ones. */
const OVERSCAN = 10;
/** Rows rendered when the scroller has no measurable height (hidden, or no layout engine). */
const FALLBACK_ROWS = 40;
/** Broad areas start open when there are at most this many topics in all. */
const OPEN_TOP_UP_TO = 40;

interface Row {
  node: ClusterInfo;
  depth: number;
  parent?: number;
  hasChildren: boolean;
  open: boolean;
  pos: number;
  setSize: number;
  /** Largest sibling, for the size bar. */
  maxSize: number;
}

export function createClusterList(container: HTMLElement, opts: ClusterListOptions) {
  let value: ClusterListValue = { clusters: [], labels: new Map(), colors: () => '#999', selected: new Set() };
  let sort: { key: SortKey; dir: 1 | -1 } = { key: 'size', dir: -1 };
  let editing: { id: number; draft: string } | null = null;
  let tree: TreeIndex = indexTree({ clusters: [] });
  let rows: Row[] = [];
  /** User-set open state by node id; nodes not in it use the default. */
  const openState = new Map<number, boolean>();
  const checked = new Set<number>();
  /** A row index the window must include (keyboard moves without layout to scroll by). */
  let forceWindow: number | undefined;
  /** Rendered rows by node id, with the signature of what they show. */
  const rendered = new Map<number, { tr: HTMLTableRowElement; sig: string }>();
  /** Heights measured in the page that differ from ROW_HEIGHT (labels over two lines), by node id. */
  const measured = new Map<number, number>();
  /** offsets[i] = top of row i in the body, offsets[rows.length] = all rows' height. */
  let offsets = new Float64Array(1);

  function layoutOffsets() {
    offsets = new Float64Array(rows.length + 1);
    for (let i = 0; i < rows.length; i++) offsets[i + 1] = offsets[i] + (measured.get(rows[i].node.id) ?? ROW_HEIGHT);
  }

  /** Index of the row at height y of the body (clamped to the rows). */
  function rowAt(y: number): number {
    let lo = 0, hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (offsets[mid + 1] <= y) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Records the heights of the rendered rows; true when one changed (the offsets then follow). */
  function measureRows(): boolean {
    let changed = false;
    for (const [id, { tr }] of rendered) {
      const h = tr.getBoundingClientRect().height;
      if (!(h > 0)) continue; // not laid out (hidden, or no layout engine)
      if (Math.abs(h - (measured.get(id) ?? ROW_HEIGHT)) <= 0.5) continue;
      if (Math.abs(h - ROW_HEIGHT) <= 0.5) measured.delete(id);
      else measured.set(id, h);
      changed = true;
    }
    if (changed) layoutOffsets();
    return changed;
  }

  /**
   * Where the table stands in its scroller, read only where the browser has laid the page out
   * already (a ResizeObserver callback, a scroll event), never right after the rows change: a
   * read there forces a layout of the whole page inside the task that changed it (a refined map
   * landing: 100-500 ms at 300 papers). Without ResizeObserver (jsdom) it is read on every paint.
   */
  const view = { scrollTop: 0, height: 0, bodyTop: 0 };
  let scrollEl: HTMLElement | null = null;
  function readView() {
    const sc = scroller();
    view.height = sc.clientHeight;
    view.scrollTop = sc.scrollTop;
    view.bodyTop = view.height ? body.getBoundingClientRect().top - sc.getBoundingClientRect().top + sc.scrollTop : 0;
  }
  let viewFrame = 0;
  const observer = typeof ResizeObserver === 'function'
    ? new ResizeObserver(() => {
        // After layout: reading is free here. Rows and spacers change in the next frame, so the
        // observer never sees a size it caused in its own callback (no "loop" error).
        readView();
        const rowsMoved = measureRows();
        const [first, last] = measuredRange();
        if (rowsMoved || first !== paintedRange[0] || last !== paintedRange[1]) {
          if (!viewFrame) viewFrame = requestAnimationFrame(() => { viewFrame = 0; paint(); });
        }
      })
    : null;
  /** The row range painted last. */
  let paintedRange: [number, number] = [0, 0];

  const root = el('div', { class: 'ps-clusters' });
  const mergeBtn = button('Merge', 'btn small ps-merge', () => {
    const ids = [...checked];
    if (!mergeable(ids)) return;
    checked.clear();
    for (const r of rendered.values()) r.tr.querySelector<HTMLInputElement>('input[type=checkbox]')!.checked = false;
    syncMerge();
    opts.onMerge(ids);
  });
  const table = el('table', { class: 'ps-cluster-table', attrs: { role: 'treegrid', 'aria-label': 'Topics' } });
  const captionText = el('span');
  const caption = el('caption', {}, captionText);
  const head = el('thead');
  const body = el('tbody');
  const spacerTop = el('tr', { class: 'ps-spacer', attrs: { 'aria-hidden': 'true' } }, el('td', { attrs: { colspan: '4' } }));
  const spacerBottom = el('tr', { class: 'ps-spacer', attrs: { 'aria-hidden': 'true' } }, el('td', { attrs: { colspan: '4' } }));
  table.append(caption, head, body);
  root.append(table);
  container.append(root);
  observer?.observe(root);

  const labelOf = (c: ClusterInfo) => value.labels.get(c.id) ?? c.label;
  /** Papers shown for a node: its size, or its count inside a time brush. */
  const sizeOf = (c: ClusterInfo) => (value.counts ? value.counts.byId.get(c.id) ?? 0 : c.size);
  /** Bumped on every update that has a trend column, so rows rebuild with the new sparklines. */
  let trendKey = 0;
  /** A node's level by the list it comes from (a topic alone in its area stands at the top). */
  let levelOf = new Map<number, 'area' | 'topic' | 'subtopic'>();
  const levelName = (id: number) => levelOf.get(id) ?? 'topic';
  const isOpen = (id: number, depth: number) => openState.get(id) ?? (depth === 0 && (value.coarse?.length ?? 0) > 0 && value.clusters.length <= OPEN_TOP_UP_TO);

  function compare(a: ClusterInfo, b: ClusterInfo): number {
    const trend = value.trend;
    const d = sort.key === 'size' ? sizeOf(a) - sizeOf(b)
      : sort.key === 'trend' && trend ? trend.sortValue(a) - trend.sortValue(b)
      : labelOf(a).localeCompare(labelOf(b), undefined, { sensitivity: 'base' });
    return d !== 0 ? d * sort.dir : a.id - b.id;
  }

  /** The visible rows, in order: open nodes' children follow them. */
  function flatten(): Row[] {
    const out: Row[] = [];
    const walk = (list: ClusterInfo[], depth: number, parent?: number) => {
      const sorted = [...list].sort(compare);
      const maxSize = sorted.reduce((m, c) => Math.max(m, sizeOf(c)), 0);
      sorted.forEach((node, i) => {
        const kids = tree.children.get(node.id) ?? [];
        const open = kids.length > 0 && isOpen(node.id, depth);
        out.push({ node, depth, parent, hasChildren: kids.length > 0, open, pos: i + 1, setSize: sorted.length, maxSize });
        if (open) walk(kids, depth + 1, node.id);
      });
    };
    walk(tree.roots, 0);
    return out;
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
      renderHead();
      rebuild();
    }, { 'data-sort': key }));
    return th;
  }

  function renderHead() {
    head.replaceChildren(el('tr', {},
      header('Merge', null, 'ps-c-check'), header('Colour', null, 'ps-c-swatch'),
      header('Label', 'label', 'ps-c-label'),
      ...(value.trend ? [header('Trend', 'trend', 'ps-c-trend', value.trend.title)] : []),
      header('Papers', 'size', 'ps-c-size')));
    head.hidden = value.clusters.length === 0 && !value.coarse?.length;
  }

  function commitRename(id: number, text: string) {
    editing = null;
    const label = text.replace(/\s+/g, ' ').trim();
    const c = tree.byId.get(id);
    if (c && label && label !== labelOf(c)) opts.onRename(id, label);
    redrawRow(id);
    focusRow(id);
  }

  function startRename(id: number) {
    const c = tree.byId.get(id);
    if (!c) return;
    editing = { id, draft: labelOf(c) };
    redrawRow(id);
  }

  function labelCell(r: Row): HTMLTableCellElement {
    const c = r.node;
    const td = el('td', { class: 'ps-c-label' });
    td.style.paddingLeft = `${6 + 16 * r.depth}px`;
    const toggle = r.hasChildren
      ? button(r.open ? '▾' : '▸', 'ps-icon-btn ps-toggle', (e) => { e.stopPropagation(); setOpen(c.id, !r.open); }, {
          'aria-label': `${r.open ? 'Close' : 'Open'} ${labelOf(c)}`, tabindex: '-1',
        })
      : el('span', { class: 'ps-toggle-gap', attrs: { 'aria-hidden': 'true' } });
    if (editing?.id === c.id) {
      const input = el('input', { class: 'ps-rename', attrs: { type: 'text', 'aria-label': `New label for ${labelOf(c)}`, dir: 'auto' } });
      input.value = editing.draft;
      input.addEventListener('input', () => { if (editing) editing.draft = input.value; });
      input.addEventListener('keydown', (e) => {
        e.stopPropagation();
        if (e.key === 'Enter') commitRename(c.id, input.value);
        else if (e.key === 'Escape') { editing = null; redrawRow(c.id); focusRow(c.id); }
      });
      // Leaving the field keeps what was typed, like a spreadsheet cell.
      // Deferred: a blur fired while a repaint removes this row (Chromium blurs inside replaceChildren)
      // must not repaint inside that repaint; a field removed that way is not committed.
      input.addEventListener('blur', () => queueMicrotask(() => { if (input.isConnected && editing?.id === c.id) commitRename(c.id, input.value); }));
      td.append(toggle, input);
      queueMicrotask(() => { input.focus(); input.select(); });
      return td;
    }
    const honesty = c.honesty !== undefined ? ` — ${Math.round(c.honesty * 100)}% of its papers mention a label term` : '';
    const text = el('span', { class: 'ps-c-text', text: labelOf(c), attrs: { dir: 'auto', title: `${labelOf(c)}${c.terms.length ? ` — ${c.terms.join(', ')}` : ''}${honesty}` } });
    text.addEventListener('dblclick', (e) => { e.stopPropagation(); startRename(c.id); });
    td.append(toggle, text, button('✎', 'ps-icon-btn ps-edit', (e) => { e.stopPropagation(); startRename(c.id); }, { 'aria-label': `Rename ${labelOf(c)}`, title: 'Rename' }));
    return td;
  }

  const signature = (r: Row) =>
    [r.depth, r.hasChildren, r.open, r.pos, r.setSize, r.maxSize, r.node.size, labelOf(r.node), r.node.terms.join('|'), r.node.honesty, value.colors(r.node.id), editing?.id === r.node.id, sizeOf(r.node), value.counts?.what ?? '', trendKey].join('\u0001');

  function buildRow(r: Row): HTMLTableRowElement {
    const c = r.node;
    const level = levelName(c.id);
    const attrs: Record<string, string> = {
      'data-node-id': String(c.id), 'data-level': level, tabindex: '0', role: 'row',
      'aria-level': String(r.depth + 1), 'aria-setsize': String(r.setSize), 'aria-posinset': String(r.pos),
    };
    if (level === 'topic') attrs['data-cluster-id'] = String(c.id);
    if (r.hasChildren) attrs['aria-expanded'] = String(r.open);
    const tr = el('tr', { class: `ps-c-row ps-c-${level}`, attrs });

    const box = el('input', { attrs: { type: 'checkbox', 'aria-label': `Choose ${labelOf(c)} for merging` } });
    box.checked = checked.has(c.id);
    box.addEventListener('click', (e) => e.stopPropagation());
    box.addEventListener('change', () => {
      if (box.checked) checked.add(c.id); else checked.delete(c.id);
      syncMerge();
    });

    const swatch = el('span', { class: 'ps-swatch', attrs: { 'aria-hidden': 'true' } });
    swatch.style.background = level === 'area' ? 'transparent' : value.colors(level === 'subtopic' && r.parent !== undefined ? r.parent : c.id);

    const bar = el('span', { class: 'ps-bar', attrs: { 'aria-hidden': 'true' } });
    const size = sizeOf(c);
    bar.style.width = `${r.maxSize > 0 ? Math.max(size ? 2 : 0, (100 * size) / r.maxSize) : 0}%`;

    tr.append(
      el('td', { class: 'ps-c-check' }, box),
      el('td', { class: 'ps-c-swatch' }, swatch),
      labelCell(r),
    );
    if (value.trend) tr.append(el('td', { class: 'ps-c-trend' }, value.trend.cell(c)));
    tr.append(el('td', { class: 'ps-c-size' }, el('span', { class: 'ps-bar-track' }, bar),
      el('span', { class: 'ps-num', text: String(size), attrs: value.counts ? { title: `${size} of ${c.size} papers ${value.counts.what}` } : {} })));
    tr.addEventListener('click', (e) => {
      if ((e.target as HTMLElement).closest('input,button')) return;
      opts.onSelectCluster(c.id, e.shiftKey || e.metaKey || e.ctrlKey ? 'add' : 'replace');
    });
    tr.addEventListener('keydown', (e) => onRowKey(e, tr, c.id));
    applySelected(tr, c.id);
    return tr;
  }

  function applySelected(tr: HTMLTableRowElement, id: number) {
    const on = value.selected.has(id);
    tr.classList.toggle('is-selected', on);
    if (on) tr.setAttribute('aria-selected', 'true'); else tr.removeAttribute('aria-selected');
    if (on) tr.setAttribute('aria-current', 'true'); else tr.removeAttribute('aria-current');
  }

  /** The scroll container: the nearest ancestor that scrolls (the panel section), else the root; kept once found. */
  function scroller(): HTMLElement {
    if (scrollEl?.isConnected && scrollEl.contains(container)) return scrollEl;
    let n: HTMLElement | null = container;
    while (n) {
      const o = typeof getComputedStyle === 'function' ? getComputedStyle(n).overflowY : '';
      if ((o === 'auto' || o === 'scroll') && n.clientHeight > 0) {
        if (scrollEl !== n) observer?.observe(n);
        return (scrollEl = n);
      }
      n = n.parentElement;
    }
    return container;
  }

  /** Index range of rows to render: the rows in view, or around `forceWindow` (see focusIndex). */
  function windowRange(): [number, number] {
    const [a, b] = measuredRange();
    if (forceWindow === undefined || (forceWindow >= a && forceWindow < b)) return [a, b];
    const span = Math.max(1, b - a);
    const first = Math.max(0, Math.min(forceWindow - Math.floor(span / 2), rows.length - span));
    return [first, Math.min(rows.length, first + span)];
  }

  function measuredRange(): [number, number] {
    if (!observer) readView();
    const h = view.height;
    if (!h) return [0, Math.min(rows.length, FALLBACK_ROWS + OVERSCAN)];
    const top = view.scrollTop - view.bodyTop;
    const first = Math.max(0, rowAt(top) - OVERSCAN);
    const last = Math.min(rows.length, rowAt(top + h) + 1 + OVERSCAN);
    return [first, Math.max(first, last)];
  }

  let painting = false;
  let paintAgain = false;
  /** Renders the rows in view; a paint asked for during a paint (a handler fired by it) runs after it. */
  function paint() {
    if (painting) {
      paintAgain = true;
      return;
    }
    painting = true;
    try {
      paintRows();
    } finally {
      painting = false;
    }
    if (paintAgain) {
      paintAgain = false;
      paint();
    }
  }

  /** Renders the rows in view, reusing rendered rows whose content is unchanged. */
  function paintRows() {
    const [first, last] = windowRange();
    paintedRange = [first, last];
    const focusedId = focusedNode();
    const keep = new Set<number>();
    const trs: HTMLTableRowElement[] = [];
    for (let i = first; i < last; i++) {
      const r = rows[i];
      const sig = signature(r);
      let entry = rendered.get(r.node.id);
      if (!entry || entry.sig !== sig) {
        if (entry) observer?.unobserve(entry.tr);
        entry = { tr: buildRow(r), sig };
        rendered.set(r.node.id, entry);
        observer?.observe(entry.tr);
      } else applySelected(entry.tr, r.node.id);
      keep.add(r.node.id);
      trs.push(entry.tr);
    }
    for (const [id, { tr }] of [...rendered]) {
      if (keep.has(id)) continue;
      observer?.unobserve(tr);
      rendered.delete(id);
    }
    const spacers = () => {
      spacerTop.style.height = `${offsets[first]}px`;
      spacerBottom.style.height = `${offsets[rows.length] - offsets[last]}px`;
    };
    spacers();

    // Spacers stand for the rows outside the window; left out when there are none.
    const wanted = [...(first > 0 ? [spacerTop] : []), ...trs, ...(last < rows.length ? [spacerBottom] : [])];
    // Only the rows that enter or leave the window are touched: a row that stays is never moved,
    // so a focused row or a rename field in it keeps its focus (Chromium blurs an element that is
    // removed or moved, and a blurred rename field commits). The window follows the rows' measured
    // heights a frame after a paint, so this happens while a field is being edited.
    const inWindow = new Set<Node>(wanted);
    for (const n of [...body.childNodes]) if (!inWindow.has(n)) n.remove();
    let at: ChildNode | null = body.firstChild;
    for (const w of wanted) {
      if (at === w) at = at.nextSibling;
      else body.insertBefore(w, at);
    }
    // Labels over two lines make their rows taller: the rows below and the spacers move with them
    // (measured by the observer after the browser's layout; here only without one).
    if (!observer && measureRows()) spacers();
    if (focusedId !== undefined && !editing && document.activeElement !== rendered.get(focusedId)?.tr) rendered.get(focusedId)?.tr.focus({ preventScroll: true });
  }

  function focusedNode(): number | undefined {
    const a = document.activeElement as HTMLElement | null;
    if (!a || !body.contains(a)) return undefined;
    const id = a.closest('tr')?.dataset.nodeId;
    return id !== undefined ? Number(id) : undefined;
  }

  /** Recomputes the visible rows (tree, sort or open state changed) and paints. */
  function rebuild() {
    rows = flatten();
    layoutOffsets();
    const areas = value.coarse?.length ?? 0;
    const papers = value.clusters.reduce((s, c) => s + sizeOf(c), 0);
    captionText.dataset.testid = 'cluster-caption';
    captionText.textContent = value.clusters.length || areas
      ? `${plural(value.clusters.length, 'cluster')}${areas ? ` in ${plural(areas, 'area')}` : ''} · ${plural(papers, 'paper')}${value.counts ? ` ${value.counts.what}` : ''}`
      : 'No clusters yet';
    if (value.clusters.length + areas >= 2) caption.append(mergeBtn); else mergeBtn.remove();
    syncMerge();
    paint();
  }

  function redrawRow(id: number) {
    const old = rendered.get(id);
    if (old) observer?.unobserve(old.tr);
    rendered.delete(id);
    paint();
  }

  function rowIndex(id: number) {
    return rows.findIndex((r) => r.node.id === id);
  }

  /** Scrolls row `i` into view (when virtualised away), paints and focuses it. */
  function focusIndex(i: number) {
    const r = rows[Math.max(0, Math.min(rows.length - 1, i))];
    if (!r) return;
    // A user's move (keys, reveal): the live position is read, and the window follows the scroll at once.
    const sc = scroller();
    readView();
    const [first, last] = windowRange();
    const idx = rows.indexOf(r);
    if (view.height && (idx < first + OVERSCAN || idx >= last - OVERSCAN)) {
      const y = view.bodyTop + offsets[idx], h = offsets[idx + 1] - offsets[idx];
      if (y < sc.scrollTop) sc.scrollTop = y;
      else if (y + h > sc.scrollTop + sc.clientHeight) sc.scrollTop = y + h - sc.clientHeight;
      readView();
    }
    paint();
    if (!rendered.has(r.node.id)) {
      // Outside the painted window without layout (no height): paint around it.
      forceWindow = idx;
      paint();
      forceWindow = undefined;
    }
    rendered.get(r.node.id)?.tr.focus({ preventScroll: true });
  }
  function focusRow(id: number) {
    const i = rowIndex(id);
    if (i >= 0) focusIndex(i);
  }

  function setOpen(id: number, open: boolean) {
    openState.set(id, open);
    const hadFocus = focusedNode();
    rebuild();
    if (hadFocus !== undefined) focusRow(hadFocus);
  }

  function onRowKey(e: KeyboardEvent, tr: HTMLTableRowElement, id: number) {
    if (e.target !== tr) return; // keys inside the checkbox / edit button / input are theirs
    const at = rowIndex(id);
    const r = rows[at];
    if (!r) return;
    if (e.key === 'ArrowDown') focusIndex(at + 1);
    else if (e.key === 'ArrowUp') focusIndex(at - 1);
    else if (e.key === 'Home') focusIndex(0);
    else if (e.key === 'End') focusIndex(rows.length - 1);
    else if (e.key === 'ArrowRight') {
      if (r.hasChildren && !r.open) setOpen(id, true);
      else if (r.open) focusIndex(at + 1);
    } else if (e.key === 'ArrowLeft') {
      if (r.open) setOpen(id, false);
      else if (r.parent !== undefined) focusRow(r.parent);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      opts.onSelectCluster(id, e.shiftKey ? 'add' : 'replace');
      return;
    } else if (e.key === 'F2') {
      e.preventDefault();
      startRename(id);
      return;
    } else return;
    e.preventDefault();
  }

  /** Ticked nodes can merge when there are two or more on one level (subtopics: of one topic). */
  function mergeable(ids: number[]): boolean {
    if (ids.length < 2) return false;
    if (new Set(ids.map(levelName)).size !== 1) return false;
    const level = levelName(ids[0]);
    return level !== 'subtopic' || new Set(ids.map((id) => tree.byId.get(id)?.parent)).size === 1;
  }

  function syncMerge() {
    const ids = [...checked];
    const ok = mergeable(ids);
    mergeBtn.disabled = !ok;
    mergeBtn.textContent = ok ? `Merge ${ids.length} ${levelName(ids[0]) === 'area' ? 'areas' : 'clusters'}` : 'Merge';
    mergeBtn.title = ok ? '' : ids.length >= 2 ? 'Tick nodes of one level to merge them' : 'Tick two or more clusters to merge them';
  }

  // Windowed rendering follows the scroll position (passive, cheap: rows are reused).
  let scrollFrame = 0;
  const onScroll = () => {
    if (scrollFrame) return;
    const raf = typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (f: () => void) => setTimeout(f, 16);
    scrollFrame = raf(() => {
      scrollFrame = 0;
      readView();
      paint();
    }) as unknown as number;
  };
  container.addEventListener('scroll', onScroll, { passive: true });

  renderHead();
  rebuild();
  return {
    update(v: ClusterListValue) {
      const treeChanged = v.clusters !== value.clusters || v.coarse !== value.coarse || v.subtopics !== value.subtopics;
      const labelsChanged = v.labels !== value.labels || v.colors !== value.colors;
      // The trend column and brushed counts: rows re-sort and rebuild when they change.
      const timeChanged = !!(v.trend || value.trend) && (v.trend !== value.trend || v.counts !== value.counts);
      const hadTrend = !!value.trend;
      value = v;
      if (timeChanged) trendKey++;
      if (treeChanged) {
        tree = indexTree({ clusters: v.clusters, coarse: v.coarse, subtopics: v.subtopics });
        levelOf = new Map([
          ...(v.subtopics ?? []).map((c) => [c.id, 'subtopic'] as const),
          ...v.clusters.map((c) => [c.id, 'topic'] as const),
          ...(v.coarse ?? []).map((c) => [c.id, 'area'] as const),
        ]);
        for (const id of [...checked]) if (!tree.byId.has(id)) checked.delete(id);
        for (const id of [...openState.keys()]) if (!tree.byId.has(id)) openState.delete(id);
        if (editing && !tree.byId.has(editing.id)) editing = null;
        renderHead();
      } else if (hadTrend !== !!v.trend) renderHead();
      if (treeChanged || timeChanged || (labelsChanged && sort.key === 'label')) rebuild();
      else if (labelsChanged) paint();
      else for (const [id, r] of rendered) applySelected(r.tr, id); // selection only: rows stay
    },
    /** Opens the ancestors of `id` and scrolls its row into view. */
    reveal(id: number) {
      let c = tree.byId.get(id);
      while (c && c.parent !== undefined && tree.byId.has(c.parent) && (tree.depth.get(c.id) ?? 0) > 0) {
        openState.set(c.parent, true);
        c = tree.byId.get(c.parent);
      }
      rebuild();
      focusRow(id);
    },
    destroy() {
      container.removeEventListener('scroll', onScroll);
      observer?.disconnect();
      if (viewFrame) cancelAnimationFrame(viewFrame);
      root.remove();
    },
  };
}
