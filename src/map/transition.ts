/**
 * The short animated move from one map of the papers to another (keyword map →
 * refined map): never a jump. The view is given the new map once (its colours,
 * regions and labels), then each frame only moves the points (MapView.showFrame:
 * one draw, nothing rebuilt) while the new regions fade in.
 */
import type { Layout, Paper } from '../types.ts';
import type { MapView } from './index.ts';

/** Above this many points there is no animation: the new map replaces the old one at once. */
export const ANIMATE_MAX = 60_000;
export const TRANSITION_MS = 700;

export interface TransitionOptions {
  ms?: number;
  /** prefers-reduced-motion: no animation. */
  reduce?: boolean;
  raf?: (cb: (t: number) => void) => number;
  caf?: (h: number) => void;
  now?: () => number;
}

/** Starts the move; `landed` runs once the view shows `to` at rest. Returns a cancel function (the view keeps `to`). */
export function animateLayout(view: MapView, papers: Paper[], from: Layout, to: Layout, landed: () => void, o: TransitionOptions = {}): () => void {
  const n = to.x.length;
  const raf = o.raf ?? requestAnimationFrame, caf = o.caf ?? cancelAnimationFrame, now = o.now ?? (() => performance.now());
  view.setData(papers, to, { keepView: true });
  if (n > ANIMATE_MAX || from.x.length !== n || o.reduce) {
    if (view.settleView) view.settleView(o.reduce ? 0 : undefined, landed);
    else landed();
    return () => {};
  }
  const ms = o.ms ?? TRANSITION_MS;
  // A cancel during the ease to Fit (after the points have landed) must not report a landing later.
  let cancelled = false;
  const land = () => {
    if (!cancelled) landed();
  };
  const x = new Float32Array(n), y = new Float32Array(n);
  const t0 = now();
  let handle = 0, done = false;
  const place = (e: number) => {
    for (let i = 0; i < n; i++) {
      const ax = from.x[i], ay = from.y[i];
      x[i] = Number.isFinite(ax) ? ax + (to.x[i] - ax) * e : to.x[i];
      y[i] = Number.isFinite(ay) ? ay + (to.y[i] - ay) * e : to.y[i];
    }
    view.showFrame(x, y, e);
  };
  // The first frame drawn is the old positions: setData above has not drawn yet (it schedules).
  // They are shown as they are (a paper without one joins at the next frame): the loop of
  // place(0), run cold in this task, cost 28 ms at 50,000 papers (issue 10).
  view.showFrame(from.x, from.y, 0);
  const step = () => {
    const f = Math.min(1, (now() - t0) / ms);
    if (f >= 1) {
      done = true;
      view.showFrame(null, null);
      // `landed` (the map counts as shown) once the view has eased to the new Fit, if it does.
      if (view.settleView) view.settleView(undefined, land);
      else landed();
      return;
    }
    place(f < 0.5 ? 2 * f * f : 1 - (-2 * f + 2) ** 2 / 2);
    handle = raf(step);
  };
  handle = raf(step);
  return () => {
    cancelled = true;
    if (done) return;
    done = true;
    caf(handle);
    view.showFrame(null, null);
  };
}
