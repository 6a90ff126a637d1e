/**
 * Offscreen rendering of the whole map (fitted to the output size, not the
 * current zoom) with cluster labels and a legend, as PNG or SVG. SVG is built
 * with DOM APIs and serialised, so every paper or label text is escaped.
 */
import type { Layout } from '../types.ts';
import { el, LABEL_FONT, svgEl, SVG_NS, textWidth } from './dom.ts';
import { dataExtent } from './geometry.ts';
import { layoutLabels, type LabelItem } from './label-layer.ts';
import { drawPoints } from './point-layer.ts';
import { OUTLIER_COLOR, PALETTE } from './palette.ts';
import type { PointBatches } from './point-batches.ts';
import { combine, fitBase, IDENTITY, pointRadius, type Affine } from './view-math.ts';

export interface ExportScene {
  layout: Layout;
  batches: PointBatches;
  /** Fine cluster labels (renames applied), biggest first. */
  items: LabelItem[];
  selected: Uint8Array | null;
  highlight: readonly number[] | null;
}

/** Up to this many points the SVG holds one <circle> each; above, one embedded raster. */
export const SVG_VECTOR_MAX = 20_000;
const LEGEND_FONT = '12px system-ui, sans-serif';
const ROW = 18;

interface Frame {
  mapW: number;
  legendW: number;
  a: Affine;
  r: number;
}

function frame(scene: ExportScene, width: number, height: number): Frame {
  const legendW = width >= 520 && scene.items.length ? Math.min(280, Math.round(width * 0.28)) : 0;
  const mapW = width - legendW;
  const base = fitBase(dataExtent(scene.layout.x, scene.layout.y), mapW, height, 28);
  return { mapW, legendW, a: combine(base, IDENTITY), r: pointRadius(scene.batches.nDrawn, 1) };
}

/** Cuts text to fit maxW px, adding an ellipsis. */
function fit(text: string, font: string, maxW: number): string {
  if (textWidth(text, font) <= maxW) return text;
  let s = text;
  // Cut whole code points: slicing one UTF-16 unit could leave a lone surrogate (half an emoji).
  while (s.length > 1 && textWidth(s + '…', font) > maxW) s = s.slice(0, /[\uDC00-\uDFFF]$/.test(s) && s.length > 2 ? -2 : -1);
  return s + '…';
}

function legendRows(scene: ExportScene, height: number): { items: LabelItem[]; more: number } {
  const fitRows = Math.max(0, Math.floor((height - 40) / ROW) - 1);
  const items = scene.items.length > fitRows ? scene.items.slice(0, fitRows) : scene.items;
  return { items, more: scene.items.length - items.length };
}

export function renderCanvas(scene: ExportScene, width: number, height: number, dpr = 1): HTMLCanvasElement {
  const canvas = el('canvas');
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('Canvas 2D is not available');
  const f = frame(scene, width, height);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, 0, f.mapW, height);
  ctx.clip();
  drawPoints(ctx, scene.batches, scene.layout.x, scene.layout.y, f.a,
    { width: f.mapW, height, dpr, radius: f.r, selected: scene.selected, highlight: scene.highlight });
  ctx.font = LABEL_FONT;
  ctx.textBaseline = 'middle';
  for (const { item: it, box } of layoutLabels(scene.items, f.a, f.mapW, height)) {
    const p = { box };
    const w = p.box.x1 - p.box.x0, h = p.box.y1 - p.box.y0;
    ctx.fillStyle = 'rgba(255,255,255,0.85)';
    ctx.beginPath();
    ctx.roundRect(p.box.x0, p.box.y0, w, h, h / 2);
    ctx.fill();
    ctx.fillStyle = it.color;
    ctx.fillRect(p.box.x0 + 6, p.box.y1 - 2, w - 12, 2);
    ctx.fillStyle = '#1b1b1b';
    ctx.fillText(fit(it.text, LABEL_FONT, w - 12), p.box.x0 + 6, p.box.y0 + h / 2);
  }
  ctx.restore();
  ctx.textBaseline = 'middle';
  if (f.legendW) {
    const x0 = f.mapW + 12;
    ctx.fillStyle = '#f7f7f7';
    ctx.fillRect(f.mapW, 0, f.legendW, height);
    ctx.fillStyle = '#1b1b1b';
    ctx.font = '600 13px system-ui, sans-serif';
    ctx.fillText('Clusters', x0, 24);
    ctx.font = LEGEND_FONT;
    const { items, more } = legendRows(scene, height);
    items.forEach((it, i) => {
      const y = 24 + ROW * (i + 1);
      ctx.fillStyle = it.color;
      ctx.fillRect(x0, y - 5, 10, 10);
      ctx.fillStyle = '#1b1b1b';
      ctx.fillText(fit(`${it.text} (${it.size})`, LEGEND_FONT, f.legendW - 36), x0 + 16, y);
    });
    if (more > 0) ctx.fillText(`+${more} more`, x0 + 16, 24 + ROW * (items.length + 1));
  }
  return canvas;
}

export function renderPNG(scene: ExportScene, width: number, height: number): Promise<Blob> {
  const canvas = renderCanvas(scene, width, height, 1);
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
}

export function renderSVG(scene: ExportScene, width: number, height: number): string {
  const f = frame(scene, width, height);
  const svg = svgEl('svg', { xmlns: SVG_NS, width, height, viewBox: `0 0 ${width} ${height}`, 'font-family': 'system-ui, sans-serif' });
  svg.append(svgEl('rect', { width, height, fill: '#fff' }));
  const { layout, batches } = scene;
  if (batches.nDrawn <= SVG_VECTOR_MAX) {
    // One <circle> per point, grouped by colour like the canvas batches; outliers first (underneath).
    const g = svgEl('g', { stroke: '#fff', 'stroke-width': 0.5 });
    const colors = groupColors();
    for (let gi = 0; gi + 1 < batches.start.length; gi++) {
      if (batches.start[gi] === batches.start[gi + 1]) continue;
      const sub = svgEl('g', { fill: colors[gi] });
      for (let j = batches.start[gi]; j < batches.start[gi + 1]; j++) {
        const i = batches.order[j];
        const faded = scene.selected && !scene.selected[i];
        const c = svgEl('circle', {
          cx: (f.a.ax * layout.x[i] + f.a.bx).toFixed(1), cy: (f.a.ay * layout.y[i] + f.a.by).toFixed(1), r: f.r.toFixed(1),
        });
        if (faded) c.setAttribute('fill-opacity', '0.3');
        sub.append(c);
      }
      g.append(sub);
    }
    svg.append(g);
  } else {
    const raster = renderCanvas({ ...scene, items: [] }, f.mapW, height, 1);
    svg.append(svgEl('image', { x: 0, y: 0, width: f.mapW, height, href: raster.toDataURL('image/png') }));
  }
  const labels = svgEl('g', { 'font-size': 12, 'font-weight': 600 });
  for (const { item: it, box } of layoutLabels(scene.items, f.a, f.mapW, height)) {
    const p = { box };
    const w = p.box.x1 - p.box.x0, h = p.box.y1 - p.box.y0;
    labels.append(svgEl('rect', { x: p.box.x0.toFixed(1), y: p.box.y0.toFixed(1), width: w, height: h, rx: h / 2, fill: '#fff', 'fill-opacity': 0.85 }));
    labels.append(svgEl('rect', { x: (p.box.x0 + 6).toFixed(1), y: (p.box.y1 - 2).toFixed(1), width: w - 12, height: 2, fill: it.color }));
    labels.append(textNode(fit(it.text, LABEL_FONT, w - 12), p.box.x0 + 6, p.box.y0 + h / 2, '#1b1b1b'));
  }
  svg.append(labels);
  if (f.legendW) {
    const x0 = f.mapW + 12;
    const lg = svgEl('g', { 'font-size': 12 });
    lg.append(svgEl('rect', { x: f.mapW, y: 0, width: f.legendW, height, fill: '#f7f7f7' }));
    const title = textNode('Clusters', x0, 24, '#1b1b1b');
    title.setAttribute('font-weight', '600');
    lg.append(title);
    const { items, more } = legendRows(scene, height);
    items.forEach((it, i) => {
      const y = 24 + ROW * (i + 1);
      lg.append(svgEl('rect', { x: x0, y: y - 5, width: 10, height: 10, fill: it.color }));
      lg.append(textNode(fit(`${it.text} (${it.size})`, LEGEND_FONT, f.legendW - 36), x0 + 16, y, '#1b1b1b'));
    });
    if (more > 0) lg.append(textNode(`+${more} more`, x0 + 16, 24 + ROW * (items.length + 1), '#1b1b1b'));
    svg.append(lg);
  }
  return new XMLSerializer().serializeToString(svg);
}

function textNode(text: string, x: number, y: number, fill: string): SVGTextElement {
  const t = svgEl('text', { x: x.toFixed(1), y: y.toFixed(1), fill, 'dominant-baseline': 'middle' });
  t.textContent = text;
  return t;
}

function groupColors(): string[] {
  return [OUTLIER_COLOR, ...PALETTE];
}
