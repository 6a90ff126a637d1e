/**
 * Greedy label placement in screen space (CSS px). Biggest clusters claim
 * space first; a label whose box would overlap an already placed one is
 * skipped. Zooming in spreads cluster centres apart, so more labels fit.
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
}

export function placeLabels(cands: readonly LabelCandidate[], opts: PlacementOptions): PlacedLabel[] {
  const gap = opts.gap ?? 4;
  const order = cands
    .filter((c) => c.x >= 0 && c.x <= opts.width && c.y >= 0 && c.y <= opts.height)
    .sort((a, b) => b.size - a.size || a.id - b.id);
  const placed: PlacedLabel[] = [];
  const padded: Bounds[] = [];
  for (const c of order) {
    if (opts.max !== undefined && placed.length >= opts.max) break;
    // Keep the label on screen: shift it inside the view rather than cut it.
    const x0 = clamp(c.x - c.w / 2, 0, Math.max(0, opts.width - c.w));
    const y0 = clamp(c.y - c.h / 2, 0, Math.max(0, opts.height - c.h));
    const box = { x0, y0, x1: x0 + c.w, y1: y0 + c.h };
    const withGap = { x0: x0 - gap / 2, y0: y0 - gap / 2, x1: box.x1 + gap / 2, y1: box.y1 + gap / 2 };
    if (padded.some((p) => boxesIntersect(p, withGap))) continue;
    placed.push({ id: c.id, box });
    padded.push(withGap);
  }
  return placed;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
