/**
 * Greedy label placement in screen space (CSS px). Biggest clusters claim
 * space first; a label whose box would overlap an already placed one moves
 * one line up or down if that is free (joined to its anchor by a short leader
 * line, since the box no longer covers it); with `leaders` set, it then goes just
 * outside its cluster's region (or around its anchor), nearest spot first,
 * joined to the anchor by a leader line no longer than `leaders` px that
 * crosses no placed label; else it is skipped. Zooming in spreads cluster
 * centres apart, so more labels fit.
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
  /** Screen box of the cluster's region: leader-line spots start just outside it. */
  region?: Bounds;
}

export interface PlacedLabel {
  id: number;
  box: Bounds;
  /** From the anchor to the box's nearest edge, when the label sits away from its anchor. */
  leader?: { x0: number; y0: number; x1: number; y1: number };
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
  /** Longest leader line, px; leader-line spots are tried only when set. */
  leaders?: number;
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
    // A box is padded once per test, not once per placed label it is compared with (600 tries of
    // 51 spots against 80 labels allocated millions of boxes per draw of 20,000 clusters, issue 16).
    const free = (b: Bounds) => {
      const q = pad(b);
      for (let k = 0; k < padded.length; k++) if (boxesIntersect(padded[k], q)) return false;
      return true;
    };
    const box = tries.find(free);
    if (box) {
      // Moved off its anchor (a line up or down, or around an obstacle): a short leader keeps it joined to its points.
      const ex = clamp(c.x, box.x0, box.x1), ey = clamp(c.y, box.y0, box.y1);
      const leader = ex !== c.x || ey !== c.y ? { x0: c.x, y0: c.y, x1: ex, y1: ey } : undefined;
      placed.push(leader ? { id: c.id, box, leader } : { id: c.id, box });
      padded.push(pad(box));
      continue;
    }
    if (!opts.leaders) continue;
    const spot = leaderSpot(c, opts.leaders, gap, opts, (b, leader) => {
      if (!free(b)) return false;
      // A leader may start under a label that covers its anchor; it crosses no other label.
      return !padded.some((p) => segmentHitsBox(leader(), p) && !(c.x >= p.x0 && c.x <= p.x1 && c.y >= p.y0 && c.y <= p.y1));
    });
    if (!spot) continue;
    placed.push({ id: c.id, box: spot.box, leader: spot.leader });
    padded.push(pad(spot.box));
  }
  return placed;
}

/** The 16 directions leader-line spots are tried in: cosines, then sines. */
const DIR_COS = Float64Array.from({ length: 16 }, (_, k) => Math.cos((2 * Math.PI * k) / 16));
const DIR_SIN = Float64Array.from({ length: 16 }, (_, k) => Math.sin((2 * Math.PI * k) / 16));
/** Per spot: box x0, y0, x1, y1, leader end x, y, length (reused between calls: one placement tries up to 48 spots for each of hundreds of labels). */
const spotData = new Float64Array(48 * 7);
const spotOrder = new Int32Array(48);

/**
 * The nearest of the boxes around the region (or the anchor), in 16 directions and 3 distances,
 * that `ok` accepts, with its leader line; null when none. Spots are tried nearest first (ties in
 * the order made: distance, then direction); a box not wholly in the view is never tried. Boxes are made only for the spots tried, and the
 * leader only when `ok` asks for it (a draw of 20,000 clusters made ~90,000 spot objects, issue 16).
 */
function leaderSpot(c: LabelCandidate, maxLen: number, gap: number, view: { width: number; height: number }, ok: (box: Bounds, leader: () => { x0: number; y0: number; x1: number; y1: number }) => boolean): { box: Bounds; leader: { x0: number; y0: number; x1: number; y1: number } } | null {
  const r = c.region ?? { x0: c.x - 4, y0: c.y - 4, x1: c.x + 4, y1: c.y + 4 };
  const hw = c.w / 2, hh = c.h / 2;
  let n = 0;
  for (let ring = 0; ring < 3; ring++) {
    const extra = gap + (ring === 0 ? 6 : ring === 1 ? 24 : 56);
    for (let k = 0; k < 16; k++) {
      const dx = DIR_COS[k], dy = DIR_SIN[k];
      // Box centre on the ray from the anchor, just beyond the region's box edge plus `extra`.
      const tx = dx > 1e-9 ? (r.x1 - c.x) / dx : dx < -1e-9 ? (r.x0 - c.x) / dx : Infinity;
      const ty = dy > 1e-9 ? (r.y1 - c.y) / dy : dy < -1e-9 ? (r.y0 - c.y) / dy : Infinity;
      const tEdge = Math.max(0, Math.min(tx, ty));
      const tBox = Math.min(Math.abs(dx) > 1e-9 ? hw / Math.abs(dx) : Infinity, Math.abs(dy) > 1e-9 ? hh / Math.abs(dy) : Infinity);
      const d = tEdge + tBox + extra;
      const bx = c.x + dx * d, by = c.y + dy * d;
      const x0 = bx - hw, y0 = by - hh, x1 = bx + hw, y1 = by + hh;
      const ex = clamp(c.x, x0, x1), ey = clamp(c.y, y0, y1);
      const lx = ex - c.x, ly = ey - c.y;
      const len = Math.hypot(lx, ly);
      if (len > maxLen) continue;
      const o = 7 * n;
      spotData[o] = x0;
      spotData[o + 1] = y0;
      spotData[o + 2] = x1;
      spotData[o + 3] = y1;
      spotData[o + 4] = ex;
      spotData[o + 5] = ey;
      spotData[o + 6] = len;
      // Insertion into the order by length; ties keep the order made (as a stable sort).
      let j = n++;
      while (j > 0 && spotData[7 * spotOrder[j - 1] + 6] > len) {
        spotOrder[j] = spotOrder[j - 1];
        j--;
      }
      spotOrder[j] = n - 1;
    }
  }
  for (let i = 0; i < n; i++) {
    const o = 7 * spotOrder[i];
    if (spotData[o] < 0 || spotData[o + 1] < 0 || spotData[o + 2] > view.width || spotData[o + 3] > view.height) continue;
    const box = { x0: spotData[o], y0: spotData[o + 1], x1: spotData[o + 2], y1: spotData[o + 3] };
    const ex = spotData[o + 4], ey = spotData[o + 5];
    let line: { x0: number; y0: number; x1: number; y1: number } | null = null;
    const leader = () => (line ??= { x0: c.x, y0: c.y, x1: ex, y1: ey });
    if (ok(box, leader)) return { box, leader: leader() };
  }
  return null;
}

/** True when the segment crosses (or ends inside) the box. Liang-Barsky clipping. */
export function segmentHitsBox(s: { x0: number; y0: number; x1: number; y1: number }, b: Bounds): boolean {
  // Without an array or object per call: placement tests thousands of leader lines against every
  // placed label (20,000 clusters: millions of calls, and their garbage, per draw; issue 16).
  const dx = s.x1 - s.x0, dy = s.y1 - s.y0;
  let t0 = 0, t1 = 1;
  for (let e = 0; e < 4; e++) {
    const p = e === 0 ? -dx : e === 1 ? dx : e === 2 ? -dy : dy;
    const q = e === 0 ? s.x0 - b.x0 : e === 1 ? b.x1 - s.x0 : e === 2 ? s.y0 - b.y0 : b.y1 - s.y0;
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const r = q / p;
    if (p < 0) {
      if (r > t1) return false;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return false;
      if (r < t1) t1 = r;
    }
  }
  return t0 < t1;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
