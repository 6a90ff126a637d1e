/**
 * Offscreen rendering of the whole map (fitted to the output size, not the
 * current zoom) with cluster labels and a legend, as PNG or SVG. SVG is built
 * with DOM APIs and serialised, so every paper or label text is escaped.
 */
import type { Layout } from '../types.ts';
import { el, svgEl, SVG_NS, textWidth } from './dom.ts';
import { mapExtent } from './geometry.ts';
import { layoutLabels, levelOf, type LabelItem, type LabelPlacement } from './label-layer.ts';
import { wrapLabel } from './label-text.ts';
import { drawPoints } from './point-layer.ts';
import { clusterColor, OUTLIER_COLOR } from './palette.ts';
import type { PointBatches } from './point-batches.ts';
import { mapGeometry, type MapGeometry } from './regions.ts';
import { drawLeaders, drawRegions, REGION_FILL_ALPHA, REGION_STROKE_ALPHA } from './region-layer.ts';
import { combine, fitBase, IDENTITY, pointRadius, type Affine } from './view-math.ts';
import { collectText, runSliced, runSync, Slicer, type SliceOptions, type Task } from '../util/slice.ts';

export interface ExportScene {
  layout: Layout;
  batches: PointBatches;
  /** Fine cluster labels (renames applied), biggest first. */
  items: LabelItem[];
  selected: Uint8Array | null;
  highlight: readonly number[] | null;
  /** Regions, cores and adjacency (computed from the layout when absent). */
  geo?: MapGeometry;
}

/** Up to this many points the SVG holds one <circle> each; above, one embedded raster. */
export const SVG_VECTOR_MAX = 20_000;
const LEGEND_FONT = '12px system-ui, sans-serif';
const LEGEND_LINE = 15;
const LEGEND_TOP = 24;

interface Frame {
  mapW: number;
  legendW: number;
  a: Affine;
  r: number;
  geo: MapGeometry;
}

function frame(scene: ExportScene, width: number, height: number): Frame {
  const legendW = width >= 520 && scene.items.length ? Math.min(300, Math.round(width * 0.28)) : 0;
  const mapW = width - legendW;
  const geo = scene.geo ?? mapGeometry(scene.layout);
  const base = fitBase(mapExtent(scene.layout.x, scene.layout.y, geo.regions.values()), mapW, height, 28);
  return { mapW, legendW, a: combine(base, IDENTITY), r: pointRadius(scene.batches.nDrawn, 1, Math.sqrt(geo.areaPerPoint) * base.s), geo };
}

interface LegendRow {
  item: LabelItem;
  lines: string[];
  y: number;
}

/** Legend rows: each label wrapped to two lines (terms dropped, never cut mid-word unless a single term is too long), size on the last line. */
function legendRows(scene: ExportScene, legendW: number, height: number): { rows: LegendRow[]; more: number } {
  const rows: LegendRow[] = [];
  let y = LEGEND_TOP + LEGEND_LINE + 4;
  const measure = (t: string) => textWidth(t, LEGEND_FONT);
  for (const it of scene.items) {
    const suffix = ` (${it.size})`;
    const wl = wrapLabel(it.text, legendW - 36 - measure(suffix), measure);
    const lines = [...wl.lines];
    lines[lines.length - 1] += suffix;
    const h = lines.length * LEGEND_LINE + 5;
    if (y + h > height - LEGEND_LINE - 4) break;
    rows.push({ item: it, lines, y });
    y += h;
  }
  return { rows, more: scene.items.length - rows.length };
}

function placements(scene: ExportScene, f: Frame, height: number): LabelPlacement[] {
  return layoutLabels(scene.items, f.a, f.mapW, height);
}

/** What an image export computes before it draws: the frame, the label placements and the legend rows. */
interface Prepared {
  f: Frame;
  placed: LabelPlacement[];
  legend: { rows: LegendRow[]; more: number };
}

function prepare(scene: ExportScene, width: number, height: number): Prepared {
  const f = frame(scene, width, height);
  return { f, placed: scene.items.length ? placements(scene, f, height) : [], legend: f.legendW ? legendRows(scene, f.legendW, height) : { rows: [], more: 0 } };
}

/**
 * `prepare` in three tasks (frame, label placement, legend), the event loop getting a turn
 * between them: with 20,000 clusters each is a good part of the export's time (issue 16).
 */
async function prepareSliced(scene: ExportScene, width: number, height: number, s: Slicer): Promise<Prepared> {
  const f = frame(scene, width, height);
  await s.pause();
  const placed = scene.items.length ? placements(scene, f, height) : [];
  await s.pause();
  const legend = f.legendW ? legendRows(scene, f.legendW, height) : { rows: [], more: 0 };
  await s.pause();
  return { f, placed, legend };
}

export function renderCanvas(scene: ExportScene, width: number, height: number, dpr = 1, prepared?: Prepared): HTMLCanvasElement {
  return runSync(renderCanvasTask(scene, width, height, dpr, prepared));
}

/** Rows of the PNG's pixel buffer put on the canvas per step (1600 x 128 px: a few ms). */
export const PNG_BAND = 128;

/**
 * The export canvas as a task: the points' pixel buffer (many points) is put on the canvas
 * PNG_BAND rows at a time with a checkpoint after each band: 100,000 points' 1600 x 1000
 * buffer was one 210 ms `putImageData` inside the one task that drew the PNG (issue 16).
 */
export function* renderCanvasTask(scene: ExportScene, width: number, height: number, dpr = 1, prepared?: Prepared): Task<HTMLCanvasElement> {
  const canvas = el('canvas');
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('Canvas 2D is not available');
  const { f, placed, legend } = prepared ?? prepare(scene, width, height);
  const color = (id: number) => clusterColor(id, scene.batches.slots);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, 0, f.mapW, height);
  ctx.clip();
  const under = f.geo.regions.size ? (c: CanvasRenderingContext2D) => drawRegions(c, f.geo, color, f.a, !!scene.selected) : undefined;
  let img: ImageData | null = null;
  drawPoints(ctx, scene.batches, scene.layout.x, scene.layout.y, f.a, {
    width: f.mapW, height, dpr, radius: f.r, selected: scene.selected, highlight: scene.highlight, under,
    takePixels: (p) => (img = p),
  });
  yield;
  if (img) yield* putInBands(ctx, img, under);
  drawLeaders(ctx, placed.flatMap((p) => (p.leader ? [p.leader] : [])));
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  for (const p of placed) {
    const it = p.item, coarse = levelOf(it) > 0;
    const w = p.box.x1 - p.box.x0, h = p.box.y1 - p.box.y0;
    ctx.fillStyle = coarse ? 'rgba(255,255,255,0.55)' : 'rgba(255,255,255,0.85)';
    ctx.beginPath();
    ctx.roundRect(p.box.x0, p.box.y0, w, h, 8);
    ctx.fill();
    if (!coarse) {
      ctx.fillStyle = it.color;
      ctx.fillRect(p.box.x0 + 6, p.box.y1 - 2, w - 12, 2);
    }
    ctx.fillStyle = coarse ? '#3a3a3a' : '#1b1b1b';
    ctx.font = p.font;
    p.lines.forEach((line, k) => ctx.fillText(line, (p.box.x0 + p.box.x1) / 2, p.box.y0 + 2 + p.lineH * (k + 0.5)));
  }
  ctx.restore();
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  if (f.legendW) {
    const x0 = f.mapW + 12;
    ctx.fillStyle = '#f7f7f7';
    ctx.fillRect(f.mapW, 0, f.legendW, height);
    ctx.fillStyle = '#1b1b1b';
    ctx.font = '600 13px system-ui, sans-serif';
    ctx.fillText('Clusters', x0, LEGEND_TOP);
    ctx.font = LEGEND_FONT;
    const { rows, more } = legend;
    for (const r of rows) {
      ctx.fillStyle = r.item.color;
      ctx.fillRect(x0, r.y - 5, 10, 10);
      ctx.fillStyle = '#1b1b1b';
      r.lines.forEach((line, k) => ctx.fillText(line, x0 + 16, r.y + k * LEGEND_LINE));
    }
    const yMore = rows.length ? rows[rows.length - 1].y + rows[rows.length - 1].lines.length * LEGEND_LINE + 5 : LEGEND_TOP + LEGEND_LINE + 4;
    if (more > 0) ctx.fillText(`+${more} more`, x0 + 16, yMore);
  }
  return canvas;
}

/**
 * What `present` in point-layer.ts does with the points' pixel buffer, a band of rows at a time:
 * straight onto the canvas, or (with regions under the points) onto a layer drawn over them.
 */
function* putInBands(ctx: CanvasRenderingContext2D, img: ImageData, under?: (c: CanvasRenderingContext2D) => void): Task<void> {
  const W = img.width, H = img.height;
  const layer = under ? (typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(W, H) : Object.assign(el('canvas'), { width: W, height: H })) : null;
  const target = layer ? (layer.getContext('2d') as CanvasRenderingContext2D | null) : ctx;
  if (!target) return;
  for (let y0 = 0; y0 < H; y0 += PNG_BAND) {
    target.putImageData(img, 0, 0, 0, y0, W, Math.min(PNG_BAND, H - y0));
    yield;
  }
  if (!layer || !under) return;
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, W, H);
  ctx.restore();
  under(ctx);
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(layer, 0, 0);
  ctx.restore();
}

/** The PNG export: prepared in separate tasks (prepareSliced), drawn in one, encoded in a worker (encodePNG). */
export async function renderPNG(scene: ExportScene, width: number, height: number, opts: SliceOptions = {}): Promise<Blob> {
  const s = new Slicer(opts);
  const prepared = await prepareSliced(scene, width, height, s);
  return encodePNG(await runSliced(renderCanvasTask(scene, width, height, 1, prepared), s));
}

/**
 * A canvas as a PNG Blob, encoded in a worker (workers/png.worker.ts) when the browser has
 * OffscreenCanvas; else by `canvas.toBlob`, which may encode on the page (issue 16).
 */
export async function encodePNG(canvas: HTMLCanvasElement): Promise<Blob> {
  if (typeof OffscreenCanvas === 'function' && typeof createImageBitmap === 'function' && typeof Worker === 'function') {
    try {
      const bitmap = await createImageBitmap(canvas);
      const worker = new Worker(new URL('../../workers/png.worker.ts', import.meta.url), { type: 'module', name: 'paperscope-png' });
      try {
        return await new Promise<Blob>((resolve, reject) => {
          worker.onmessage = (ev: MessageEvent) => {
            const d = ev.data as { blob?: unknown; error?: unknown };
            if (d?.blob instanceof Blob) resolve(d.blob);
            else reject(new Error(typeof d?.error === 'string' ? d.error : 'PNG encoding failed'));
          };
          worker.onerror = (ev) => {
            ev.preventDefault();
            reject(new Error(ev.message || 'PNG encoder failed'));
          };
          worker.postMessage({ bitmap }, [bitmap]);
        });
      } finally {
        worker.terminate();
      }
    } catch {
      // Fall through to the page's own encoder.
    }
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
}

/** A Blob as a data: URL, read asynchronously. */
function dataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error ?? new Error('Could not read the image'));
    r.readAsDataURL(blob);
  });
}

/** Stands for the embedded raster's data URL until it is encoded (renderSVGAsync). */
const RASTER_TOKEN = 'data:,paperscope-raster';

/** SVG path data of a region's rings through the affine. */
function ringsPath(rings: readonly Float64Array[], a: Affine): string {
  let d = '';
  for (const ring of rings) {
    for (let i = 0; i < ring.length; i += 2) d += `${i ? 'L' : 'M'}${(a.ax * ring[i] + a.bx).toFixed(1)},${(a.ay * ring[i + 1] + a.by).toFixed(1)}`;
    d += 'Z';
  }
  return d;
}

/** Stands for the points' circles in the serialised SVG until their text is made (pointParts). */
const POINTS_TOKEN = '<!--paperscope-points-->';

/**
 * The SVG export. Structure (read by tests and tools): `g.regions > path[data-cluster]`,
 * `g.points > g[data-cluster] > circle`, `g.leaders > line[data-cluster]`,
 * `g.labels > g.label[data-cluster][data-level] > rect + text > tspan` (one per line), then the legend.
 */
export function renderSVG(scene: ExportScene, width: number, height: number): string {
  const prepared = prepare(scene, width, height);
  const svg = buildSVG(scene, width, height, (raster) => raster.toDataURL('image/png'), prepared);
  return withPoints(svg, [...pointParts(scene, prepared.f)].join(''));
}

/**
 * `renderSVG` for the page, in time slices: the frame, the labels and the legend in separate
 * tasks, the points' circles as text made a slice at a time (20,000 circles built as DOM
 * elements and serialised took 0.9 s in one task, issue 16), and above SVG_VECTOR_MAX points
 * the embedded raster encoded off the page (`encodePNG`) instead of by the synchronous
 * `toDataURL` (0.8 s for 100,000 points). Gives the same text as `renderSVG`.
 */
export async function renderSVGAsync(scene: ExportScene, width: number, height: number, opts: SliceOptions = {}): Promise<string> {
  const slicer = new Slicer(opts);
  const prepared = await prepareSliced(scene, width, height, slicer);
  let canvas: HTMLCanvasElement | null = null;
  const svg = buildSVG(scene, width, height, (raster) => {
    canvas = raster;
    return RASTER_TOKEN;
  }, prepared);
  if (!canvas) return withPoints(svg, await collectText(pointParts(scene, prepared.f), slicer));
  const url = await dataUrl(await encodePNG(canvas));
  const at = svg.indexOf(`"${RASTER_TOKEN}"`);
  return at < 0 ? svg : svg.slice(0, at + 1) + url + svg.slice(at + 1 + RASTER_TOKEN.length);
}

function withPoints(svg: string, circles: string): string {
  const at = svg.indexOf(POINTS_TOKEN);
  return at < 0 ? svg : svg.slice(0, at) + circles + svg.slice(at + POINTS_TOKEN.length);
}

/**
 * The vector points as SVG text, one group per cluster (outliers first, underneath), one
 * `<circle>` per point: numbers and palette colours only, so nothing needs escaping. Yields
 * per point, so a sliced collector can pause anywhere; nothing when the map is drawn as a raster.
 */
function* pointParts(scene: ExportScene, f: Frame): Generator<string, void, void> {
  const { layout, batches } = scene;
  if (batches.nDrawn > SVG_VECTOR_MAX) return;
  const byCluster = new Map<number, number[]>();
  for (let j = 0; j < batches.order.length; j++) {
    const i = batches.order[j], c = layout.cluster[i] < 0 ? -1 : layout.cluster[i];
    let m = byCluster.get(c);
    if (!m) byCluster.set(c, (m = []));
    m.push(i);
  }
  yield '';
  const r = f.r.toFixed(1);
  for (const c of [...byCluster.keys()].sort((a, b) => a - b)) {
    yield `<g data-cluster="${c}" fill="${c < 0 ? OUTLIER_COLOR : clusterColor(c, batches.slots)}">`;
    for (const i of byCluster.get(c)!) {
      const faded = scene.selected && !scene.selected[i];
      yield `<circle cx="${(f.a.ax * layout.x[i] + f.a.bx).toFixed(1)}" cy="${(f.a.ay * layout.y[i] + f.a.by).toFixed(1)}" r="${r}"${faded ? ' fill-opacity="0.3"' : ''}/>`;
    }
    yield '</g>';
  }
}

function buildSVG(scene: ExportScene, width: number, height: number, rasterHref: (raster: HTMLCanvasElement) => string, prepared: Prepared): string {
  const { f, placed } = prepared;
  const color = (id: number) => clusterColor(id, scene.batches.slots);
  const svg = svgEl('svg', { xmlns: SVG_NS, width, height, viewBox: `0 0 ${width} ${height}`, 'font-family': 'system-ui, sans-serif' });
  svg.append(svgEl('rect', { width, height, fill: '#fff' }));
  const { batches } = scene;
  if (batches.nDrawn <= SVG_VECTOR_MAX) {
    const rg = svgEl('g', { class: 'regions', 'fill-rule': 'evenodd' });
    for (const r of f.geo.regions.values()) {
      rg.append(svgEl('path', { 'data-cluster': r.id, d: ringsPath(r.rings, f.a), fill: color(r.id), 'fill-opacity': REGION_FILL_ALPHA, stroke: color(r.id), 'stroke-opacity': REGION_STROKE_ALPHA, 'stroke-width': 1 }));
    }
    svg.append(rg);
    // One <circle> per point, one group per cluster (pointParts): a placeholder until then.
    const g = svgEl('g', { class: 'points', stroke: '#fff', 'stroke-width': 0.5 });
    g.append(document.createComment(POINTS_TOKEN.slice(4, -3)));
    svg.append(g);
  } else {
    const raster = renderCanvas({ ...scene, items: [] }, f.mapW, height, 1);
    svg.append(svgEl('image', { x: 0, y: 0, width: f.mapW, height, href: rasterHref(raster) }));
  }
  const leaders = svgEl('g', { class: 'leaders', stroke: '#282828', 'stroke-opacity': 0.75, 'stroke-width': 1 });
  for (const p of placed) {
    if (!p.leader) continue;
    const l = p.leader;
    leaders.append(svgEl('line', { 'data-cluster': p.item.id, x1: l.x0.toFixed(1), y1: l.y0.toFixed(1), x2: l.x1.toFixed(1), y2: l.y1.toFixed(1) }));
    leaders.append(svgEl('circle', { cx: l.x0.toFixed(1), cy: l.y0.toFixed(1), r: 2, fill: '#282828', stroke: 'none' }));
  }
  svg.append(leaders);
  const labels = svgEl('g', { class: 'labels' });
  for (const p of placed) {
    const it = p.item, coarse = levelOf(it) > 0;
    const w = p.box.x1 - p.box.x0, h = p.box.y1 - p.box.y0;
    const lg = svgEl('g', { class: 'label', 'data-cluster': it.id, 'data-level': levelOf(it) });
    lg.append(svgEl('rect', { x: p.box.x0.toFixed(1), y: p.box.y0.toFixed(1), width: w, height: h, rx: 8, fill: '#fff', 'fill-opacity': coarse ? 0.55 : 0.85 }));
    if (!coarse) lg.append(svgEl('rect', { x: (p.box.x0 + 6).toFixed(1), y: (p.box.y1 - 2).toFixed(1), width: w - 12, height: 2, fill: it.color }));
    const t = svgEl('text', {
      'font-size': p.fontPx, 'font-weight': coarse ? 700 : 600, fill: coarse ? '#3a3a3a' : '#1b1b1b',
      'text-anchor': 'middle', 'dominant-baseline': 'middle',
    });
    p.lines.forEach((line, k) => {
      const ts = svgEl('tspan', { x: ((p.box.x0 + p.box.x1) / 2).toFixed(1), y: (p.box.y0 + 2 + p.lineH * (k + 0.5)).toFixed(1) });
      ts.textContent = line;
      t.append(ts);
    });
    lg.append(t);
    labels.append(lg);
  }
  svg.append(labels);
  if (f.legendW) {
    const x0 = f.mapW + 12;
    const lg = svgEl('g', { class: 'legend', 'font-size': 12 });
    lg.append(svgEl('rect', { x: f.mapW, y: 0, width: f.legendW, height, fill: '#f7f7f7' }));
    const title = textNode('Clusters', x0, LEGEND_TOP, '#1b1b1b');
    title.setAttribute('font-weight', '600');
    lg.append(title);
    const { rows, more } = prepared.legend;
    for (const r of rows) {
      const row = svgEl('g', { class: 'legend-row', 'data-cluster': r.item.id });
      row.append(svgEl('rect', { x: x0, y: r.y - 5, width: 10, height: 10, fill: r.item.color }));
      r.lines.forEach((line, k) => row.append(textNode(line, x0 + 16, r.y + k * LEGEND_LINE, '#1b1b1b')));
      lg.append(row);
    }
    const yMore = rows.length ? rows[rows.length - 1].y + rows[rows.length - 1].lines.length * LEGEND_LINE + 5 : LEGEND_TOP + LEGEND_LINE + 4;
    if (more > 0) lg.append(textNode(`+${more} more`, x0 + 16, yMore, '#1b1b1b'));
    svg.append(lg);
  }
  return new XMLSerializer().serializeToString(svg);
}

function textNode(text: string, x: number, y: number, fill: string): SVGTextElement {
  const t = svgEl('text', { x: x.toFixed(1), y: y.toFixed(1), fill, 'dominant-baseline': 'middle' });
  t.textContent = text;
  return t;
}
