/**
 * Boots Paperscope: one app state, the worker client, and the views wired to
 * them. Views take values and report user actions through callbacks.
 */
import { installTrustedTypes } from './security/trusted-types.ts';
import './style.css';
import './panel/panel.css';
import { createAppState } from './state/app-state.ts';
import { PipelineClient } from './worker-client.ts';
import { runtimeOptionsFromUrl } from '../workers/protocol.ts';
import { createRunController } from './app/run-controller.ts';
import { renderProgress } from './app/progress-view.ts';
import { createInputController } from './app/input-controller.ts';
import { createExportController } from './app/export-controller.ts';
import { searchTask } from './app/search.ts';
import { nextTurn, runSliced, runSync } from './util/slice.ts';
import { createMapView } from './map/index.ts';
import { clusterSlots, clusterSlotsTask, clusterColor } from './map/palette.ts';
import { geometryFor, geometryReady, SYNC_GEOMETRY_MAX, warmGeometryWorker } from './map/geometry-client.ts';
import { animateLayout } from './map/transition.ts';
import { createClusterList } from './panel/cluster-list.ts';
import { createPaperList } from './panel/paper-list.ts';
import { selectCluster, selectionFromIndices } from './app/selection.ts';
import { createSessionController } from './app/session-controller.ts';
import { mergeClusters } from './app/cluster-edits.ts';
import type { MapResult, Paper } from './types.ts';
import { treeNodes } from './topic-tree.ts';
import { timeDataTask, type CorpusTime, type TimeData } from './time/time-data.ts';
import { TREND_TEST_TEXT } from './time/trend.ts';
import { colourByDate, colourByField, type Coloring } from './time/color-by.ts';
import { novelty, newSince } from './time/novelty.ts';
import { trendCsv } from './time/trend-csv.ts';
import { trendCell } from './panel/sparkline.ts';
import { createTimeline } from './panel/timeline.ts';
import { download } from './export/download.ts';
import { clipLabel, forDisplay } from './util/limits.ts';
import { clearEmbeddingCache, embeddingCacheBytes } from './store/embedding-cache.ts';
import { EMBED_DIM } from './model/model-info.ts';
import { countSample, longTextsLine } from './util/long-texts.ts';
import { embedText } from './util/paper-text.ts';
import { createGate } from './util/gate.ts';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

installTrustedTypes();
const state = createAppState();
const client = new PipelineClient(runtimeOptionsFromUrl(location.href));
const runs = createRunController(state, client, {
  // A selection, or a rename being typed, holds the refined map back: it is offered instead.
  isBusy: () => state.selection.get().length > 0 || state.selectedClusters.get().size > 0 || !!document.activeElement?.closest('#clusters input'),
});

// ---- map --------------------------------------------------------------
const mapView = createMapView($('map'), {
  onSelect: (indices, mode) => {
    const base = mode === 'add' ? state.selection.get() : [];
    state.selectedClusters.set(mode === 'add' ? state.selectedClusters.get() : new Set());
    state.selection.set(mode === 'add' ? [...new Set([...base, ...indices])] : indices);
  },
  onSelectCluster: (id, mode) => selectCluster(state, id, mode),
});
new ResizeObserver(() => mapView.resize()).observe($('map'));
// Big maps' regions come from a worker: start it while the page is idle, not when the first big map waits for it.
setTimeout(warmGeometryWorker, 3000);

// ---- side panel -------------------------------------------------------
const clusterList = createClusterList($('clusters'), {
  onSelectCluster: (id, mode) => selectCluster(state, id, mode),
  // A label is kept to MAX_LABEL_CHARS however much is pasted into the box (util/limits.ts).
  onRename: (id, label) => state.labels.set(new Map(state.labels.get()).set(id, clipLabel(label))),
  onMerge: (ids) => {
    const result = state.result.get();
    if (!result || ids.length < 2) return;
    // The biggest cluster gives the merged one its id, colour and (unless renamed) its label.
    const byId = new Map(treeNodes(result.layout).map((c) => [c.id, c.size]));
    const group = [...ids].sort((a, b) => (byId.get(b) ?? 0) - (byId.get(a) ?? 0));
    state.merges.set([...state.merges.get(), group]);
    state.selection.set([]);
    state.selectedClusters.set(new Set());
    state.result.set({ ...result, layout: mergeClusters(result.layout, group) });
  },
});
const paperList = createPaperList($('papers'));

// ---- time: periods, trends, colour by, brush, what is new -----------------
let time: TimeData | null = null;
let timeFor: unknown = null;
/** The timeline and the colourable fields depend on the papers only: a refined map (or a merge) of the same corpus reuses them. */
let corpusTime: CorpusTime | null = null;
let coloring: Coloring | null = null;
let coloringKey = '';

function adoptTime(result: MapResult, r: { time: TimeData; corpus: CorpusTime }) {
  timeFor = result;
  corpusTime = r.corpus;
  time = r.time;
  coloringKey = '';
}

/** Trends recomputed once per map (and per merge): O(papers); the timeline once per corpus. A big map's are computed in slices before it is shown (showResult). */
function timeData(): TimeData | null {
  const result = state.result.get();
  if (!result) return (time = null);
  if (timeFor === result) return time;
  adoptTime(result, runSync(timeDataTask(state.papers.get(), result.layout, corpusTime)));
  return time;
}

function brushMask(): { fade: Uint8Array | null; inside: number; counts: Map<number, number> | null } {
  const td = timeData();
  const result = state.result.get();
  const range = state.timeBrush.get();
  const fresh = state.fresh.get();
  const n = state.papers.get().length;
  if (!result || (!range && !fresh) || (range && !td)) return { fade: null, inside: 0, counts: null };
  const fade = new Uint8Array(n);
  let inside = 0;
  // Counts by position in layout.clusters (a typed array: this runs on every brush move).
  const ids = result.layout.clusters.map((c) => c.id);
  const pos = new Map(ids.map((id, k) => [id, k]));
  const byPos = new Int32Array(ids.length + 1);
  const cluster = result.layout.cluster;
  const periodOf = td?.timeline.periodOf;
  const lo = range ? range[0] : 0, hi = range ? range[1] : 0;
  let lastId = NaN, lastPos = ids.length;
  for (let i = 0; i < n; i++) {
    let out = false;
    if (range && periodOf) {
      const t = periodOf[i];
      out = t < lo || t > hi;
      if (!out) {
        inside++;
        const c = cluster[i];
        if (c !== lastId) {
          lastId = c;
          lastPos = pos.get(c) ?? ids.length;
        }
        byPos[lastPos]++;
      }
    }
    if (fresh && !fresh.mask[i]) out = true;
    fade[i] = out ? 1 : 0;
  }
  const counts = range ? new Map(ids.map((id, k) => [id, byPos[k]])) : null;
  // Areas (the coarse level) count what their topics count.
  if (counts) for (const c of result.layout.clusters) if (c.parent !== undefined) counts.set(c.parent, (counts.get(c.parent) ?? 0) + (counts.get(c.id) ?? 0));
  return { fade, inside, counts };
}

function currentColoring(): Coloring | null {
  const key = state.colorBy.get();
  const td = timeData();
  if (key === 'cluster' || !td) return null;
  if (coloring && coloringKey === key) return coloring;
  coloringKey = key;
  coloring = key === 'date' ? colourByDate(td.timeline) : colourByField(state.papers.get(), key.slice(6));
  return coloring;
}

const timelineView = createTimeline($('timeline'), {
  onColorBy: (k) => state.colorBy.set(k),
  onBrush: (r, live) => scheduleBrush(r, live === true),
  onNewSince: (iso) => state.newSince.set(iso ?? ''),
  onExportTrends: exportTrends,
  onClearNew: () => {
    state.newSince.set('');
    state.fresh.set(null);
  },
});
new ResizeObserver(() => timelineView.resize()).observe($('timeline'));

let pendingBrush: [number, number] | null | undefined;
/** While a brush is dragged, only the map and the strip follow it; the cluster table catches up when it ends. */
let brushLive = false;
let tableStale = false;
function scheduleBrush(r: [number, number] | null, live: boolean) {
  // Brush moves arrive faster than frames: apply the latest once per frame.
  if (pendingBrush === undefined) requestAnimationFrame(() => {
    const b = pendingBrush;
    pendingBrush = undefined;
    const cur = state.timeBrush.get();
    if (b?.[0] !== cur?.[0] || b?.[1] !== cur?.[1]) state.timeBrush.set(b ?? null);
    else if (!brushLive && tableStale) renderClusters();
  });
  brushLive = live;
  pendingBrush = r;
}

function exportTrends() {
  const td = timeData();
  const result = state.result.get();
  if (!td || !result) return;
  const labels = state.labels.get();
  const rows = [...result.layout.clusters].sort((a, b) => a.id - b.id).map((c) => ({ id: c.id, label: labels.get(c.id) ?? c.label, counts: td.trends.get(c.id)! }));
  download('paperscope-trends.csv', trendCsv(rows, td.timeline.periods), 'text/csv;charset=utf-8');
}

let lastMask: ReturnType<typeof brushMask> = { fade: null, inside: 0, counts: null };
/** A big map is shown once its geometry (regions, colours) is in from the worker; until then the views keep the map before. */
const waitingForGeometry = (result: MapResult | null) => !!result && (result.layout === geometryPending || !geometryReady(result.layout));
/** A layout whose geometry is being computed off this thread though it is small (a refinement landing). */
let geometryPending: MapResult['layout'] | null = null;
/** A refined map replacing the keyword map on screen: it lands while the user works, so nothing of it may block the page. */
const isRefinementOf = (result: MapResult | null) =>
  !!result && !!shown && result.info.phase === 'refined' && shown.result.info.phase === 'keyword' && shown.papers === state.papers.get();

function renderTime() {
  const result = state.result.get();
  if (waitingForGeometry(result)) return;
  $('map-area').classList.toggle('has-timeline', !!result);
  if (!result) {
    timelineView.update(null);
    mapView.setPointStyle({ colors: null, fade: null });
    return;
  }
  const td = timeData();
  lastMask = brushMask();
  const c = currentColoring();
  mapView.setPointStyle({ colors: c, fade: lastMask.fade });
  const fresh = state.fresh.get();
  const clusters = result.layout.clusters;
  const slots = clusterSlots(result.layout);
  const labels = state.labels.get();
  const nv = fresh ? novelty(fresh.mask, result.layout.cluster, clusters) : null;
  const nameOf = (id: number) => labels.get(id) ?? clusters.find((x) => x.id === id)?.label ?? `Cluster ${id}`;
  timelineView.update({
    timeline: td?.timeline ?? null,
    fields: td?.fields ?? [],
    colorBy: c || state.colorBy.get() === 'cluster' ? state.colorBy.get() : 'cluster',
    legend: c?.legend ?? null,
    brush: state.timeBrush.get(),
    inside: lastMask.inside,
    newSince: state.newSince.get(),
    news: nv && fresh ? {
      what: fresh.what,
      count: nv.count,
      joined: nv.joined.map((j) => ({ label: nameOf(j.id), color: clusterColor(j.id, slots), n: j.n })),
      formed: nv.formed.map((f) => ({ label: nameOf(f.id), color: clusterColor(f.id, slots), n: f.n, size: f.size })),
    } : null,
  });
}

const renderClusters = () => {
  const result = state.result.get();
  if (waitingForGeometry(result)) return;
  tableStale = false;
  const clusters = result?.layout.clusters ?? [];
  // Same assignment as the map (neighbours apart), memoised per layout.
  const slots = result ? clusterSlots(result.layout) : new Map<number, number>();
  const td = result ? timeData() : null;
  const range = state.timeBrush.get();
  const withTrend = td && td.timeline.window[1] > td.timeline.window[0];
  clusterList.update({
    clusters,
    coarse: result?.layout.coarse,
    subtopics: result?.layout.subtopics,
    labels: state.labels.get(),
    colors: (id) => clusterColor(id, slots),
    selected: state.selectedClusters.get(),
    trend: withTrend ? {
      title: `Papers per ${td.timeline.granularity}. ▲ rising / ▼ fading: ${TREND_TEST_TEXT}`,
      // Trends are per topic; areas and subtopics get an empty cell.
      cell: (c) => {
        const st = td.stats.get(c.id), counts = td.trends.get(c.id);
        return st && counts ? trendCell(counts, td.timeline.periods, td.timeline.window, st, clusterColor(c.id, slots), range) : document.createElement('span');
      },
      // Significant rises first, then by how much the recent share exceeds the corpus's.
      sortValue: (c) => {
        const st = td.stats.get(c.id);
        return st ? (st.mark === 'rising' ? 1e6 : st.mark === 'fading' ? -1e6 : 0) + Math.log(Math.max(1e-6, st.ratio)) : 0;
      },
    } : null,
    counts: range && td && lastMask.counts ? { byId: lastMask.counts, what: `in ${td.timeline.periods[range[0]]}${range[1] > range[0] ? ` – ${td.timeline.periods[range[1]]}` : ''}` } : null,
  });
};

const renderSelection = () => {
  const result = state.result.get();
  const papers = state.papers.get();
  const indices = state.selection.get();
  $('selection-title').textContent = indices.length ? `Selection (${indices.length})` : 'Selection';
  if (!result) {
    paperList.update({ papers, indices: [], terms: () => [], dupCount: () => 1, clusterLabel: () => '' });
    return;
  }
  const { layout } = result;
  const byId = new Map(layout.clusters.map((c) => [c.id, c]));
  // Counted when a shown paper first asks (an empty selection never does: 50,000 map updates
  // counted them in the landing of a big refined map, issue 10).
  let dupCounts: Map<number, number> | null = null;
  const dupCountOf = (i: number) => {
    if (!dupCounts) {
      dupCounts = new Map<number, number>();
      for (let j = 0; j < layout.dupOf.length; j++) dupCounts.set(layout.dupOf[j], (dupCounts.get(layout.dupOf[j]) ?? 0) + 1);
    }
    return dupCounts.get(layout.dupOf[i]) ?? 1;
  };
  paperList.update({
    papers,
    indices,
    terms: (i) => byId.get(layout.cluster[i])?.terms ?? [],
    dupCount: dupCountOf,
    clusterLabel: (i) => state.labels.get().get(layout.cluster[i]) ?? byId.get(layout.cluster[i])?.label ?? 'Unclustered',
  });
};

let mapVersion = 0;
let firstMapVersion = 0;
/**
 * Held while a big or refined map lands (its geometry, views and transition, in separate tasks) and
 * opened when it is shown: the autosave waits for it, so serialising and writing a 50,000-paper map
 * does not run beside the landing's tasks and lengthen them (issue 10).
 */
const landingGate = createGate();
/** Longest the autosave waits for a landing (a landing that never reports must not cost the save). */
const LANDING_WAIT_MAX_MS = 15_000;
/** What the map view shows, so a refinement of it can be animated. */
let shown: { papers: Paper[]; result: MapResult } | null = null;
let stopTransition = () => {};
state.result.subscribe((result) => {
  stopTransition();
  // Regions, cores and colours of a big map are computed in the geometry worker (not on this
  // thread); the map on screen stays until they are in, then the new one is shown in one go.
  // A big map's colours (a graph colouring of its clusters) are found in time slices too.
  // A refinement landing is treated like a big map: its geometry comes from the worker and the
  // views update in separate tasks, so the page stays responsive while it lands.
  const refining = isRefinementOf(result);
  if (result && (refining || waitingForGeometry(result) || result.layout.x.length > SYNC_GEOMETRY_MAX)) {
    landingGate.hold();
    if (refining) geometryPending = result.layout;
    void geometryFor(result.layout, { offThread: refining })
      // The colours start in a task after the geometry's reply (its first slice ran in the reply's task).
      .then(() => nextTurn())
      .then(() => runSliced(clusterSlotsTask(result.layout)))
      .catch(() => {}) // the views compute what is missing when they draw
      // The map is shown from a task of its own: run in the promise's continuation, it shared a
      // task with the colours' last slice (57-71 ms when a 50,000-paper refined map landed, issue 10).
      .then(() => nextTurn())
      .then(() => {
        if (geometryPending === result.layout) geometryPending = null;
        if (state.result.get() === result) showResult(result, refining);
      });
    return;
  }
  showResult(result);
});

function showResult(result: MapResult | null, refining = false) {
  // Counters tests and scripts can wait on: mapVersion changes once per finished map (a run's
  // last map); firstMapVersion once per keyword first map shown while the refinement goes on.
  // An animated transition bumps its counter when it has landed, so readers see the final positions.
  const first = result?.info.phase === 'keyword' && state.status.get().running;
  const bump = () => {
    if (first) document.body.dataset.firstMapVersion = String(++firstMapVersion);
    else document.body.dataset.mapVersion = String(++mapVersion);
    document.body.dataset.mapPhase = result?.info.phase ?? '';
    if (state.result.get() === result) landingGate.open();
  };
  renderRunInfo();
  const papers = state.papers.get();
  // A big map updates the views in separate tasks (map, then timeline, table, selection), so the
  // page never stalls for their sum; its counter moves when the last one is done.
  const split = !!result && (refining || result.layout.x.length > SYNC_GEOMETRY_MAX);
  let landing: (() => void) | null = bump;
  /**
   * Resolves when the animated move to a refined map has landed. The other views (timeline, table,
   * selection) change after it: their DOM changes, made during the move, were styled, laid out and
   * painted in the move's frames, which already draw 50,000 points (a 51 ms frame, issue 10).
   */
  let moved: Promise<void> | null = null;
  if (result) {
    const prev = shown;
    if (prev && prev.papers === papers && prev.result.info.phase === 'keyword' && result.info.phase === 'refined') {
      moved = new Promise<void>((resolve) => {
        stopTransition = animateLayout(mapView, forDisplay(papers), prev.result.layout, result.layout, resolve, { reduce: matchMedia('(prefers-reduced-motion: reduce)').matches });
      });
      if (!split) {
        landing = null;
        void moved.then(bump);
      }
      // The labels move with the new map (a rename carried over included); the rest waits for `moved`.
      mapView.setClusterLabels(state.labels.get());
    } else mapView.setData(forDisplay(papers), result.layout);
  }
  shown = result ? { papers, result } : null;
  const steps = [
    () => {
      mapView.setClusterLabels(state.labels.get());
      const td = result ? timeData() : null;
      // A brush from an earlier timeline is dropped when the periods changed.
      const b = state.timeBrush.get();
      if (b && (!td || b[1] >= td.timeline.periods.length)) state.timeBrush.set(null);
      renderTime();
    },
    renderClusters,
    renderSelection,
  ];
  if (!split) {
    landing?.();
    for (const f of steps) f();
    return;
  }
  let k = 0;
  const next = () => {
    if (state.result.get() !== result) return; // a newer map took over
    steps[k++]();
    if (k < steps.length) setTimeout(next, 0);
    else landing?.();
  };
  // The views' steps start once an animated move has landed (`moved`), from a task of their own.
  const afterMove = () => (moved ?? Promise.resolve()).then(() => setTimeout(next, 0));
  // The timeline and trends first, in slices of their own (20,000 clusters: 0.9 s in one task),
  // computed while the points move.
  if (timeFor === result) void afterMove();
  else {
    // From the next task: the map's own set-up (the transition's start) is this task's share.
    nextTurn().then(() => runSliced(timeDataTask(papers, result.layout, corpusTime))).then(
      (r) => {
        if (state.result.get() === result && timeFor !== result && state.papers.get() === papers) adoptTime(result, r);
      },
      () => {},
    ).then(afterMove);
  }
}
state.selection.subscribe((sel) => {
  mapView.setSelection(sel.length ? selectionFromIndices(state.papers.get().length, sel) : null);
  renderSelection();
});
state.selectedClusters.subscribe(renderClusters);
state.colorBy.subscribe(renderTime);
state.timeBrush.subscribe(() => {
  renderTime();
  tableStale = brushLive;
  if (!brushLive) renderClusters();
});
state.fresh.subscribe(renderTime);
state.newSince.subscribe((iso) => {
  if (!state.result.get()) return;
  if (iso) state.fresh.set({ mask: newSince(state.papers.get().map((p) => p.date), iso), what: `dated ${iso} or later` });
  else if (state.fresh.get()?.what.startsWith('dated')) state.fresh.set(null);
});
state.labels.subscribe((labels) => {
  // A map about to be shown (its geometry on the way) draws the labels then, with the rest.
  if (waitingForGeometry(state.result.get())) return;
  mapView.setClusterLabels(labels);
  renderTime();
  renderClusters();
  // Only the shown papers' cluster tags change (their clusterLabel reads the renames).
  paperList.relabel();
});
state.highlight.subscribe((h) => mapView.setHighlight(h));

function renderRunInfo() {
  const info = state.result.get()?.info;
  const el = $('run-info');
  if (!info) {
    el.textContent = '';
    return;
  }
  const total = Object.values(info.timings).reduce((a, b) => a + b, 0);
  el.textContent = `${info.nPapers} papers · ${info.nEmbedded} embedded, ${info.nCached} cached${total ? ` · ${(total / 1000).toFixed(1)} s` : ''}`;
  el.title = Object.entries(info.timings)
    .map(([k, v]) => `${k}: ${v} ms`)
    .join('\n');
  if (info.displacement !== undefined) el.title += `\nrefinement moved papers by ${info.displacement.toFixed(3)} on average (map spans 2)`;
  el.dataset.embedded = String(info.nEmbedded);
  el.dataset.cached = String(info.nCached);
}

// ---- status -----------------------------------------------------------
state.status.subscribe((s) => {
  renderProgress($('progress'), s);
  if (s.error) showBanner(s.error, s.retryable ? { label: 'Retry', run: retry } : null, 'error');
});
state.notice.subscribe((n) => (n ? showBanner(n, null, 'info') : hideBanner()));
state.storage.subscribe((problem) => {
  // Lasting, unlike the banner: the user must know nothing survives a reload.
  const badge = $('storage-badge');
  badge.hidden = !problem;
  badge.title = problem ?? '';
});
state.backend.subscribe((b) => {
  $('backend-badge').textContent = `backend: ${b ?? '–'}`;
  $('backend-badge').dataset.backend = b ?? '';
});
$('btn-cancel').addEventListener('click', () => {
  runs.cancel();
  void sessions.cancelRun();
});

function retry() {
  const pending = input.lastPapers();
  if (pending.length) startMap(pending);
}

function showBanner(text: string, action: { label: string; run: () => void } | null, kind: 'info' | 'error') {
  const el = $('banner');
  el.replaceChildren();
  el.className = `banner ${kind}`;
  const span = document.createElement('span');
  span.textContent = text;
  el.append(span);
  if (action) {
    const btn = document.createElement('button');
    btn.type = 'button';
    btn.className = 'btn small';
    btn.textContent = action.label;
    btn.dataset.testid = 'banner-action';
    btn.addEventListener('click', () => {
      hideBanner();
      action.run();
    });
    el.append(btn);
  }
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'btn ghost small';
  close.textContent = '×';
  close.setAttribute('aria-label', 'Dismiss');
  close.addEventListener('click', hideBanner);
  el.append(close);
  el.hidden = false;
}
function hideBanner() {
  $('banner').hidden = true;
}

// ---- settings ---------------------------------------------------------
const semantic = $<HTMLInputElement>('set-semantic');
const resolution = $<HTMLInputElement>('set-resolution');
const syncSettings = () => {
  const s = state.settings.get();
  semantic.value = String(s.semanticWeight);
  resolution.value = String(s.resolution);
  $('out-semantic').textContent = `${Math.round(s.semanticWeight * 100)}% semantic`;
  $('out-resolution').textContent = s.resolution.toFixed(1);
};
syncSettings();
semantic.addEventListener('input', () => {
  state.settings.set({ ...state.settings.get(), semanticWeight: Number(semantic.value) });
  syncSettings();
});
resolution.addEventListener('input', () => {
  state.settings.set({ ...state.settings.get(), resolution: Number(resolution.value) });
  syncSettings();
});
const refineBox = $<HTMLInputElement>('set-refine');
try {
  state.refine.set(localStorage.getItem('paperscope.refine') !== 'off');
} catch {
  // storage blocked: the default (refine) stays
}
refineBox.checked = state.refine.get();
refineBox.addEventListener('change', () => {
  state.refine.set(refineBox.checked);
  try {
    localStorage.setItem('paperscope.refine', refineBox.checked ? 'on' : 'off');
  } catch {
    // not remembered across reloads; the setting still applies now
  }
});
state.refineOffer.subscribe((offer) => {
  $('refine-offer').hidden = !offer;
});
$('btn-refine-apply').addEventListener('click', () => runs.applyOffer());
$('btn-refine-dismiss').addEventListener('click', () => state.refineOffer.set(null));
async function renderCacheSize() {
  const bytes = await embeddingCacheBytes(EMBED_DIM);
  $('cache-size').textContent = bytes === null ? 'unavailable' : bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  $('cache-size').dataset.bytes = String(bytes ?? '');
}
void renderCacheSize();
state.status.subscribe((st) => {
  if (!st.running) void renderCacheSize();
});
$('btn-cache-clear').addEventListener('click', async () => {
  try {
    await clearEmbeddingCache();
    state.notice.set('Embedding cache cleared: papers will be embedded again on the next map.');
  } catch (e) {
    state.notice.set(`Could not clear the embedding cache: ${(e as Error).message}`);
  }
  void renderCacheSize();
});
$('btn-relayout').addEventListener('click', () => {
  if (state.papers.get().length) runs.relayout(state.settings.get());
});

// ---- search -----------------------------------------------------------
const search = $<HTMLInputElement>('search');
/** The search in progress: run in time slices, dropped when the next keystroke arrives. */
let searching: AbortController | null = null;
search.addEventListener('input', () => {
  searching?.abort();
  searching = null;
  const q = search.value.trim();
  if (!q) {
    state.highlight.set(null);
    return;
  }
  const run = (searching = new AbortController());
  runSliced(searchTask(state.papers.get(), q), { signal: run.signal }).then(
    (hits) => {
      if (run.signal.aborted) return;
      searching = null;
      state.highlight.set(hits);
      state.selection.set(hits);
    },
    (e: Error) => {
      if (e.name !== 'AbortError') state.notice.set(`Search failed: ${e.message}`);
    },
  );
});
$('btn-similar').addEventListener('click', async () => {
  const q = search.value.trim();
  if (!q || !state.result.get()) return;
  try {
    const hits = await client.similar(q, 20, state.papers.get());
    const indices = hits.map((h) => h.index);
    state.highlight.set(indices);
    state.selection.set(indices);
  } catch (e) {
    state.notice.set(`Similarity search failed: ${(e as Error).message}`);
  }
});

// ---- how much of each abstract the model reads (preview) ---------------
let tokenCheck = 0;
state.pending.subscribe((pending) => {
  const el = $('preview-tokens');
  const id = ++tokenCheck;
  el.hidden = true;
  const papers = pending?.result.papers ?? [];
  if (!papers.length) return;
  // A large corpus is counted on a sample: the count runs in the pipeline worker, where it would hold up the map.
  const { sample, estimated } = countSample(papers.map((p) => embedText(p.title, p.abstract)));
  client.countLongTexts(sample).then(
    (n) => {
      if (id !== tokenCheck) return;
      el.textContent = longTextsLine(n, papers.length, sample.length, estimated);
      el.dataset.count = estimated ? String(Math.round((n / sample.length) * papers.length)) : String(n);
      el.dataset.estimated = String(estimated);
      el.hidden = false;
    },
    () => {
      // The count is informative only; without the vocabulary the preview just does not show it.
    },
  );
});

// ---- input, sessions and export ---------------------------------------
let storedWrites = 0;
const sessions = createSessionController(state, {
  settled: () => landingGate.wait(LANDING_WAIT_MAX_MS),
  // Each write that landed in browser storage, so tests and scripts know what a reload restores:
  // `data-stored-run` (the input of a run in progress), `data-stored-session` (a map, with the phase
  // of the map it holds in `data-stored-phase`: keyword, refined or final) and `data-stored-edits`.
  stored: (what, saved) => {
    const data = document.body.dataset;
    const n = String(++storedWrites);
    if (what === 'run') data.storedRun = n;
    else if (what === 'edits') data.storedEdits = n;
    else {
      data.storedSession = n;
      data.storedPhase = saved?.result?.info.phase ?? 'final';
    }
  },
  offerResume: (papers) =>
    showBanner(`A run of ${papers.length} papers was interrupted by a reload. Papers already embedded are cached.`, {
      label: `Resume mapping ${papers.length} papers`,
      run: () => startMap(papers),
    }, 'info'),
});
function startMap(papers: Paper[]) {
  void sessions.startRun(papers);
  void runs.map(papers, state.settings.get());
}
const input = createInputController(state, {
  onConfirm: startMap,
  onAdd: (papers) => void runs.add(papers),
  openValue: (value) => sessions.openValue(value),
  openSession: (o) => (o.kind === 'ok' ? sessions.openChecked(o.session, o.mapJson) : sessions.openFailed(o.message)),
});
createExportController(state, mapView);
$('btn-save-session').addEventListener('click', () => sessions.saveFile());

void sessions.restore().then((restored) => {
  if (!restored) input.boot();
});
