/**
 * Pointer and keyboard handling for the map: hover, click, lasso strokes and
 * keys. Pans and wheel zooms belong to d3-zoom; this module decides when a
 * press is a lasso instead (lasso mode, or Shift/Alt held) and tells d3-zoom
 * to stay out of it through `isLassoPress`.
 */
import { createLassoLayer } from './lasso-layer.ts';
import { polygonArea } from './geometry.ts';

export interface InputHandlers {
  /** Nearest point index to a screen position (CSS px), or null. */
  pick(x: number, y: number): number | null;
  hover(index: number | null, x: number, y: number): void;
  click(index: number | null, additive: boolean): void;
  /** A finished lasso stroke in screen px (≥ 3 vertices, non-trivial area). */
  lasso(screenPoly: number[], additive: boolean): void;
  escape(): void;
  zoomBy(factor: number): void;
  panBy(dx: number, dy: number): void;
  fit(): void;
  toggleLasso(): void;
}

export interface MapInput {
  /** True while the press should be a lasso (d3-zoom's filter asks this). */
  isLassoPress(ev: { shiftKey: boolean; altKey: boolean }): boolean;
  setLassoMode(on: boolean): void;
  cancel(): void;
  destroy(): void;
}

/** A stroke enclosing less than this many px² is a click, not a lasso. */
const MIN_LASSO_AREA = 30;
const PAN_STEP = 60;

export function attachInput(root: HTMLElement, canvas: HTMLCanvasElement, h: InputHandlers): MapInput {
  const lasso = createLassoLayer(root);
  let lassoMode = false;
  let suppressClick = false;
  let hovered: number | null = null;
  const local = (ev: MouseEvent) => {
    const r = canvas.getBoundingClientRect();
    return [ev.clientX - r.left, ev.clientY - r.top] as const;
  };
  const setHover = (i: number | null, x: number, y: number) => {
    if (i === hovered && i === null) return;
    hovered = i;
    h.hover(i, x, y);
  };

  const onDown = (ev: PointerEvent) => {
    suppressClick = false;
    if (ev.button !== 0 || !(lassoMode || ev.shiftKey || ev.altKey)) return;
    const [x, y] = local(ev);
    lasso.begin(x, y);
    canvas.setPointerCapture?.(ev.pointerId);
    setHover(null, x, y);
    ev.preventDefault();
  };
  const onMove = (ev: PointerEvent) => {
    const [x, y] = local(ev);
    if (lasso.active) return lasso.add(x, y);
    if (ev.buttons) return setHover(null, x, y); // panning: no tooltip
    setHover(h.pick(x, y), x, y);
  };
  const onUp = (ev: PointerEvent) => {
    if (!lasso.active) return;
    const [x, y] = local(ev);
    lasso.add(x, y);
    const pts = lasso.end();
    suppressClick = true; // the click that follows this pointerup is part of the stroke
    if (pts.length >= 6 && polygonArea(pts) >= MIN_LASSO_AREA) h.lasso(pts, ev.shiftKey);
    else h.click(h.pick(x, y), ev.shiftKey);
  };
  const onClick = (ev: MouseEvent) => {
    if (suppressClick) {
      suppressClick = false;
      return;
    }
    const [x, y] = local(ev);
    h.click(h.pick(x, y), ev.shiftKey);
  };
  const onLeave = () => {
    if (!lasso.active) setHover(null, 0, 0);
  };
  const onKey = (ev: KeyboardEvent) => {
    if (ev.ctrlKey || ev.metaKey) return;
    const t = ev.target as HTMLElement | null;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
    const act: Record<string, () => void> = {
      '+': () => h.zoomBy(1.4), '=': () => h.zoomBy(1.4), '-': () => h.zoomBy(1 / 1.4), _: () => h.zoomBy(1 / 1.4),
      ArrowLeft: () => h.panBy(PAN_STEP, 0), ArrowRight: () => h.panBy(-PAN_STEP, 0),
      ArrowUp: () => h.panBy(0, PAN_STEP), ArrowDown: () => h.panBy(0, -PAN_STEP),
      '0': () => h.fit(), l: () => h.toggleLasso(),
      Escape: () => {
        lasso.cancel();
        h.escape();
      },
    };
    const f = act[ev.key];
    if (!f) return;
    // Buttons handle their own Space/Enter; only the map's keys are taken here.
    ev.preventDefault();
    f();
  };

  canvas.addEventListener('pointerdown', onDown);
  canvas.addEventListener('pointermove', onMove);
  canvas.addEventListener('pointerup', onUp);
  canvas.addEventListener('pointercancel', () => lasso.cancel());
  canvas.addEventListener('pointerleave', onLeave);
  canvas.addEventListener('click', onClick);
  root.addEventListener('keydown', onKey);
  return {
    isLassoPress: (ev) => lasso.active || lassoMode || ev.shiftKey || ev.altKey,
    setLassoMode(on) {
      lassoMode = on;
      canvas.style.cursor = on ? 'crosshair' : 'grab';
    },
    cancel: () => lasso.cancel(),
    destroy() {
      canvas.removeEventListener('pointerdown', onDown);
      canvas.removeEventListener('pointermove', onMove);
      canvas.removeEventListener('pointerup', onUp);
      canvas.removeEventListener('pointerleave', onLeave);
      canvas.removeEventListener('click', onClick);
      root.removeEventListener('keydown', onKey);
    },
  };
}
