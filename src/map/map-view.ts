/**
 * The map view: canvas points under d3-zoom, DOM cluster labels, tooltip,
 * lasso and toolbar. It takes values (setData, setSelection, ...) and reports
 * through on* callbacks; it never reads app state.
 */
import { select, zoom as d3zoom, zoomIdentity, type ZoomTransform } from 'd3';
import type { Layout, Paper } from '../types.ts';
import { el } from './dom.ts';
import { renderPNG, renderSVGAsync, type ExportScene } from './export-image.ts';
import { clusterExtents } from './cluster-extent.ts';
import { mapExtent, type Bounds } from './geometry.ts';
import { clusterName, coarseLabelItems, coarseMembers, fineFillItems, fineLabelItems, subtopicLabelItems } from './label-items.ts';
import { createLabelLayer, sameLabelItems, warmLabelBoxes, type LabelItem } from './label-layer.ts';
import { runSliced } from '../util/slice.ts';
import { lassoHitTest } from './lasso-hit.ts';
import { attachInput } from './map-input.ts';
import { clusterColor, provisionalSlots } from './palette.ts';
import { buildBatches, type PointBatches } from './point-batches.ts';
import { buildPointIndex, buildPointIndexTask, type PointIndex } from './point-index.ts';
import { drawPoints } from './point-layer.ts';
import { knownGeometry, mapGeometry, type MapGeometry } from './regions.ts';
import { geometryFor, geometryReady } from './geometry-client.ts';
import { drawLeaders, drawRegions } from './region-layer.ts';
import { createToolbar } from './toolbar.ts';
import { createTooltip } from './tooltip.ts';
import { combine, fitBase, polygonToData, pointRadius, toData, toScreen, type Affine, type BaseFit } from './view-math.ts';
import type { MapView, MapViewOptions } from './index.ts';

/** Below this zoom factor, coarse labels (when the layout has them) lead and fine ones fill the gaps. */
const COARSE_MAX_K = 2;
/** From this zoom factor on, subtopic labels (when the layout has them) replace their topic's. */
const SUBTOPIC_MIN_K = 4;
/** Hover/click pick radius in CSS px (grown for big dots). */
const PICK_PX = 6;
/**
 * While the view moves (a pan or zoom gesture), labels follow their anchors and are placed again
 * once the view has been still this long: placing and re-styling them on every frame was the
 * biggest share of a pan frame at 50,000 points (label placement, then style, layout and paint).
 */
const LABEL_SETTLE_MS = 120;
/**
 * From this many drawn points on, a frame whose label items are new (a new map, a refined map
 * landing) shows the points and regions first and places the labels in a task of its own: at
 * 50,000 points the two together were one 100-180 ms frame when the refined map landed (issue 10).
 */
export const SPLIT_LABELS_MIN = 5_000;

export function createMapView(container: HTMLElement, opts: MapViewOptions = {}): MapView {
  const root = el('div', { position: 'relative', width: '100%', height: '100%', overflow: 'hidden', background: '#fff' });
  root.className = 'paperscope-map';
  // touch-action none: a finger drag must reach the lasso / d3-zoom instead of scrolling the page.
  const canvas = el('canvas', { position: 'absolute', left: '0', top: '0', display: 'block', cursor: 'grab', touchAction: 'none' });
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
  let pointColors: { packed: Uint32Array; faded: Uint32Array; css: readonly string[] } | null = null;
  let fade: Uint8Array | null = null;
  let renames = new Map<number, string>();
  /** Each cluster's core extent (label anchors), made with the label items (so a big map makes it in the labels' task). */
  let extents: Map<number, Bounds> | null = null;
  let geo: MapGeometry | null = null;
  /** Typical distance between neighbouring points at Fit, CSS px (point size). */
  let spacing: number | undefined;
  let fineItems: LabelItem[] = [];
  let coarseItems: LabelItem[] = [];
  /** Fine labels shown between the coarse ones when zoomed out. */
  let fillItems: LabelItem[] = [];
  /** Zoomed in: subtopics in place of the topics they split. */
  let deepItems: LabelItem[] = [];
  let frame = 0;
  let hoverIndex: number | null = null;
  /** An animation frame's positions (same points as the layout, elsewhere), and how far its regions have faded in. */
  let moving: { x: Float32Array; y: Float32Array; regionAlpha: number } | null = null;
  /** The view a keepView setData left at the old map's Fit (settleView eases it to the new Fit). */
  let settleFrom: ZoomTransform | null = null;
  /** When the view last moved (performance.now), the label items last placed, and the timer that places them once the view is still. */
  let viewMovedAt = -Infinity;
  let placedItems: readonly LabelItem[] | null = null;
  let settleTimer: ReturnType<typeof setTimeout> | 0 = 0;
  /** The label items last measured ahead of their placement (warmLabelBoxes). */
  let warmedFor: readonly LabelItem[] | null = null;
  /** Labels are being measured (warmLabelBoxes): their placement is scheduled when that ends. */
  let warming = false;
  let alive = true;
  /** The task that places new labels after a big map's frame (SPLIT_LABELS_MIN). */
  let labelsTimer: ReturnType<typeof setTimeout> | 0 = 0;

  const affine = (): Affine => combine(base, t);
  const tooltip = createTooltip(root);
  const labels = createLabelLayer(root, (item, ev) => {
    const mode = ev.shiftKey ? 'add' : 'replace';
    if (!item.coarse) return opts.onSelectCluster?.(item.id, mode);
    if (layout) opts.onSelect?.(coarseMembers(layout, item.id), mode);
  }, () => {
    // The toolbar floats over the top-right corner: labels stay out from under it. Its box is
    // measured once per size of the map or the toolbar (ResizeObserver below): read in every
    // placement, it forced the page's pending style and layout into the labels' task (33 ms
    // when a 50,000-paper refined map landed beside a freshly drawn topic table, issue 10).
    if (!toolbarBox) {
      const e = toolbar.element;
      toolbarBox = e.offsetWidth ? [{ x0: e.offsetLeft, y0: e.offsetTop, x1: e.offsetLeft + e.offsetWidth, y1: e.offsetTop + e.offsetHeight }] : [];
    }
    return toolbarBox;
  });
  let toolbarBox: Bounds[] | null = null;

  const zoom = d3zoom<HTMLCanvasElement, unknown>()
    .scaleExtent([0.5, 500])
    // The view's size as last measured (resize): d3's default reads the canvas's clientWidth on
    // every transform, which forced the page's pending layout into each frame of the ease to a
    // refined map's Fit (14-16 ms a frame beside a freshly drawn topic table, issue 10).
    .extent(() => [[0, 0], [width, height]])
    // d3's default filter (no ctrl except wheel, left button only) plus: presses that start a lasso are ours.
    .filter((ev: MouseEvent & WheelEvent) => (!ev.ctrlKey || ev.type === 'wheel') && !ev.button &&
      (ev.type === 'wheel' || ev.type === 'dblclick' || !input.isLassoPress(ev)))
    .on('zoom', (ev: { transform: ZoomTransform }) => {
      t = ev.transform;
      viewMovedAt = performance.now();
      tooltip.hide();
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
      const [px, py] = toScreen(affine(), layout.x[i], layout.y[i]);
      const content = { title: papers[i]?.title ?? '', year: papers[i]?.year, date: papers[i]?.date?.iso, cluster: clusterName(layout, renames, c), color: clusterColor(c, batches?.slots ?? new Map()) };
      tooltip.show(x, y, content, { width, height }, { x: px, y: py, r: radius() });
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
      labels.setPassThrough(lassoOn);
    },
  });
  let lassoOn = false;
  const toolbar = createToolbar(root, {
    onLassoToggle(on) {
      lassoOn = on;
      input.setLassoMode(on);
      labels.setPassThrough(on);
      canvas.focus();
    },
    onFit: fitView,
    onZoom: (f) => select(canvas).transition().duration(200).call(zoom.scaleBy, f),
  });
  select(canvas).call(zoom).on('dblclick.zoom', null);

  function radiusNow(): number {
    return pointRadius(batches?.nDrawn ?? 0, t.k, spacing);
  }
  const radius = radiusNow;

  function pick(x: number, y: number): number | null {
    if (!layout || !batches || batches.nDrawn === 0) return null;
    index ??= buildPointIndex(layout, batches);
    const a = affine();
    const [dx, dy] = toData(a, x, y);
    const radius = Math.max(PICK_PX, radiusNow() + 2) / a.ax;
    return index.find(dx, dy, radius) ?? null;
  }

  /** Label items to build before labels are next placed (a big map builds them in the labels' own task, not in setData's). */
  let itemsStale = false;
  /** Rebuilds the label items now, or, on a big map, marks them for the task that places labels (SPLIT_LABELS_MIN). */
  function refreshItems() {
    if ((batches?.nDrawn ?? 0) >= SPLIT_LABELS_MIN) {
      itemsStale = true;
      placedItems = null;
    } else buildItems();
  }

  function buildItems() {
    itemsStale = false;
    if (!layout || !batches) return;
    extents ??= clusterExtents(layout.x, layout.y, layout.cluster);
    fineItems = fineLabelItems(layout, renames, batches.slots, extents, (i) => papers[i]?.title, geo ?? undefined);
    coarseItems = coarseLabelItems(layout, renames);
    fillItems = fineFillItems(fineItems, coarseItems);
    deepItems = subtopicLabelItems(layout, fineItems, renames, (i) => papers[i]?.title);
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
      container.dataset.regions = '0';
      container.dataset.labels = String(labels.update([], a, width, height).length);
      return;
    }
    const slots = batches.slots, g = geo, alpha = moving ? moving.regionAlpha : 1;
    const under = g && g.regions.size && alpha > 0 ? (c: CanvasRenderingContext2D) => drawRegions(c, g, (id) => clusterColor(id, slots), a, !!selected, alpha) : undefined;
    drawPoints(ctx, batches, moving?.x ?? layout.x, moving?.y ?? layout.y, a, { width, height, dpr, radius: radiusNow(), selected, highlight, under, colors: pointColors, fade });
    const items = currentItems();
    container.dataset.points = String(batches.nDrawn);
    container.dataset.regions = String(under && g ? g.regions.size : 0);
    // During a gesture the labels of the last placement follow their anchors (same items only);
    // they are placed again LABEL_SETTLE_MS after the view stops.
    const prev = placedItems;
    const same = !!prev && sameLabelItems(prev, items);
    const gesture = same && performance.now() - viewMovedAt < LABEL_SETTLE_MS;
    if (settleTimer) clearTimeout(settleTimer);
    settleTimer = 0;
    if ((itemsStale || !same) && batches.nDrawn >= SPLIT_LABELS_MIN) {
      // New labels on a big map: this frame shows the points; the labels follow in their own task
      // (those on show stay until then: a rename does not blink).
      placedItems = null;
      if (!labelsTimer && !warming) labelsTimer = setTimeout(placeLabelsNow, 0);
      return;
    }
    const placed = gesture ? labels.follow(a) : labels.update(items, a, width, height);
    if (gesture) {
      settleTimer = setTimeout(() => {
        settleTimer = 0;
        viewMovedAt = -Infinity;
        schedule();
      }, LABEL_SETTLE_MS);
    } else placedItems = items;
    drawLeaders(ctx, placed.flatMap((p) => (p.leader ? [p.leader] : [])));
    container.dataset.labels = String(placed.length);
    // The zoom of the view whose labels are placed (tests wait for it before reading labels).
    if (!gesture) container.dataset.zoom = t.k.toFixed(3);
  }

  /** The labels a big map's frame left out (SPLIT_LABELS_MIN): placed for the view on screen, leaders drawn over it. */
  function placeLabelsNow() {
    labelsTimer = 0;
    if (!ctx || !layout || !batches) return;
    // The clusters' extents, the label items and their placement each in a task of their own:
    // at 50,000 points they were 22 + 11 + 37 ms of one task (127 ms on a loaded machine, issue 10).
    if (itemsStale && !extents) {
      extents = clusterExtents(layout.x, layout.y, layout.cluster);
      labelsTimer = setTimeout(placeLabelsNow, 0);
      return;
    }
    if (itemsStale) {
      buildItems();
      labelsTimer = setTimeout(placeLabelsNow, 0);
      return;
    }
    const items = currentItems();
    // Compared item by item: zoomed out, currentItems() makes a new list (coarse then fine) each call.
    if (!warmedFor || !sameLabelItems(warmedFor, items)) {
      // The labels placement will try are measured first, in time slices (warmLabelBoxes); the
      // placement follows in a task of its own (for the items then current, warmed again if new).
      warmedFor = items;
      warming = true;
      void runSliced(warmLabelBoxes(items)).catch(() => {}).then(() => {
        warming = false;
        if (alive && !labelsTimer) labelsTimer = setTimeout(placeLabelsNow, 0);
      });
      return;
    }
    const placed = labels.update(items, affine(), width, height);
    placedItems = items;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawLeaders(ctx, placed.flatMap((p) => (p.leader ? [p.leader] : [])));
    container.dataset.labels = String(placed.length);
    container.dataset.zoom = t.k.toFixed(3);
  }

  /** The label items for the zoom on screen. */
  function currentItems(): LabelItem[] {
    // Zoomed out, the coarse labels go first and fine ones fill the gaps, so no region is left unlabelled.
    // Zoomed in far, the subtopics (when there are any) name the parts of the topics they split.
    return coarseItems.length && t.k < COARSE_MAX_K ? [...coarseItems, ...fillItems] : deepItems.length && t.k >= SUBTOPIC_MIN_K ? deepItems : fineItems;
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

  /** Screen margin at Fit: room for a two-line label above the topmost cluster's core. */
  const FIT_PAD = 44;

  function refit() {
    base = fitBase(layout ? mapExtent(layout.x, layout.y, geo?.regions.values()) : null, width, height, FIT_PAD);
    // What tests and scripts can read: the data → screen mapping at Fit (screenX = s·x + ox, screenY = −s·y + oy).
    container.dataset.fit = JSON.stringify(base);
    spacing = geo ? Math.sqrt(geo.areaPerPoint) * base.s : undefined;
  }

  function fitView() {
    select(canvas).call(zoom.transform, zoomIdentity);
  }

  const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver((entries) => {
    toolbarBox = null;
    resize();
    // The toolbar alone changed size (e.g. a control shown): place the labels clear of it.
    if (entries.some((e) => e.target === toolbar.element)) schedule();
  });
  observer?.observe(root);
  observer?.observe(toolbar.element);
  resize();

  function scene(): ExportScene {
    if (!layout || !batches) throw new Error('The map has no data to export');
    if (itemsStale) buildItems();
    return { layout, batches, items: fineItems, selected, highlight, geo: geo ?? undefined };
  }

  return {
    setData(p, l, o = {}) {
      papers = p;
      layout = l;
      moving = null;
      // Big maps' regions come from the geometry worker. The app asks for them before it shows a
      // map (main.ts); if they are not there yet, points go up in provisional colours and the
      // regions, colours and label anchors follow when the worker answers.
      geo = knownGeometry(l) ?? (geometryReady(l) ? mapGeometry(l) : null);
      if (!geo) {
        void geometryFor(l).then((g) => {
          if (layout !== l) return;
          geo = g;
          batches = buildBatches(l);
          index = null;
          // The regions widen what Fit shows; a view still at Fit follows (nothing else moved it yet).
          if (t.k === 1 && t.x === 0 && t.y === 0) refit();
          spacing = Math.sqrt(g.areaPerPoint) * base.s;
          refreshItems();
          schedule();
        });
      }
      batches = geo ? buildBatches(l) : buildBatches(l, provisionalSlots(l));
      extents = null;
      index = null;
      // Keep a selection/highlight set just before (e.g. a relayout of the same papers) only if it fits the new map.
      if (selected && selected.length !== l.x.length) selected = null;
      if (highlight?.some((i) => i >= l.x.length)) highlight = null;
      if (pointColors && pointColors.packed.length !== l.x.length) pointColors = null;
      if (fade && fade.length !== l.x.length) fade = null;
      hoverIndex = null;
      tooltip.hide();
      if (!o.keepView) input.cancel();
      labels.clear();
      container.dataset.labels = '0';
      refreshItems();
      if (!o.keepView) {
        refit();
        t = zoomIdentity;
        fitView();
      } else {
        // keepView (a frame of an animated transition): what is on screen and a lasso in progress
        // stay; the fit follows the new extent, with the zoom adjusted so nothing jumps (Fit then fits).
        const wasFit = t.k === 1 && t.x === 0 && t.y === 0;
        const a = affine();
        refit();
        const k = a.ax / base.s;
        t = zoomIdentity.translate(a.bx - k * base.ox, a.by - k * base.oy).scale(k);
        select(canvas).property('__zoom', t);
        // A view that was at Fit eases to the new map's Fit once the move lands (settleView).
        settleFrom = wasFit ? t : null;
      }
      schedule();
      // Build the hover index after the first frame, in time slices, so neither the first hover
      // nor the page stalls (a hover before it is built builds it on the spot).
      const gen = l;
      setTimeout(() => {
        if (layout !== gen || !batches || index) return;
        const b = batches;
        void runSliced(buildPointIndexTask(gen, b)).then((ix) => {
          if (layout === gen && batches === b) index ??= ix;
        }, () => {});
      }, 50);
    },
    settleView(ms = 400, done = () => {}) {
      const from = settleFrom;
      settleFrom = null;
      // Only if nobody zoomed or panned since: a user's own view is never taken away.
      if (!from || t.k !== from.k || t.x !== from.x || t.y !== from.y || (from.k === 1 && from.x === 0 && from.y === 0)) {
        done();
        return;
      }
      const t0 = performance.now();
      const step = () => {
        if (t.k !== cur.k || t.x !== cur.x || t.y !== cur.y) return done(); // the user took over
        const f = ms > 0 ? Math.min(1, (performance.now() - t0) / ms) : 1;
        const e = f < 0.5 ? 2 * f * f : 1 - (-2 * f + 2) ** 2 / 2;
        cur = zoomIdentity.translate(from.x * (1 - e), from.y * (1 - e)).scale(from.k + (1 - from.k) * e);
        select(canvas).call(zoom.transform, cur);
        if (f < 1) requestAnimationFrame(step);
        else done();
      };
      let cur = from;
      requestAnimationFrame(step);
    },
    showFrame(x, y, regionAlpha = 1) {
      const n = layout?.x.length ?? -1;
      moving = x && y && x.length === n && y.length === n ? { x, y, regionAlpha: Math.max(0, Math.min(1, regionAlpha)) } : null;
      // Whether the points are in an animated move (tests check what waits for its end).
      if (moving) container.dataset.moving = '1';
      else delete container.dataset.moving;
      schedule();
    },
    setSelection(s) {
      selected = s;
      schedule();
    },
    setPointStyle(style) {
      const n = layout?.x.length ?? -1;
      pointColors = style.colors && style.colors.packed.length === n ? style.colors : null;
      fade = style.fade && style.fade.length === n ? style.fade : null;
      // What tests and scripts can read: how many points are faded, and the colour mode.
      let faded = 0;
      if (fade) for (let i = 0; i < fade.length; i++) faded += fade[i];
      container.dataset.faded = String(faded);
      container.dataset.colored = pointColors ? 'custom' : 'cluster';
      schedule();
    },
    setHighlight(ix) {
      highlight = ix && ix.length ? ix : null;
      schedule();
    },
    setClusterLabels(m) {
      // The same names again (the app passes them after every new map): the items setData made stand
      // (20,000 clusters: building them twice put a second 0.1-0.2 s task in an open, issue 16).
      if (sameNames(m, renames)) return;
      renames = new Map(m);
      refreshItems();
      schedule();
    },
    resize,
    fitView,
    toPNG: (o = {}) => renderPNG(scene(), o.width ?? 1600, o.height ?? 1000),
    toSVG: (o = {}) => renderSVGAsync(scene(), o.width ?? 1600, o.height ?? 1000),
    destroy() {
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      if (settleTimer) clearTimeout(settleTimer);
      settleTimer = 0;
      if (labelsTimer) clearTimeout(labelsTimer);
      labelsTimer = 0;
      alive = false;
      observer?.disconnect();
      input.destroy();
      select(canvas).on('.zoom', null);
      root.remove();
      delete container.dataset.points;
      delete container.dataset.labels;
      delete container.dataset.regions;
    },
  };
}

/** True when two id → name maps hold the same names. */
function sameNames(a: ReadonlyMap<number, string>, b: ReadonlyMap<number, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, name] of a) if (b.get(id) !== name) return false;
  return true;
}
