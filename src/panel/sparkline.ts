/**
 * A cluster's papers per period as a tiny inline SVG bar chart, with its rising / fading
 * mark. Separate from the cluster table so the table only needs one narrow hook: a cell
 * builder and a sort value (see ClusterListValue.trend).
 */
import type { TrendStat } from '../time/trend.ts';
import { TREND_TEST_TEXT } from '../time/trend.ts';
import { el } from './dom.ts';

const SVG = 'http://www.w3.org/2000/svg';
const W = 64, H = 16;

/** Bars for `counts` scaled to their own maximum; `inside` (period range) drawn darker when given. */
export function sparkline(counts: ArrayLike<number>, opts: { color: string; inside?: [number, number] | null }): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', String(W));
  svg.setAttribute('height', String(H));
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('ps-spark');
  const n = counts.length;
  let max = 0;
  for (let t = 0; t < n; t++) max = Math.max(max, counts[t]);
  const bw = n ? W / n : W;
  for (let t = 0; t < n; t++) {
    if (!counts[t]) continue;
    const h = Math.max(1, (H - 1) * (counts[t] / max));
    const r = document.createElementNS(SVG, 'rect');
    r.setAttribute('x', (t * bw + (bw > 3 ? 0.5 : 0)).toFixed(2));
    r.setAttribute('width', Math.max(0.6, bw - (bw > 3 ? 1 : 0)).toFixed(2));
    r.setAttribute('y', (H - h).toFixed(2));
    r.setAttribute('height', h.toFixed(2));
    const out = opts.inside && (t < opts.inside[0] || t > opts.inside[1]);
    r.setAttribute('fill', out ? '#cfcfcf' : opts.color);
    svg.append(r);
  }
  return svg;
}

const ARROW = { rising: '▲', fading: '▼' } as const;

/**
 * The trend cell: sparkline of the shown window of periods, then ▲ / ▼ for a significant rise
 * or fall, with the counts and the test in the tooltip. `data-counts` holds every period.
 */
export function trendCell(counts: ArrayLike<number>, periods: readonly string[], window: [number, number], stat: TrendStat, color: string,
  inside?: [number, number] | null): HTMLElement {
  const [a, b] = window;
  const shown = Array.from(counts).slice(a, b + 1);
  const hidden = Array.from(counts).reduce((s, v) => s + v, 0) - shown.reduce((s, v) => s + v, 0);
  const per = periods.slice(a, b + 1).map((p, t) => `${p}: ${shown[t]}`).join('\n') + (hidden ? `\n(+${hidden} outside ${periods[a]} – ${periods[b]})` : '');
  const verdict = stat.mark ? `${stat.mark} (p = ${stat.p.toExponential(1)})` : 'no significant change';
  const title = `${per}\n\nLast third of the periods: ${stat.recent} of ${stat.total} papers, ${stat.ratio.toFixed(2)}× the corpus share — ${verdict}.\n${TREND_TEST_TEXT}`;
  const wrap = el('span', { class: 'ps-trend', attrs: { title, 'data-trend': stat.mark ?? 'flat', 'data-counts': Array.from(counts).join(',') } });
  wrap.append(sparkline(shown, { color, inside: inside ? [inside[0] - a, inside[1] - a] : null }));
  const mark = el('span', { class: `ps-trend-mark ${stat.mark ?? ''}`.trim(), text: stat.mark ? ARROW[stat.mark] : '' });
  mark.append(el('span', { class: 'ps-sr-only', text: stat.mark ? ` ${stat.mark}` : ' steady' }));
  wrap.append(mark);
  return wrap;
}
