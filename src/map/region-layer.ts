/**
 * Draws cluster regions (see regions.ts) on a 2-D canvas under the points:
 * a low-alpha fill in the cluster's colour and a thin outline. Paths (Path2D)
 * are built once per region in data coordinates and drawn through the view's
 * affine, so a pan or zoom frame costs one fill and one stroke per region and
 * never recomputes geometry.
 */
import type { MapGeometry, ClusterRegion } from './regions.ts';
import type { Affine } from './view-math.ts';

export const REGION_FILL_ALPHA = 0.13;
export const REGION_STROKE_ALPHA = 0.45;

const paths = new WeakMap<ClusterRegion, Path2D>();

function pathOf(r: ClusterRegion): Path2D {
  let p = paths.get(r);
  if (!p) {
    p = new Path2D();
    for (const ring of r.rings) {
      p.moveTo(ring[0], ring[1]);
      for (let i = 2; i < ring.length; i += 2) p.lineTo(ring[i], ring[i + 1]);
      p.closePath();
    }
    paths.set(r, p);
  }
  return p;
}

/**
 * Regions in the context's current CSS-px space; `color(id)` gives each cluster's colour.
 * `alpha` scales both alphas (regions fading in during an animated transition).
 */
export function drawRegions(ctx: CanvasRenderingContext2D, geo: MapGeometry, color: (id: number) => string, a: Affine, dim = false, alpha = 1): void {
  ctx.save();
  ctx.transform(a.ax, 0, 0, a.ay, a.bx, a.by);
  ctx.lineWidth = 1 / Math.abs(a.ax);
  ctx.lineJoin = 'round';
  for (const r of geo.regions.values()) {
    const p = pathOf(r);
    ctx.fillStyle = color(r.id);
    ctx.globalAlpha = REGION_FILL_ALPHA * (dim ? 0.5 : 1) * alpha;
    ctx.fill(p, 'evenodd');
    ctx.strokeStyle = color(r.id);
    ctx.globalAlpha = REGION_STROKE_ALPHA * (dim ? 0.5 : 1) * alpha;
    ctx.stroke(p);
  }
  ctx.restore();
}

/** Leader lines from each off-cluster label to its anchor, with a dot at the anchor. */
export function drawLeaders(ctx: CanvasRenderingContext2D, leaders: readonly { x0: number; y0: number; x1: number; y1: number }[]): void {
  if (!leaders.length) return;
  ctx.save();
  ctx.strokeStyle = 'rgba(40,40,40,0.75)';
  ctx.fillStyle = 'rgba(40,40,40,0.85)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const l of leaders) {
    ctx.moveTo(l.x0, l.y0);
    ctx.lineTo(l.x1, l.y1);
  }
  ctx.stroke();
  ctx.beginPath();
  for (const l of leaders) {
    ctx.moveTo(l.x0 + 2, l.y0);
    ctx.arc(l.x0, l.y0, 2, 0, 2 * Math.PI);
  }
  ctx.fill();
  ctx.restore();
}
