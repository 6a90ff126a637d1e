/** The lasso path as an SVG overlay, in screen (CSS px) coordinates. */
import { svgEl } from './dom.ts';

export interface LassoLayer {
  begin(x: number, y: number): void;
  add(x: number, y: number): void;
  /** Ends the stroke and returns its vertices [x0,y0,...] in CSS px. */
  end(): number[];
  cancel(): void;
  readonly active: boolean;
}

/** Skip pointer samples closer than this to the last vertex (px): keeps polygons small. */
const MIN_STEP = 2;

export function createLassoLayer(parent: HTMLElement): LassoLayer {
  const svg = svgEl('svg', { 'aria-hidden': 'true' });
  Object.assign(svg.style, { position: 'absolute', left: '0', top: '0', width: '100%', height: '100%', pointerEvents: 'none', zIndex: '2' });
  const path = svgEl('polygon', {
    fill: 'rgba(31,111,235,0.08)', stroke: '#1f6feb', 'stroke-width': 1.5, 'stroke-dasharray': '5 3', 'stroke-linejoin': 'round',
  });
  svg.append(path);
  parent.append(svg);
  let pts: number[] = [];
  let active = false;
  const render = () => {
    let s = '';
    for (let i = 0; i < pts.length; i += 2) s += `${pts[i].toFixed(1)},${pts[i + 1].toFixed(1)} `;
    path.setAttribute('points', s);
  };
  return {
    get active() {
      return active;
    },
    begin(x, y) {
      pts = [x, y];
      active = true;
      render();
    },
    add(x, y) {
      if (!active) return;
      const n = pts.length;
      if (Math.hypot(x - pts[n - 2], y - pts[n - 1]) < MIN_STEP) return;
      pts.push(x, y);
      render();
    },
    end() {
      const out = pts;
      active = false;
      pts = [];
      render();
      return out;
    },
    cancel() {
      active = false;
      pts = [];
      render();
    },
  };
}
