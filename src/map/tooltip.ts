/** Hover tooltip: a positioned div; every text goes in via textContent with dir="auto". */
import { el } from './dom.ts';

export interface TooltipContent {
  title: string;
  year?: number;
  /** ISO date at its precision; shown instead of the year when present. */
  date?: string;
  cluster: string;
  color: string;
}

export interface Tooltip {
  /** `at` = the hovered point's screen position (a ring is drawn around it); x, y = the pointer. */
  show(x: number, y: number, c: TooltipContent, bounds: { width: number; height: number }, at?: { x: number; y: number; r: number }): void;
  hide(): void;
  readonly element: HTMLDivElement;
}

export function createTooltip(parent: HTMLElement): Tooltip {
  const root = el('div', {
    position: 'absolute', left: '0', top: '0', display: 'none', pointerEvents: 'none', zIndex: '4',
    maxWidth: '320px', padding: '6px 8px', background: 'rgba(255,255,255,0.97)', color: '#1a1a1a',
    border: '1px solid #ccc', borderRadius: '6px', boxShadow: '0 2px 8px rgba(0,0,0,0.15)',
    font: '12px/1.35 system-ui, sans-serif',
  });
  root.dataset.testid = 'map-tooltip';
  root.setAttribute('role', 'tooltip');
  const title = el('div', { fontWeight: '600', marginBottom: '2px' });
  const meta = el('div', { color: '#555', display: 'flex', alignItems: 'center', gap: '5px' });
  const swatch = el('span', { display: 'inline-block', width: '8px', height: '8px', borderRadius: '50%', flex: 'none' });
  const metaText = el('span');
  for (const t of [title, metaText]) t.dir = 'auto';
  meta.append(swatch, metaText);
  root.append(title, meta);
  const ring = el('div', {
    position: 'absolute', left: '0', top: '0', display: 'none', pointerEvents: 'none', zIndex: '2',
    border: '2px solid #111', borderRadius: '50%', boxSizing: 'border-box', boxShadow: '0 0 0 1px #fff',
  });
  parent.append(ring, root);
  return {
    element: root,
    show(x, y, c, bounds, at) {
      if (at) {
        const d = 2 * (at.r + 4);
        Object.assign(ring.style, { display: 'block', width: `${d}px`, height: `${d}px`, transform: `translate(${at.x - d / 2}px, ${at.y - d / 2}px)` });
      } else ring.style.display = 'none';
      title.textContent = c.title || '(untitled)';
      metaText.textContent = [c.date ?? (c.year !== undefined ? String(c.year) : ''), c.cluster].filter(Boolean).join(' · ');
      swatch.style.background = c.color;
      root.style.display = 'block';
      // Keep the box inside the map: flip to the other side of the cursor near the edges.
      const w = root.offsetWidth, h = root.offsetHeight;
      const left = x + 14 + w > bounds.width ? Math.max(0, x - 14 - w) : x + 14;
      const top = y + 14 + h > bounds.height ? Math.max(0, y - 14 - h) : y + 14;
      root.style.transform = `translate(${left}px, ${top}px)`;
    },
    hide() {
      root.style.display = 'none';
      ring.style.display = 'none';
    },
  };
}
