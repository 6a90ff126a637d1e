/**
 * Cluster labels as absolutely positioned divs over the canvas (text via
 * textContent, dir="auto"). Placement is the pure greedy pass in
 * label-placement.ts; this module only measures, positions and toggles divs.
 */
import { el, textWidth } from './dom.ts';
import { wrapLabel, type WrappedLabel } from './label-text.ts';
import { placeLabels } from './label-placement.ts';
import type { Bounds } from './geometry.ts';
import { toScreen, type Affine } from './view-math.ts';
import type { Task } from '../util/slice.ts';

export interface LabelItem {
  id: number;
  text: string;
  /** Data coordinates of the anchor (the cluster's dense core). */
  cx: number;
  cy: number;
  size: number;
  color: string;
  coarse: boolean;
  /** Label level: 0 = fine clusters, higher = coarser (default: 1 when coarse, else 0). One style per level. */
  level?: number;
  /** Data-space extent of the cluster's core; lets the label follow the user into a zoomed cluster. */
  extent?: Bounds;
  /** Data-space bounds of the cluster's drawn region: a label that cannot sit on the core goes just outside it. */
  region?: Bounds;
  /** Hover text: the full label and the cluster's most representative titles. */
  tooltip?: string;
}

/** Placed label: box, wrapped lines, font and, when it sits off its cluster, the leader line. */
export interface LabelPlacement {
  item: LabelItem;
  box: Bounds;
  lines: string[];
  font: string;
  fontPx: number;
  lineH: number;
  /** Characters were cut to fit (only a single over-long term or rename). */
  cut: boolean;
  leader?: { x0: number; y0: number; x1: number; y1: number };
}

export const levelOf = (it: Pick<LabelItem, 'level' | 'coarse'>) => it.level ?? (it.coarse ? 1 : 0);

/** Font size by cluster size (share of the biggest cluster at the same level): 11-16 px fine, 14-19 px coarser levels. */
export function labelFontPx(level: number, size: number, maxSize: number): number {
  const rel = maxSize > 0 ? Math.sqrt(Math.max(0, size) / maxSize) : 1;
  return Math.round((level > 0 ? 14 : 11) + 5 * Math.min(1, rel));
}

/** The one font per level, at a size. */
export function labelFont(level: number, px: number): string {
  return `${level > 0 ? 700 : 600} ${px}px system-ui, -apple-system, "Segoe UI", sans-serif`;
}

/** Widest line of a label box before wrapping, px (grows with the font). */
export const labelMaxWidth = (px: number) => Math.round(11 * px + 40);
const PAD_X = 12;
const PAD_Y = 4;
/** Longest leader line, px. */
export const MAX_LEADER = 140;

const wrapMemo = new Map<string, WrappedLabel>();
function wrapped(text: string, font: string, px: number): WrappedLabel {
  const key = font + '\u0000' + text;
  let w = wrapMemo.get(key);
  if (!w) {
    if (wrapMemo.size > 25_000) wrapMemo.clear();
    wrapMemo.set(key, (w = wrapLabel(text, labelMaxWidth(px), (t) => textWidth(t, font))));
  }
  return w;
}

/** Box size and wrapped lines of an item at a font size. */
export function labelBox(item: Pick<LabelItem, 'text' | 'coarse' | 'level'>, px: number): { w: number; h: number; lines: string[]; font: string; lineH: number; cut: boolean } {
  const font = labelFont(levelOf(item), px);
  const wl = wrapped(item.text, font, px);
  const lineH = Math.round(px * 1.25);
  return { w: Math.ceil(wl.width) + PAD_X, h: lineH * wl.lines.length + PAD_Y, lines: wl.lines, font, lineH, cut: wl.cut };
}

/**
 * Screen placement for a set of items (shared with the image export), in priority
 * order. Coarse items outrank every fine one, so when both levels are passed the
 * coarse labels are placed first and fine labels fill the space left between them.
 * A label sits on its cluster's core when there is room, else just outside the
 * cluster's region with a leader line; never over another label.
 */
/** Biggest cluster size per label level (a label's font size is relative to it). */
function levelMaxSizes(items: readonly LabelItem[]): Map<number, number> {
  const maxSize = new Map<number, number>();
  for (const it of items) maxSize.set(levelOf(it), Math.max(maxSize.get(levelOf(it)) ?? 0, it.size));
  return maxSize;
}

/** Placement priority: coarser levels first, then bigger clusters. */
const priority = (it: LabelItem) => it.size + levelOf(it) * COARSE_PRIORITY;

/** True when two label lists hold the same items in the same order. */
export const sameLabelItems = (p: readonly LabelItem[], q: readonly LabelItem[]) => p.length === q.length && p.every((it, i) => it === q[i]);

export function layoutLabels(items: readonly LabelItem[], a: Affine, width: number, height: number, avoid?: readonly Bounds[]): LabelPlacement[] {
  const maxSize = levelMaxSizes(items);
  // Boxes are measured when placement reaches their item (at most `max` are placed): with
  // 20,000 clusters, wrapping and measuring every label took seconds per draw (issue 16).
  const boxCache: (ReturnType<typeof labelBox> & { px: number })[] = [];
  const boxOf = (i: number) => {
    let b = boxCache[i];
    if (!b) {
      const it = items[i];
      const px = labelFontPx(levelOf(it), it.size, maxSize.get(levelOf(it)) ?? it.size);
      b = boxCache[i] = { px, ...labelBox(it, px) };
    }
    return b;
  };
  const candidate = (i: number) => {
    const it = items[i];
    let [x, y] = toScreen(a, it.cx, it.cy);
    if ((x < 0 || x > width || y < 0 || y > height) && it.extent) {
      // Centre off screen: anchor at the nearest visible part of the cluster's core, if any is visible.
      const [ex0, ey0] = toScreen(a, it.extent.x0, it.extent.y1);
      const [ex1, ey1] = toScreen(a, it.extent.x1, it.extent.y0);
      const lx = Math.max(0, ex0), hx = Math.min(width, ex1), ly = Math.max(0, ey0), hy = Math.min(height, ey1);
      if (lx <= hx && ly <= hy) {
        x = Math.min(hx, Math.max(lx, x));
        y = Math.min(hy, Math.max(ly, y));
      }
    }
    if (x < 0 || x > width || y < 0 || y > height) return null;
    let region: Bounds | undefined;
    if (it.region) {
      const [rx0, ry0] = toScreen(a, it.region.x0, it.region.y1);
      const [rx1, ry1] = toScreen(a, it.region.x1, it.region.y0);
      region = { x0: Math.min(rx0, rx1), y0: Math.min(ry0, ry1), x1: Math.max(rx0, rx1), y1: Math.max(ry0, ry1) };
    }
    // Candidate ids are item positions: a coarse and a fine cluster may share an id.
    return { id: i, x, y, size: priority(it), get w() { return boxOf(i).w; }, get h() { return boxOf(i).h; }, region };
  };
  // Only the MAX_TRIED most important labels in view are tried: with 20,000 clusters on
  // screen, placement tried (and measured) thousands for 80 places (issue 16). Items in
  // priority order (as the label items are made) stop at the MAX_TRIED-th one in view:
  // a draw of 20,000 labels then looks at a few hundred, not all of them.
  const inView: NonNullable<ReturnType<typeof candidate>>[] = [];
  if (inPriorityOrder(items, priority)) {
    for (let i = 0; i < items.length && inView.length < MAX_TRIED; i++) {
      const c = candidate(i);
      if (c) inView.push(c);
    }
  } else {
    for (let i = 0; i < items.length; i++) {
      const c = candidate(i);
      if (c) inView.push(c);
    }
    if (inView.length > MAX_TRIED) inView.sort((p, q) => q.size - p.size || p.id - q.id).length = MAX_TRIED;
  }
  const tried = inView;
  return placeLabels(tried, { width, height, max: 80, avoid, leaders: MAX_LEADER }).map((p) => {
    const b = boxOf(p.id);
    return { item: items[p.id], box: p.box, lines: b.lines, font: b.font, fontPx: b.px, lineH: b.lineH, cut: b.cut, leader: p.leader };
  });
}

/**
 * Measures (wraps) the labels a placement of `items` will try first, a checkpoint after each, so
 * a big map's new labels are measured in time slices before the task that places them: the
 * placement then finds their boxes in the wrap memo (at 50,000 papers measuring was most of a
 * 30-50 ms placement task, issue 10). Up to MAX_TRIED items in priority order; any view.
 */
export function* warmLabelBoxes(items: readonly LabelItem[]): Task<number> {
  const maxSize = levelMaxSizes(items);
  yield;
  const byPriority = inPriorityOrder(items, priority) ? items.slice(0, MAX_TRIED) : [...items].sort((p, q) => priority(q) - priority(p)).slice(0, MAX_TRIED);
  for (const it of byPriority) {
    labelBox(it, labelFontPx(levelOf(it), it.size, maxSize.get(levelOf(it)) ?? it.size));
    yield;
  }
  return byPriority.length;
}

const ordered = new WeakMap<readonly LabelItem[], boolean>();
/** True when no item outranks the one before it (priority never rises along the list); memoised per list. */
function inPriorityOrder(items: readonly LabelItem[], priority: (it: LabelItem) => number): boolean {
  let ok = ordered.get(items);
  if (ok === undefined) {
    ok = true;
    for (let i = 1; i < items.length && ok; i++) ok = priority(items[i]) <= priority(items[i - 1]);
    ordered.set(items, ok);
  }
  return ok;
}

/** Labels tried per placement, most important first (80 are placed at most). */
export const MAX_TRIED = 600;

/** Added to a coarse label's priority (per level): above any paper count. */
const COARSE_PRIORITY = 1e9;

export interface LabelLayer {
  /** Places and shows labels; returns the placements shown (the caller draws their leader lines). */
  update(items: readonly LabelItem[], a: Affine, width: number, height: number): LabelPlacement[];
  /**
   * Moves the labels of the last update with their anchors to a new view, without placing them
   * again (during a pan or zoom gesture; the next update places them): each box and leader line
   * shifts by its anchor's move on screen. Returns the moved placements.
   */
  follow(a: Affine): LabelPlacement[];
  /** In lasso mode presses and drags over labels reach the map (a loop may start or pass on a label). */
  setPassThrough(on: boolean): void;
  clear(): void;
  readonly element: HTMLDivElement;
}

/** `avoid` gives screen boxes (CSS px, relative to the map) that labels must leave clear, e.g. the toolbar. */
export function createLabelLayer(parent: HTMLElement, onClick: (item: LabelItem, ev: MouseEvent) => void, avoid: () => Bounds[] = () => []): LabelLayer {
  const root = el('div', { position: 'absolute', left: '0', top: '0', right: '0', bottom: '0', overflow: 'hidden', pointerEvents: 'none', zIndex: '3' });
  parent.append(root);
  const divs = new Map<string, { div: HTMLDivElement; item: LabelItem; style: string }>();
  const itemOf = new WeakMap<HTMLDivElement, LabelItem>();
  let passThrough = false;
  const key = (it: LabelItem) => `${levelOf(it)}:${it.id}`;

  function make(): HTMLDivElement {
    const d = el('div', {
      position: 'absolute', left: '0', top: '0', whiteSpace: 'pre', overflow: 'hidden',
      boxSizing: 'border-box', padding: '2px 6px', borderRadius: '8px', cursor: 'pointer', textAlign: 'center',
      pointerEvents: passThrough ? 'none' : 'auto', textShadow: '0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff', userSelect: 'none',
    });
    d.className = 'cluster-label';
    d.dir = 'auto';
    d.addEventListener('click', (ev) => {
      ev.stopPropagation();
      const item = itemOf.get(d);
      if (item) onClick(item, ev);
    });
    // A wheel over a label zooms the map as anywhere else (labels sit on the clusters' cores, where people zoom).
    d.addEventListener(
      'wheel',
      (ev) => {
        const canvas = parent.querySelector('canvas');
        if (!canvas) return;
        ev.preventDefault();
        const { deltaX, deltaY, deltaZ, deltaMode, clientX, clientY, screenX, screenY, ctrlKey, shiftKey, altKey, metaKey } = ev;
        canvas.dispatchEvent(new WheelEvent('wheel', { deltaX, deltaY, deltaZ, deltaMode, clientX, clientY, screenX, screenY, ctrlKey, shiftKey, altKey, metaKey, bubbles: true, cancelable: true }));
      },
      { passive: false },
    );
    // Keep d3-zoom from starting a pan on a label press.
    d.addEventListener('mousedown', (ev) => ev.stopPropagation());
    d.addEventListener('pointerdown', (ev) => ev.stopPropagation());
    root.append(d);
    return d;
  }

  const shownAt = new WeakMap<HTMLDivElement, string>();
  function move(d: HTMLDivElement, x: number, y: number) {
    const tf = `translate(${x.toFixed(1)}px, ${y.toFixed(1)}px)`;
    if (shownAt.get(d) === tf) return;
    shownAt.set(d, tf);
    d.style.transform = tf;
  }

  /**
   * The last placement and what it was made from: a frame that only moves points (a transition) reuses it.
   * `placed` follows the view during a gesture (follow); `fresh` is false then, so the next update places again.
   */
  let last: { items: readonly LabelItem[]; a: Affine; width: number; height: number; avoid: string; placed: LabelPlacement[]; fresh: boolean } | null = null;

  return {
    element: root,
    update(items, a, width, height) {
      const boxes = avoid();
      const avoidKey = JSON.stringify(boxes);
      if (last && last.fresh && last.width === width && last.height === height && last.avoid === avoidKey && last.a.ax === a.ax && last.a.bx === a.bx
        && last.a.ay === a.ay && last.a.by === a.by && sameLabelItems(last.items, items)) return last.placed;
      const seen = new Set<string>();
      const placed = layoutLabels(items, a, width, height, boxes);
      last = { items: items.slice(), a: { ...a }, width, height, avoid: avoidKey, placed, fresh: true };
      for (const p of placed) {
        const it = p.item;
        const k = key(it);
        seen.add(k);
        let e = divs.get(k);
        if (!e) {
          e = { div: make(), item: it, style: '' };
          divs.set(k, e);
        }
        e.item = it;
        const d = e.div;
        itemOf.set(d, it);
        const text = p.lines.join('\n');
        if (d.textContent !== text) d.textContent = text;
        const title = it.tooltip ?? it.text;
        if (d.title !== title) d.title = title;
        d.dataset.clusterId = String(it.id);
        d.dataset.level = levelOf(it) > 0 ? 'coarse' : 'fine';
        const coarse = levelOf(it) > 0;
        // Style writes only when something changed: every write re-styles the label (each frame of a pan, before).
        const w = p.box.x1 - p.box.x0, h = p.box.y1 - p.box.y0;
        const sig = `${p.font}|${p.lineH}|${w}|${h}|${coarse}|${it.color}|${d.style.display}`;
        if (sig !== e.style) {
          e.style = sig;
          Object.assign(d.style, {
            display: 'block', font: p.font, lineHeight: `${p.lineH}px`,
            height: `${h}px`, width: `${w}px`,
            color: coarse ? '#3a3a3a' : '#1b1b1b',
            background: coarse ? 'rgba(255,255,255,0.55)' : 'rgba(255,255,255,0.82)',
            borderBottom: coarse ? 'none' : `2px solid ${it.color}`,
          });
        }
        move(d, p.box.x0, p.box.y0);
      }
      for (const [k, e] of divs) {
        if (seen.has(k)) continue;
        if (divs.size > 400) {
          e.div.remove();
          divs.delete(k);
        } else if (e.div.style.display !== 'none') e.div.style.display = 'none';
      }
      return placed;
    },
    follow(a) {
      if (!last) return [];
      const from = last.a;
      const moved = last.placed.map((p) => {
        const dx = a.ax * p.item.cx + a.bx - (from.ax * p.item.cx + from.bx), dy = a.ay * p.item.cy + a.by - (from.ay * p.item.cy + from.by);
        const box = { x0: p.box.x0 + dx, y0: p.box.y0 + dy, x1: p.box.x1 + dx, y1: p.box.y1 + dy };
        const leader = p.leader && { x0: p.leader.x0 + dx, y0: p.leader.y0 + dy, x1: p.leader.x1 + dx, y1: p.leader.y1 + dy };
        const e = divs.get(key(p.item));
        if (e) move(e.div, box.x0, box.y0);
        return { ...p, box, leader };
      });
      last = { ...last, a: { ...a }, placed: moved, fresh: false };
      return moved;
    },
    setPassThrough(on) {
      passThrough = on;
      for (const e of divs.values()) e.div.style.pointerEvents = on ? 'none' : 'auto';
    },
    clear() {
      last = null;
      for (const e of divs.values()) e.div.remove();
      divs.clear();
    },
  };
}
