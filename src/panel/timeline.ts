/**
 * The time strip under the map: papers per period as a histogram with a brush (papers
 * outside the brushed periods fade on the map, the cluster table counts those inside),
 * "Colour by" (cluster, date, or a metadata field with few values) with its legend,
 * "New since" a date, the what-is-new summary, and the trend table export.
 */
import { brushX, scaleLinear, select, type BrushBehavior } from 'd3';
import type { Timeline } from '../time/periods.ts';
import type { LegendEntry } from '../time/color-by.ts';
import { button, el, plural } from './dom.ts';

export interface NewSummary {
  /** What "new" means here: "added" or "since 2025-03-01". */
  what: string;
  count: number;
  joined: { label: string; color: string; n: number }[];
  formed: { label: string; color: string; n: number; size: number }[];
}

export interface TimelineValue {
  timeline: Timeline | null;
  fields: string[];
  colorBy: string;
  legend: LegendEntry[] | null;
  brush: [number, number] | null;
  /** Papers inside the brush. */
  inside: number;
  newSince: string;
  news: NewSummary | null;
}

export interface TimelineOptions {
  onColorBy(key: string): void;
  /** `live`: the brush is still being dragged (cheap updates only); the last call of a drag has live = false. */
  onBrush(range: [number, number] | null, live?: boolean): void;
  onNewSince(iso: string | null): void;
  onExportTrends(): void;
  onClearNew(): void;
}

const SVG_H = 46;
const GRAN_WORD = { day: 'day', week: 'week', month: 'month', year: 'year' } as const;

export function createTimeline(container: HTMLElement, opts: TimelineOptions) {
  const root = el('section', { class: 'ps-timeline', attrs: { 'aria-label': 'Time and colour', 'data-testid': 'timeline' } });
  const colour = el('select', { class: 'ps-colour-by', attrs: { 'aria-label': 'Colour the map by', 'data-testid': 'colour-by' } });
  colour.addEventListener('change', () => opts.onColorBy(colour.value));
  const legend = el('div', { class: 'ps-legend', attrs: { 'data-testid': 'legend', 'aria-label': 'Legend' } });
  const histo = el('div', { class: 'ps-histo', attrs: { 'data-testid': 'histogram' } });
  const status = el('div', { class: 'ps-brush-status', attrs: { 'data-testid': 'brush-status', 'aria-live': 'polite' } });
  const clear = button('All time', 'btn small ghost', () => opts.onBrush(null), { 'data-testid': 'brush-clear' });
  const since = el('input', { class: 'ps-since', attrs: { type: 'date', 'aria-label': 'Show papers new since this date', 'data-testid': 'new-since' } });
  since.addEventListener('change', () => opts.onNewSince(since.value || null));
  const exportBtn = button('Trends CSV', 'btn small', () => opts.onExportTrends(), { 'data-testid': 'export-trends', title: 'Papers per cluster and period as CSV (cluster, label, period, count)' });
  const news = el('div', { class: 'ps-news', attrs: { 'data-testid': 'news', 'aria-live': 'polite' } });
  news.hidden = true;

  root.append(
    el('div', { class: 'ps-tl-left' }, el('label', { class: 'ps-tl-label', text: 'Colour by ' }, colour), legend),
    el('div', { class: 'ps-tl-mid' }, histo, el('div', { class: 'ps-tl-row' }, status, clear)),
    el('div', { class: 'ps-tl-right' }, el('label', { class: 'ps-tl-label', text: 'New since ' }, since), exportBtn),
    news,
  );
  container.append(root);

  let value: TimelineValue | null = null;
  let brush: BrushBehavior<unknown> | null = null;
  let drawnFor: Timeline | null = null;
  let width = 0;
  let silent = false;

  /**
   * The histogram's width as the browser laid it out, kept by a ResizeObserver: reading
   * clientWidth right after a new map changed the page forced a layout of all of it inside that
   * task (issue 10). Without an observer (jsdom) it is read when drawing.
   */
  let laidOut = 0;
  const histoWidth = () => (observer ? laidOut : histo.clientWidth) || 400;
  const observer = typeof ResizeObserver === 'function'
    ? new ResizeObserver((entries) => {
        const w = entries[entries.length - 1].contentRect.width;
        if (Math.abs(w - laidOut) <= 0.5) return;
        laidOut = w;
        if (value?.timeline && Math.abs(histoWidth() - width) > 4) requestAnimationFrame(() => {
          if (!value?.timeline || Math.abs(histoWidth() - width) <= 4) return;
          drawnFor = null;
          render(value);
        });
      })
    : null;
  observer?.observe(histo);

  function drawHistogram(tl: Timeline) {
    histo.replaceChildren();
    width = Math.max(120, histoWidth());
    // The shown window of periods (thin tails left out); bar t is period a + t.
    const [a, last] = tl.window;
    const P = last - a + 1;
    const periods = tl.periods.slice(a, last + 1);
    const totals = Array.from(tl.totals).slice(a, last + 1);
    const x = scaleLinear().domain([0, Math.max(1, P)]).range([0, width]);
    let max = 0;
    for (let t = 0; t < P; t++) max = Math.max(max, totals[t]);
    const svg = select(histo).append('svg').attr('width', width).attr('height', SVG_H).attr('role', 'img')
      .attr('aria-label', `Papers per ${GRAN_WORD[tl.granularity]}, ${periods[0] ?? ''} to ${periods[P - 1] ?? ''}`);
    const bw = P ? width / P : width;
    svg.append('g').selectAll('rect').data(totals).join('rect')
      .attr('class', 'ps-histo-bar')
      .attr('data-period', (_, t) => periods[t])
      .attr('data-count', (d) => d)
      .attr('x', (_, t) => x(t) + (bw > 3 ? 0.5 : 0))
      .attr('width', Math.max(0.8, bw - (bw > 3 ? 1 : 0)))
      .attr('y', (d) => SVG_H - 12 - (max ? ((SVG_H - 14) * d) / max : 0))
      .attr('height', (d) => (max ? ((SVG_H - 14) * d) / max : 0))
      .append('title').text((d, t) => `${periods[t]}: ${plural(d, 'paper')}`);
    const ticks = P <= 1 ? [0] : [0, Math.floor((P - 1) / 2), P - 1];
    svg.append('g').selectAll('text').data([...new Set(ticks)]).join('text')
      .attr('class', 'ps-histo-tick').attr('y', SVG_H - 1)
      .attr('x', (t) => Math.min(width - 2, Math.max(2, x(t + 0.5))))
      .attr('text-anchor', (t) => (t === 0 && P > 1 ? 'start' : t === P - 1 && P > 1 ? 'end' : 'middle'))
      .text((t) => periods[t] ?? '');
    const toRange = (sel: [number, number]): [number, number] => {
      const i = Math.max(0, Math.min(P - 1, Math.floor(x.invert(sel[0]) + 0.5)));
      const j = Math.max(i, Math.min(P - 1, Math.ceil(x.invert(sel[1]) - 0.5) - 1));
      return [a + i, a + j];
    };
    brush = brushX().extent([[0, 0], [width, SVG_H - 12]])
      .on('brush', (ev: { selection: [number, number] | null; sourceEvent?: unknown }) => {
        if (!silent && ev.sourceEvent && ev.selection) opts.onBrush(toRange(ev.selection), true);
      })
      .on('end', (ev: { selection: [number, number] | null; sourceEvent?: unknown }) => {
        if (silent || !ev.sourceEvent) return;
        if (!ev.selection) return opts.onBrush(null);
        const r = toRange(ev.selection);
        opts.onBrush(r);
        // Snap the brush to whole periods.
        silent = true;
        svg.select<SVGGElement>('g.ps-brush').call(brush!.move, [x(r[0] - a), x(r[1] - a + 1)]);
        silent = false;
      });
    svg.append('g').attr('class', 'ps-brush').call(brush);
    drawnFor = tl;
  }

  function syncBrush(v: TimelineValue) {
    if (!brush || !v.timeline) return;
    const a = v.timeline.window[0];
    silent = true;
    const g = select(histo).select<SVGGElement>('g.ps-brush');
    if (!v.brush) g.call(brush.move, null);
    silent = false;
    select(histo).selectAll<SVGRectElement, number>('rect.ps-histo-bar')
      .classed('is-out', (_, t) => v.brush !== null && (t + a < v.brush[0] || t + a > v.brush[1]));
  }

  function renderLegend(v: TimelineValue) {
    legend.replaceChildren();
    if (!v.legend) return;
    const isDate = v.colorBy === 'date';
    const items = isDate && v.legend.length > 8
      ? [v.legend[0], v.legend[Math.floor((v.legend.length - 1) / 2)], ...v.legend.slice(-1)]
      : v.legend;
    if (isDate && v.legend.length > 8) {
      const grad = el('span', { class: 'ps-legend-grad', attrs: { 'aria-hidden': 'true' } });
      const stops = v.legend.filter((e) => !e.label.startsWith('no ')).map((e) => e.color);
      grad.style.background = `linear-gradient(to right, ${stops.join(', ')})`;
      legend.append(grad);
    }
    for (const e of items) {
      const sw = el('span', { class: 'ps-swatch', attrs: { 'aria-hidden': 'true' } });
      sw.style.background = e.color;
      legend.append(el('span', { class: 'ps-legend-item', attrs: { title: `${e.label}: ${plural(e.count, 'paper')}`, dir: 'auto' } }, sw, e.label));
    }
  }

  function renderNews(v: TimelineValue) {
    const n = v.news;
    news.hidden = !n;
    news.replaceChildren();
    if (!n) return;
    const line = el('p', { class: 'ps-news-line' });
    line.append(el('strong', { text: `${plural(n.count, 'new paper')}`, attrs: { 'data-testid': 'news-count' } }), ` (${n.what})`);
    if (n.joined.length) {
      line.append(' · joined: ');
      n.joined.slice(0, 6).forEach((j, k) => line.append(k ? ', ' : '', el('span', { class: 'ps-news-cluster', text: `${j.label} (+${j.n})`, attrs: { dir: 'auto', 'data-testid': 'news-joined' } })));
      if (n.joined.length > 6) line.append(`, ${n.joined.length - 6} more`);
    }
    if (n.formed.length) {
      line.append(' · new clusters: ');
      n.formed.forEach((f, k) => line.append(k ? ', ' : '', el('span', { class: 'ps-news-cluster is-formed', text: `${f.label} (${f.n} of ${f.size})`, attrs: { dir: 'auto', 'data-testid': 'news-formed' } })));
    }
    news.append(line, button('×', 'btn ghost small', () => opts.onClearNew(), { 'aria-label': 'Stop highlighting new papers' }));
  }

  function render(v: TimelineValue) {
    root.hidden = false;
    const want = ['cluster', ...(v.timeline && v.timeline.periods.length ? ['date'] : []), ...v.fields.map((f) => `field:${f}`)];
    if (colour.options.length !== want.length || [...colour.options].some((o, k) => o.value !== want[k])) {
      colour.replaceChildren();
      for (const k of want) colour.append(el('option', { text: k === 'cluster' ? 'cluster' : k === 'date' ? 'date' : k.slice(6), attrs: { value: k } }));
    }
    colour.value = v.colorBy;
    renderLegend(v);
    const tl = v.timeline;
    if (!tl || !tl.periods.length) {
      histo.replaceChildren(el('span', { class: 'ps-muted', text: 'No dates in these papers.' }));
      drawnFor = null;
      status.textContent = '';
    } else {
      if (drawnFor !== tl || Math.abs(histoWidth() - width) > 4) drawHistogram(tl);
      syncBrush(v);
      const dated = tl.periodOf.length - tl.undated - tl.tooCoarse;
      const [a, b] = tl.window;
      let outside = 0;
      for (let t = 0; t < tl.totals.length; t++) if (t < a || t > b) outside += tl.totals[t];
      const notes = [
        ...(outside ? [`${outside} earlier/later not drawn`] : []),
        ...(tl.undated + tl.tooCoarse ? [`${tl.undated + tl.tooCoarse} without a ${GRAN_WORD[tl.granularity]}`] : []),
      ];
      status.textContent = v.brush
        ? `${plural(v.inside, 'paper')} in ${tl.periods[v.brush[0]]}${v.brush[1] > v.brush[0] ? ` – ${tl.periods[v.brush[1]]}` : ''}`
        : `${plural(dated, 'paper')} by ${GRAN_WORD[tl.granularity]}, ${tl.periods[a]} – ${tl.periods[b]}${notes.length ? ` (${notes.join('; ')})` : ''} · drag to filter`;
      status.dataset.inside = String(v.brush ? v.inside : dated);
    }
    clear.hidden = !v.brush;
    if (since.value !== v.newSince) since.value = v.newSince;
    renderNews(v);
  }

  root.hidden = true;
  return {
    element: root,
    update(v: TimelineValue | null) {
      value = v;
      if (!v) {
        root.hidden = true;
        return;
      }
      render(v);
    },
    resize() {
      if (value?.timeline && Math.abs(histoWidth() - width) > 4) {
        drawnFor = null;
        render(value);
      }
    },
  };
}
