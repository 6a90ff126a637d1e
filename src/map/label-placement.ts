/**
 * Greedy label placement in screen space (CSS px). Biggest clusters claim
 * space first; a label whose box would overlap an already placed one moves
 * one line up or down if that is free, else it is skipped. Zooming in spreads cluster centres apart, so more labels fit.
 */
import { boxesIntersect, type Bounds } from './geometry.ts';

export interface LabelCandidate {
  id: number;
  /** Anchor (label centre) in CSS px. */
  x: number;
  y: number;
  /** Box size in CSS px. */
  w: number;
  h: number;
  /** Priority: bigger first. */
  size: number;
}

export interface PlacedLabel {
  id: number;
  box: Bounds;
}

export interface PlacementOptions {
  width: number;
  height: number;
  /** Extra gap kept between labels, px. */
  gap?: number;
  /** Cap on labels shown at once (keeps the map readable). */
  max?: number;
  /** Screen boxes labels must not cover (e.g. the map toolbar); a label that would is moved below or left of it. */
  avoid?: readonly Bounds[];
}

export function placeLabels(cands: readonly LabelCandidate[], opts: PlacementOptions): PlacedLabel[] {
  const gap = opts.gap ?? 4;
  const order = cands
    .filter((c) => c.x >= 0 && c.x <= opts.width && c.y >= 0 && c.y <= opts.height)
    .sort((a, b) => b.size - a.size || a.id - b.id);
  const avoid = opts.avoid ?? [];
  const placed: PlacedLabel[] = [];
  const padded: Bounds[] = [...avoid];
  // Keep the label on screen: shift it inside the view rather than cut it.
  const boxAt = (x0: number, y0: number, c: LabelCandidate): Bounds => {
    const bx = clamp(x0, 0, Math.max(0, opts.width - c.w));
    const by = clamp(y0, 0, Math.max(0, opts.height - c.h));
    return { x0: bx, y0: by, x1: bx + c.w, y1: by + c.h };
  };
  const pad = (b: Bounds): Bounds => ({ x0: b.x0 - gap / 2, y0: b.y0 - gap / 2, x1: b.x1 + gap / 2, y1: b.y1 + gap / 2 });
  for (const c of order) {
    if (opts.max !== undefined && placed.length >= opts.max) break;
    const first = boxAt(c.x - c.w / 2, c.y - c.h / 2, c);
    // A label that collides at its anchor may still fit just above or below it;
    // where the natural spot is under an obstacle, try just below it, then just left of it.
    const tries = [first, boxAt(first.x0, first.y0 - c.h - gap, c), boxAt(first.x0, first.y0 + c.h + gap, c)];
    for (const o of avoid) {
      if (!boxesIntersect(o, pad(first))) continue;
      tries.push(boxAt(first.x0, o.y1 + gap, c), boxAt(o.x0 - gap - c.w, first.y0, c));
    }
    const box = tries.find((b) => !padded.some((p) => boxesIntersect(p, pad(b))));
    if (!box) continue;
    placed.push({ id: c.id, box });
    padded.push(pad(box));
  }
  return placed;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
