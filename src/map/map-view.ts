/**
 * The map view: canvas points under d3-zoom, DOM cluster labels, tooltip,
 * lasso and toolbar. It takes values (setData, setSelection, ...) and reports
 * through on* callbacks; it never reads app state.
 */
import { quadtree, select, zoom as d3zoom, zoomIdentity, type ZoomTransform } from 'd3';
import type { Layout, Paper } from '../types.ts';
import { el } from './dom.ts';
import { renderPNG, renderSVG, type ExportScene } from './export-image.ts';
import { clusterExtents } from './cluster-extent.ts';
import { dataExtent } from './geometry.ts';
import { buildGridIndex } from './grid-index.ts';
import { createLabelLayer, type LabelItem } from './label-layer.ts';
import { lassoHitTest } from './lasso-hit.ts';
import { attachInput } from './map-input.ts';
import { clusterColor } from './palette.ts';
import { buildBatches, NOT_DRAWN, type PointBatches } from './point-batches.ts';
import { drawPoints } from './point-layer.ts';
import { createToolbar } from './toolbar.ts';
import { createTooltip } from './tooltip.ts';
import { combine, fitBase, polygonToData, pointRadius, toData, type Affine, type BaseFit } from './view-math.ts';
import type { MapView, MapViewOptions } from './index.ts';

/** Below this zoom factor, coarse labels (when the layout has them) replace fine ones. */
const COARSE_MAX_K = 2;
/** Hover/click pick radius in CSS px (grown for big dots). */
const PICK_PX = 6;
/** Above this many points, hover/click use the grid index instead of d3-quadtree. */
const QUADTREE_MAX = 200_000;

interface PointIndex {
  find(x: number, y: number, radius: number): number | undefined;
}

export function createMapView(container: HTMLElement, opts: MapViewOptions = {}): MapView {
  const root = el('div', { position: 'relative', width: '100%', height: '100%', overflow: 'hidden', background: '#fff' });
  root.className = 'paperscope-map';
  const canvas = el('canvas', { position: 'absolute', left: '0', top: '0', display: 'block', cursor: 'grab', outline: 'none' });
  canvas.dataset.testid = 'map-canvas';
  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', 'Map of papers. Drag to pan, wheel or +/- to zoom, arrow keys to pan, L for lasso, Escape to clear the selection.');
  root.append(canvas);
  container.append(root);
  const ctx = canvas.getContext('2d', { alpha: false });

  let papers: Paper[] = [];
  let layout: Layout | null = null;
  let batches: PointBatches | null = null;
  let index: PointIndex | null = null;
  let base: BaseFit = { s: 1, ox: 0, oy: 0 };
  let t: ZoomTransform = zoomIdentity;
  let width = 0, height = 0, dpr = 1;
  let selected: Uint8Array | null = null;
  let highlight: number[] | null = null;
  let renames = new Map<number, string>();
  let fineItems: LabelItem[] = [];
  let coarseItems: LabelItem[] = [];
  let frame = 0;
  let hoverIndex: number | null = null;

  const affine = (): Affine => combine(base, t);
  const tooltip = createTooltip(root);
  const labels = createLabelLayer(root, (item, ev) => {
    const mode = ev.shiftKey ? 'add' : 'replace';
    if (!item.coarse) return opts.onSelectCluster?.(item.id, mode);
    opts.onSelect?.(coarseMembers(item.id), mode);
  });

  const zoom = d3zoom<HTMLCanvasElement, unknown>()
    .scaleExtent([0.5, 500])
    // d3's default filter (no ctrl except wheel, left button only) plus: presses that start a lasso are ours.
    .filter((ev: MouseEvent & WheelEvent) => (!ev.ctrlKey || ev.type === 'wheel') && !ev.button &&
      (ev.type === 'wheel' || ev.type === 'dblclick' || !input.isLassoPress(ev)))
    .on('zoom', (ev: { transform: ZoomTransform }) => {
      t = ev.transform;
      schedule();
    });

  const input = attachInput(root, canvas, {
    pick,
    hover(i, x, y) {
      if (i !== hoverIndex) {
        hoverIndex = i;
        opts.onHover?.(i);
      }
      if (i === null || !layout) return tooltip.hide();
      const c = layout.cluster[i];
      tooltip.show(x, y, { title: papers[i]?.title ?? '', year: papers[i]?.year, cluster: clusterName(c), color: clusterColor(c, batches?.slots ?? new Map()) }, { width, height });
    },
    click(i, additive) {
      if (i !== null) opts.onSelect?.([i], additive ? 'add' : 'replace');
      else if (!additive) opts.onSelect?.([], 'replace');
    },
    lasso(poly, additive) {
      if (!layout) return;
      const hits = lassoHitTest(layout.x, layout.y, polygonToData(affine(), poly));
      opts.onSelect?.(hits, additive ? 'add' : 'replace');
    },
    escape: () => opts.onSelect?.([], 'replace'),
    zoomBy: (f) => select(canvas).call(zoom.scaleBy, f),
    panBy: (dx, dy) => select(canvas).call(zoom.translateBy, dx / t.k, dy / t.k),
    fit: fitView,
    toggleLasso() {
      lassoOn = !lassoOn;
      toolbar.setLasso(lassoOn);
      input.setLassoMode(lassoOn);
    },
  });
  let lassoOn = false;
  const toolbar = createToolbar(root, {
    onLassoToggle(on) {
      lassoOn = on;
      input.setLassoMode(on);
      canvas.focus();
    },
    onFit: fitView,
    onZoom: (f) => select(canvas).transition().duration(200).call(zoom.scaleBy, f),
  });
  select(canvas).call(zoom).on('dblclick.zoom', null);

  function clusterName(c: number): string {
    if (c < 0) return 'Outlier';
    return renames.get(c) ?? layout?.clusters.find((k) => k.id === c)?.label ?? `Cluster ${c}`;
  }

  function coarseMembers(coarseId: number): number[] {
    if (!layout) return [];
    const fine = new Set(layout.clusters.filter((c) => c.parent === coarseId).map((c) => c.id));
    if (fine.size === 0) return layout.coarse?.find((c) => c.id === coarseId)?.members.slice() ?? [];
    const out: number[] = [];
    for (let i = 0; i < layout.cluster.length; i++) if (fine.has(layout.cluster[i])) out.push(i);
    return out;
  }

  function pick(x: number, y: number): number | null {
    if (!layout || !batches || batches.nDrawn === 0) return null;
    const index = ensureIndex();
    const a = affine();
    const [dx, dy] = toData(a, x, y);
    const radius = Math.max(PICK_PX, pointRadius(batches.nDrawn, t.k) + 2) / a.ax;
    return index?.find(dx, dy, radius) ?? null;
  }

  /** d3-quadtree up to QUADTREE_MAX points; a flat grid above (quadtree build of 1M took ~1-2.6 s). */
  function ensureIndex(): PointIndex | null {
    if (index || !layout || !batches) return index;
    const L = layout;
    if (batches.nDrawn > QUADTREE_MAX) return (index = buildGridIndex(L.x, L.y));
    const idx: number[] = [];
    for (let i = 0; i < batches.group.length; i++) if (batches.group[i] !== NOT_DRAWN) idx.push(i);
    return (index = quadtree<number>().x((i) => L.x[i]).y((i) => L.y[i]).addAll(idx));
  }

  function buildItems() {
    if (!layout || !batches) return;
    const slots = batches.slots;
    const ext = clusterExtents(layout.x, layout.y, layout.cluster);
    fineItems = [...layout.clusters]
      .filter((c) => Number.isFinite(c.cx) && Number.isFinite(c.cy))
      .sort((a, b) => b.size - a.size)
      .map((c) => ({ id: c.id, text: renames.get(c.id) ?? c.label, cx: c.cx, cy: c.cy, size: c.size, color: clusterColor(c.id, slots), coarse: false, extent: ext.get(c.id) }));
    const coarse = layout.coarse ?? [];
    coarseItems = coarse.length && coarse.length < layout.clusters.length
      ? coarse.filter((c) => Number.isFinite(c.cx) && Number.isFinite(c.cy))
        .map((c) => ({ id: c.id, text: c.label, cx: c.cx, cy: c.cy, size: c.size, color: '#555', coarse: true }))
      : [];
  }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(draw);
  }

  function draw() {
    frame = 0;
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const a = affine();
    if (!layout || !batches) {
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, width, height);
      container.dataset.points = '0';
      container.dataset.labels = String(labels.update([], a, width, height));
      return;
    }
    drawPoints(ctx, batches, layout.x, layout.y, a, { width, height, dpr, radius: pointRadius(batches.nDrawn, t.k), selected, highlight });
    const items = coarseItems.length && t.k < COARSE_MAX_K ? coarseItems : fineItems;
    container.dataset.points = String(batches.nDrawn);
    container.dataset.labels = String(labels.update(items, a, width, height));
  }

  function resize() {
    const w = root.clientWidth, h = root.clientHeight;
    dpr = window.devicePixelRatio || 1;
    if (w === width && h === height && canvas.width === Math.round(w * dpr)) return;
    width = w;
    height = h;
    canvas.width = Math.max(1, Math.round(w * dpr));
    canvas.height = Math.max(1, Math.round(h * dpr));
    canvas.style.width = `${w}px`;
    canvas.style.height = `${h}px`;
    refit();
    schedule();
  }

  function refit() {
    base = fitBase(layout ? dataExtent(layout.x, layout.y) : null, width, height, 32);
  }

  function fitView() {
    select(canvas).call(zoom.transform, zoomIdentity);
  }

  const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => resize());
  observer?.observe(root);
  resize();

  function scene(): ExportScene {
    if (!layout || !batches) throw new Error('The map has no data to export');
    return { layout, batches, items: fineItems, selected, highlight };
  }

  return {
    setData(p, l) {
      papers = p;
      layout = l;
      batches = buildBatches(l);
      index = null;
      selected = null;
      highlight = null;
      hoverIndex = null;
      tooltip.hide();
      input.cancel();
      labels.clear();
      buildItems();
      refit();
      t = zoomIdentity;
      fitView();
      schedule();
      // Build the hover index after the first frame, so the first hover does not stall.
      const gen = l;
      setTimeout(() => {
        if (layout === gen) ensureIndex();
      }, 50);
    },
    setSelection(s) {
      selected = s;
      schedule();
    },
    setHighlight(ix) {
      highlight = ix && ix.length ? ix : null;
      schedule();
    },
    setClusterLabels(m) {
      renames = new Map(m);
      buildItems();
      schedule();
    },
    resize,
    fitView,
    toPNG: (o = {}) => renderPNG(scene(), o.width ?? 1600, o.height ?? 1000),
    toSVG: (o = {}) => renderSVG(scene(), o.width ?? 1600, o.height ?? 1000),
    destroy() {
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      observer?.disconnect();
      input.destroy();
      select(canvas).on('.zoom', null);
      root.remove();
      delete container.dataset.points;
      delete container.dataset.labels;
    },
  };
}
