/**
 * Cluster labels as absolutely positioned divs over the canvas (text via
 * textContent, dir="auto"). Placement is the pure greedy pass in
 * label-placement.ts; this module only measures, positions and toggles divs.
 */
import { COARSE_FONT, el, LABEL_FONT, textWidth } from './dom.ts';
import { placeLabels } from './label-placement.ts';
import type { Bounds } from './geometry.ts';
import { toScreen, type Affine } from './view-math.ts';

export interface LabelItem {
  id: number;
  text: string;
  /** Data coordinates of the anchor. */
  cx: number;
  cy: number;
  size: number;
  color: string;
  coarse: boolean;
  /** Data-space extent of the cluster's core; lets the label follow the user into a zoomed cluster. */
  extent?: Bounds;
  /** Hover text: the full label and the cluster's most representative titles. */
  tooltip?: string;
}

/** Longest label box in px; longer text is ellipsised (full text in the title tooltip). */
export const MAX_LABEL_W = 220;
const PAD_X = 14;

export function labelBoxSize(item: Pick<LabelItem, 'text' | 'coarse'>): { w: number; h: number } {
  const w = Math.min(MAX_LABEL_W, Math.ceil(textWidth(item.text, item.coarse ? COARSE_FONT : LABEL_FONT)) + PAD_X);
  return { w, h: item.coarse ? 24 : 20 };
}

/**
 * Screen placement for a set of items (shared with the image export), in priority
 * order. Coarse items outrank every fine one, so when both levels are passed the
 * coarse labels are placed first and fine labels fill the space left between them.
 */
export function layoutLabels(items: readonly LabelItem[], a: Affine, width: number, height: number, avoid?: readonly Bounds[]): { item: LabelItem; box: Bounds }[] {
  const cands = items.map((it, i) => {
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
    // Candidate ids are item positions: a coarse and a fine cluster may share an id.
    return { id: i, x, y, size: it.size + (it.coarse ? COARSE_PRIORITY : 0), ...labelBoxSize(it) };
  });
  return placeLabels(cands, { width, height, max: 80, avoid }).map((p) => ({ item: items[p.id], box: p.box }));
}

/** Added to a coarse label's priority: above any paper count. */
const COARSE_PRIORITY = 1e9;

export interface LabelLayer {
  /** Places and shows labels; returns how many are visible. */
  update(items: readonly LabelItem[], a: Affine, width: number, height: number): number;
  clear(): void;
  readonly element: HTMLDivElement;
}

/** `avoid` gives screen boxes (CSS px, relative to the map) that labels must leave clear, e.g. the toolbar. */
export function createLabelLayer(parent: HTMLElement, onClick: (item: LabelItem, ev: MouseEvent) => void, avoid: () => Bounds[] = () => []): LabelLayer {
  const root = el('div', { position: 'absolute', left: '0', top: '0', right: '0', bottom: '0', overflow: 'hidden', pointerEvents: 'none', zIndex: '3' });
  parent.append(root);
  const divs = new Map<string, { div: HTMLDivElement; item: LabelItem }>();
  const itemOf = new WeakMap<HTMLDivElement, LabelItem>();
  const key = (it: LabelItem) => `${it.coarse ? 'c' : 'f'}:${it.id}`;

  function make(): HTMLDivElement {
    const d = el('div', {
      position: 'absolute', left: '0', top: '0', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis',
      maxWidth: `${MAX_LABEL_W}px`, boxSizing: 'border-box', padding: '0 6px', borderRadius: '10px', cursor: 'pointer',
      pointerEvents: 'auto', color: '#1b1b1b', background: 'rgba(255,255,255,0.8)',
      textShadow: '0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff', userSelect: 'none',
    });
    d.className = 'cluster-label';
    d.dir = 'auto';
    d.addEventListener('click', (ev) => {
      ev.stopPropagation();
      const item = itemOf.get(d);
      if (item) onClick(item, ev);
    });
    // Keep d3-zoom from starting a pan on a label press.
    d.addEventListener('mousedown', (ev) => ev.stopPropagation());
    d.addEventListener('pointerdown', (ev) => ev.stopPropagation());
    root.append(d);
    return d;
  }

  return {
    element: root,
    update(items, a, width, height) {
      const seen = new Set<string>();
      for (const p of layoutLabels(items, a, width, height, avoid())) {
        const it = p.item;
        const k = key(it);
        seen.add(k);
        let e = divs.get(k);
        if (!e) {
          e = { div: make(), item: it };
          divs.set(k, e);
        }
        e.item = it;
        const d = e.div;
        itemOf.set(d, it);
        if (d.textContent !== it.text) d.textContent = it.text;
        d.title = it.tooltip ?? it.text;
        d.dataset.clusterId = String(it.id);
        d.dataset.level = it.coarse ? 'coarse' : 'fine';
        Object.assign(d.style, {
          display: 'block', font: it.coarse ? COARSE_FONT : LABEL_FONT,
          height: `${p.box.y1 - p.box.y0}px`, lineHeight: `${p.box.y1 - p.box.y0 - 2}px`,
          width: `${p.box.x1 - p.box.x0}px`, borderBottom: `2px solid ${it.color}`,
          transform: `translate(${p.box.x0.toFixed(1)}px, ${p.box.y0.toFixed(1)}px)`,
        });
      }
      for (const [k, e] of divs) {
        if (seen.has(k)) continue;
        if (divs.size > 400) {
          e.div.remove();
          divs.delete(k);
        } else e.div.style.display = 'none';
      }
      return seen.size;
    },
    clear() {
      for (const e of divs.values()) e.div.remove();
      divs.clear();
    },
  };
}
