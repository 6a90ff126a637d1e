/**
 * Draws points on a 2-D canvas context. The context is already scaled so one
 * unit = one CSS px. Small maps get round dots with a white rim, mid-size maps
 * filled squares (fillRect); from PIXEL_PATH_MIN points on, pixels are written
 * straight into an ImageData buffer, which was 5x faster than fillRect here.
 */
import type { PointBatches } from './point-batches.ts';
import type { Affine } from './view-math.ts';
import { fadeHex, OUTLIER_COLOR, PALETTE } from './palette.ts';

export interface PointStyle {
  width: number;
  height: number;
  /** Device pixels per CSS px (ImageData path only). */
  dpr: number;
  radius: number;
  /** 1 = selected; null = no selection (everything full colour). */
  selected: Uint8Array | null;
  highlight: readonly number[] | null;
  /** Drawn over the white background and under the points (cluster regions). */
  under?: (ctx: CanvasRenderingContext2D) => void;
  /**
   * Takes the finished pixel buffer (pixel path only) instead of putting it on the canvas here:
   * the PNG export puts it in bands, a task each. The buffer is the taker's (the next frame makes a new one).
   */
  takePixels?: (img: ImageData) => void;
  /** Per-point colours instead of cluster colours (colour by date or a field), or null; `faded`: the same mixed with white. */
  colors?: { packed: Uint32Array; faded: Uint32Array; css: readonly string[] } | null;
  /** 1 = fade this point (outside the time brush, or not new); null = none faded. */
  fade?: Uint8Array | null;
}

/** Colour weight of unselected points while a selection exists. */
const FADE = 0.3;
/** From this many drawn points on, write pixels directly instead of fillRect/arc (see drawPixels). */
export const PIXEL_PATH_MIN = 2_001;

const GROUP_COLORS = [OUTLIER_COLOR, ...PALETTE];
const FADED_COLORS = GROUP_COLORS.map((c) => fadeHex(c, FADE));

export function drawPoints(ctx: CanvasRenderingContext2D, b: PointBatches, xs: Float32Array, ys: Float32Array, a: Affine, st: PointStyle): void {
  const hl = st.highlight?.length ? highlightSpots(b, xs, ys, a, st) : null;
  // Many highlights on a map drawn as pixels go into the points' own pixel buffer: no second
  // full-canvas buffer, putImageData and drawImage per frame (100,000 highlights: issue 16).
  const inPixels = hl && hl.drawn > MANY_HIGHLIGHTS ? hl : null;
  let done = false;
  if (st.colors || st.fade) done = drawCustom(ctx, b, xs, ys, a, st, inPixels);
  else if (b.nDrawn >= PIXEL_PATH_MIN) done = drawPixels(ctx, b, xs, ys, a, st, inPixels);
  else {
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, st.width, st.height);
    st.under?.(ctx);
    if (st.selected) {
      drawPass(ctx, b, xs, ys, a, st, FADED_COLORS, st.selected, 0);
      drawPass(ctx, b, xs, ys, a, st, GROUP_COLORS, st.selected, 1);
    } else drawPass(ctx, b, xs, ys, a, st, GROUP_COLORS, null, 0);
  }
  if (hl && !(done && inPixels)) drawHighlights(ctx, hl, st);
}

/** One pass over all colour groups; with `sel`, only points whose sel value equals `want`. */
function drawPass(ctx: CanvasRenderingContext2D, b: PointBatches, xs: Float32Array, ys: Float32Array, a: Affine,
  st: PointStyle, colors: readonly string[], sel: Uint8Array | null, want: number): void {
  const r = st.radius, d = 2 * r, w = st.width + r, h = st.height + r;
  // Round dots down to 3 px across (squares below that look the same and cost less); the white
  // rim only where there is room for it.
  const round = r >= 1.5, rim = r >= 2.5;
  if (rim) {
    ctx.strokeStyle = 'rgba(255,255,255,0.9)';
    ctx.lineWidth = 0.75;
  }
  for (let g = 0; g + 1 < b.start.length; g++) {
    const s0 = b.start[g], s1 = b.start[g + 1];
    if (s0 === s1) continue;
    ctx.fillStyle = colors[g];
    if (round) ctx.beginPath();
    for (let j = s0; j < s1; j++) {
      const i = b.order[j];
      if (sel && (sel[i] ? 1 : 0) !== want) continue;
      const sx = a.ax * xs[i] + a.bx, sy = a.ay * ys[i] + a.by;
      if (sx < -r || sy < -r || sx > w || sy > h) continue;
      if (round) {
        ctx.moveTo(sx + r, sy);
        ctx.arc(sx, sy, r, 0, 2 * Math.PI);
      } else ctx.fillRect(sx - r, sy - r, d, d);
    }
    if (round) {
      ctx.fill();
      if (rim) ctx.stroke();
    }
  }
}

/** Highlighted points to draw: screen centres by colour group, one per canvas pixel, and the square / ring sizes. */
interface HighlightSpots {
  byGroup: Map<number, number[]>;
  drawn: number;
  /** Ring radius (CSS px). */
  r: number;
  /** Dot radius, or half-side of a square (CSS px). */
  s: number;
}

/**
 * Highlighted points: one per canvas pixel (a point drawn again on the same pixel adds
 * nothing), by colour group: 100,000 highlights drew 200,000 separate paths, seconds per
 * frame (issue 16).
 */
function highlightSpots(b: PointBatches, xs: Float32Array, ys: Float32Array, a: Affine, st: PointStyle): HighlightSpots {
  const r = Math.max(st.radius, 2.5);
  const cols = Math.ceil(st.width) + 21, rows = Math.ceil(st.height) + 21;
  const taken = new Uint8Array(cols * rows);
  const byGroup = new Map<number, number[]>();
  let drawn = 0;
  for (const i of st.highlight ?? []) {
    const g = b.group[i];
    if (g === undefined || g >= GROUP_COLORS.length) continue;
    const sx = a.ax * xs[i] + a.bx, sy = a.ay * ys[i] + a.by;
    if (!(sx >= -10 && sy >= -10 && sx <= st.width + 10 && sy <= st.height + 10)) continue;
    const cell = Math.round(sy + 10) * cols + Math.round(sx + 10);
    if (taken[cell]) continue;
    taken[cell] = 1;
    let list = byGroup.get(g);
    if (!list) byGroup.set(g, (list = []));
    list.push(sx, sy);
    drawn++;
  }
  return { byGroup, drawn, r, s: r + 1 };
}

/** Highlights as a filled dot and a dark ring each, batched: one path per colour and one for all rings. */
function drawHighlights(ctx: CanvasRenderingContext2D, hl: HighlightSpots, st: PointStyle): void {
  const { byGroup, drawn, r, s } = hl;
  // Past MANY_HIGHLIGHTS, squares with a dark edge, written as pixels on a layer drawn over the
  // map: the canvas rasteriser spent 0.5 s filling and stroking 100,000 highlight squares (issue 16).
  if (drawn > MANY_HIGHLIGHTS) return drawHighlightPixels(ctx, byGroup, s, st.dpr);
  for (const [g, xy] of byGroup) {
    ctx.fillStyle = GROUP_COLORS[g];
    ctx.beginPath();
    for (let k = 0; k < xy.length; k += 2) {
      ctx.moveTo(xy[k] + s, xy[k + 1]);
      ctx.arc(xy[k], xy[k + 1], s, 0, 2 * Math.PI);
    }
    ctx.fill();
  }
  // Rings only when they are drawn: building 20,000 ring arcs that a square-drawing frame never
  // strokes took 0.4 s of a search that highlighted a 20,000-cluster map (issue 16).
  const ring = new Path2D();
  for (const xy of byGroup.values()) {
    for (let k = 0; k < xy.length; k += 2) {
      ring.moveTo(xy[k] + r + 4, xy[k + 1]);
      ring.arc(xy[k], xy[k + 1], r + 4, 0, 2 * Math.PI);
    }
  }
  ctx.lineWidth = 2;
  ctx.strokeStyle = '#111111';
  ctx.stroke(ring);
}

let highlightScratch: ImageData | null = null;
let highlightLayer: HTMLCanvasElement | OffscreenCanvas | null = null;
const EDGE = packed('#111111');

/**
 * Many highlights as squares of half-side `s` (CSS px, centres in `byGroup`) with a 1-px dark
 * edge, written into a pixel buffer of W x H device px. Group by group, each group's squares
 * then their edges, as the path version drew them.
 */
function writeHighlightPixels(buf: Uint32Array, W: number, H: number, byGroup: Map<number, number[]>, s: number, dpr: number): void {
  const half = Math.max(1, Math.round(s * dpr)), edge = Math.max(1, Math.round(dpr));
  const square = (cx: number, cy: number, hs: number, c: number, ring: number) => {
    const x0 = Math.max(0, cx - hs), x1 = Math.min(W, cx + hs), y0 = Math.max(0, cy - hs), y1 = Math.min(H, cy + hs);
    for (let y = y0; y < y1; y++) {
      const o = y * W;
      const border = y < cy - hs + ring || y >= cy + hs - ring;
      for (let x = x0; x < x1; x++) if (!ring || border || x < cx - hs + ring || x >= cx + hs - ring) buf[o + x] = c;
    }
  };
  for (const [g, xy] of byGroup) {
    const c = PACKED[g];
    for (let k = 0; k < xy.length; k += 2) square(Math.round(xy[k] * dpr), Math.round(xy[k + 1] * dpr), half, c, 0);
    for (let k = 0; k < xy.length; k += 2) square(Math.round(xy[k] * dpr), Math.round(xy[k + 1] * dpr), half + edge, EDGE, edge);
  }
}

/** Many highlights over a map drawn with paths: written on a transparent layer drawn over it in one drawImage. */
function drawHighlightPixels(ctx: CanvasRenderingContext2D, byGroup: Map<number, number[]>, s: number, dpr: number): void {
  const W = ctx.canvas.width, H = ctx.canvas.height;
  if (!W || !H) return;
  if (!highlightScratch || highlightScratch.width !== W || highlightScratch.height !== H) highlightScratch = ctx.createImageData(W, H);
  const buf = new Uint32Array(highlightScratch.data.buffer);
  buf.fill(0);
  writeHighlightPixels(buf, W, H, byGroup, s, dpr);
  if (!highlightLayer || highlightLayer.width !== W || highlightLayer.height !== H) {
    highlightLayer = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(W, H) : Object.assign(document.createElement('canvas'), { width: W, height: H });
  }
  (highlightLayer.getContext('2d') as CanvasRenderingContext2D | null)?.putImageData(highlightScratch, 0, 0);
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(highlightLayer, 0, 0);
  ctx.restore();
}

/** Highlights drawn as round dots with rings up to this many; squares above. */
export const MANY_HIGHLIGHTS = 1500;

/** RGBA bytes of a hex colour as a little-endian Uint32 (ABGR in memory order). */
function packed(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  return ((255 << 24) | ((n & 255) << 16) | (n & 0xff00) | ((n >> 16) & 255)) >>> 0;
}
const PACKED = GROUP_COLORS.map(packed);
const PACKED_FADED = FADED_COLORS.map(packed);

let scratch: ImageData | null = null;
/** The pixel buffer given away (`takePixels`): no copy, and no frame drawn meanwhile writes into it. */
const handOver = (img: ImageData): ImageData => {
  scratch = null;
  return img;
};
let layer: HTMLCanvasElement | OffscreenCanvas | null = null;

/**
 * Direct pixel writes in device px, reusing one ImageData between frames.
 * Measured in headless Chromium (software canvas), 50k points: 4 ms vs 22 ms
 * for fillRect. The background is white; faded colours are pre-mixed with it.
 */
function drawPixels(ctx: CanvasRenderingContext2D, b: PointBatches, xs: Float32Array, ys: Float32Array, a: Affine, st: PointStyle, hl: HighlightSpots | null): boolean {
  const W = ctx.canvas.width, H = ctx.canvas.height, k = st.dpr;
  if (!scratch || scratch.width !== W || scratch.height !== H) scratch = ctx.createImageData(W, H);
  const buf = new Uint32Array(scratch.data.buffer);
  // With something to draw under the points, they go on a transparent layer composited over it.
  buf.fill(st.under ? 0 : 0xffffffff);
  const size = Math.max(1, Math.round(2 * st.radius * k));
  // Device-px affine with the half-size offset folded in, so each point costs two multiply-adds.
  const ax = a.ax * k, bx = a.bx * k - size / 2 + 0.5, ay = a.ay * k, by = a.by * k - size / 2 + 0.5;
  const sel = st.selected;
  const xMax = W - size, yMax = H - size;
  // Faded points first, so selected ones end up on top.
  for (let pass = sel ? 0 : 1; pass < 2; pass++) {
    const colors = pass === 0 ? PACKED_FADED : PACKED;
    for (let g = 0; g + 1 < b.start.length; g++) {
      const c = colors[g];
      for (let j = b.start[g], end = b.start[g + 1]; j < end; j++) {
        const i = b.order[j];
        if (sel && (sel[i] ? 1 : 0) !== pass) continue;
        const px = Math.floor(ax * xs[i] + bx), py = Math.floor(ay * ys[i] + by);
        if (px < 0 || py < 0 || px > xMax || py > yMax) continue;
        let o = py * W + px;
        for (let dy = 0; dy < size; dy++, o += W) for (let dx = 0; dx < size; dx++) buf[o + dx] = c;
      }
    }
  }
  if (hl) writeHighlightPixels(buf, W, H, hl.byGroup, hl.s, k);
  if (st.takePixels) st.takePixels(handOver(scratch));
  else present(ctx, scratch, st);
  return true;
}

/** Puts the pixel buffer on the canvas; with something to draw under the points, composites the points over it. */
function present(ctx: CanvasRenderingContext2D, img: ImageData, st: PointStyle): void {
  const W = img.width, H = img.height;
  if (!st.under) {
    ctx.putImageData(img, 0, 0);
    return;
  }
  if (!layer || layer.width !== W || layer.height !== H) {
    layer = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(W, H) : Object.assign(document.createElement('canvas'), { width: W, height: H });
  }
  (layer.getContext('2d') as CanvasRenderingContext2D | null)?.putImageData(img, 0, 0);
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, W, H);
  ctx.restore();
  st.under(ctx);
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(layer, 0, 0);
  ctx.restore();
}

/** A packed colour mixed with white (weight FADE), as drawn for faded points. */
export function fadePacked(c: number): number {
  const mix = (v: number) => Math.round(v * FADE + 255 * (1 - FADE));
  return ((255 << 24) | (mix((c >>> 16) & 255) << 16) | (mix((c >>> 8) & 255) << 8) | mix(c & 255)) >>> 0;
}

/**
 * Per-point colours and/or a fade mask (time brush, "what is new"): faded points first, in
 * their colour mixed with white, then the others on top. Pixel writes from PIXEL_PATH_MIN on.
 */
function drawCustom(ctx: CanvasRenderingContext2D, b: PointBatches, xs: Float32Array, ys: Float32Array, a: Affine, st: PointStyle, hl: HighlightSpots | null): boolean {
  const sel = st.selected, fade = st.fade ?? null, cols = st.colors ?? null;
  const faded = (i: number) => (fade !== null && fade[i] === 1) || (sel !== null && !sel[i]);
  if (b.nDrawn >= PIXEL_PATH_MIN) {
    const W = ctx.canvas.width, H = ctx.canvas.height, k = st.dpr;
    if (!scratch || scratch.width !== W || scratch.height !== H) scratch = ctx.createImageData(W, H);
    const buf = new Uint32Array(scratch.data.buffer);
    buf.fill(st.under ? 0 : 0xffffffff);
    const size = Math.max(1, Math.round(2 * st.radius * k));
    const ax = a.ax * k, bx = a.bx * k - size / 2 + 0.5, ay = a.ay * k, by = a.by * k - size / 2 + 0.5;
    const xMax = W - size, yMax = H - size;
    const order = b.order, group = b.group;
    const full = cols ? cols.packed : null, dim = cols ? cols.faded : null;
    for (let pass = 0; pass < 2; pass++) {
      const want = pass === 0;
      for (let j = 0; j < order.length; j++) {
        const i = order[j];
        const f = (fade !== null && fade[i] === 1) || (sel !== null && sel[i] === 0);
        if (f !== want) continue;
        const px = Math.floor(ax * xs[i] + bx), py = Math.floor(ay * ys[i] + by);
        if (px < 0 || py < 0 || px > xMax || py > yMax) continue;
        const c = full ? (f ? dim![i] : full[i]) : f ? PACKED_FADED[group[i]] : PACKED[group[i]];
        let o = py * W + px;
        if (size === 1) buf[o] = c;
        else for (let dy = 0; dy < size; dy++, o += W) for (let dx = 0; dx < size; dx++) buf[o + dx] = c;
      }
    }
    if (hl) writeHighlightPixels(buf, W, H, hl.byGroup, hl.s, k);
    if (st.takePixels) st.takePixels(handOver(scratch));
    else present(ctx, scratch, st);
    return true;
  }
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, st.width, st.height);
  st.under?.(ctx);
  const r = st.radius, d = 2 * r, w = st.width + r, h = st.height + r;
  const round = r >= 2.5;
  ctx.strokeStyle = 'rgba(255,255,255,0.9)';
  ctx.lineWidth = 0.75;
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < b.order.length; j++) {
      const i = b.order[j];
      const f = faded(i);
      if (f !== (pass === 0)) continue;
      const sx = a.ax * xs[i] + a.bx, sy = a.ay * ys[i] + a.by;
      if (sx < -r || sy < -r || sx > w || sy > h) continue;
      const c = cols ? cols.css[i] : GROUP_COLORS[b.group[i]];
      ctx.fillStyle = f ? fadeHex(c, FADE) : c;
      if (round) {
        ctx.beginPath();
        ctx.arc(sx, sy, r, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
      } else ctx.fillRect(sx - r, sy - r, d, d);
    }
  }
  return false;
}
