/**
 * Reads the figures issue 12 asks of a map from its SVG export (structure in
 * src/map/export-image.ts): 2-D silhouette by cluster, truncated and
 * overlapping labels, labels off their cluster's region without a leader line,
 * and the share of the map area its points use. Also reads an older export
 * (points grouped by colour, no regions), so "before" figures can be taken.
 */

/** A parsed SVG element: tag, attributes, children, text. Enough XML for the export's own output. */
interface Node { tag: string; attrs: Record<string, string>; children: Node[]; parent: Node | null; text: string }

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&amp;/g, '&');

function parse(xml: string): Node {
  const root: Node = { tag: '#root', attrs: {}, children: [], parent: null, text: '' };
  let cur = root;
  const re = /<([/!?]?)([\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>|([^<]+)/g;
  for (let m; (m = re.exec(xml)); ) {
    if (m[5] !== undefined) {
      cur.text += unescape(m[5]);
      continue;
    }
    if (m[1] === '!' || m[1] === '?') continue;
    if (m[1] === '/') {
      cur = cur.parent ?? root;
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of m[3].matchAll(/([\w:-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) attrs[a[1]] = unescape(a[3] ?? a[4] ?? '');
    const node: Node = { tag: m[2], attrs, children: [], parent: cur, text: '' };
    cur.children.push(node);
    if (!m[4]) cur = node;
  }
  return root;
}

function all(n: Node, pred: (n: Node) => boolean, out: Node[] = []): Node[] {
  for (const c of n.children) {
    if (pred(c)) out.push(c);
    all(c, pred, out);
  }
  return out;
}
const textOf = (n: Node): string => n.text + n.children.map(textOf).join('');
const hasClass = (n: Node | null, c: string) => !!n && (n.attrs.class ?? '').split(' ').includes(c);
const within = (n: Node, c: string) => {
  for (let p = n.parent; p; p = p.parent) if (hasClass(p, c)) return true;
  return false;
};

export interface SvgFigures {
  points: number;
  clusters: number;
  silhouette: number;
  labels: number;
  truncated: number;
  overlapping: number;
  /** Labels whose box does not overlap their cluster's region and that have no leader line. */
  stray: number;
  /** Share of 32-px cells of the map area holding at least one point (at most points / cells: 5% for 68 points). */
  canvasShare: number;
  /** Area of the points' convex hull over the map area: how much of the canvas the map spans, for any number of points. */
  hullShare: number;
  regions: number;
}

interface Box { x0: number; y0: number; x1: number; y1: number }

export function silhouette(xs: ArrayLike<number>, ys: ArrayLike<number>, cl: ArrayLike<number>): number {
  const idx: number[] = [];
  for (let i = 0; i < cl.length; i++) if (cl[i] >= 0 && Number.isFinite(xs[i]) && Number.isFinite(ys[i])) idx.push(i);
  const ids = [...new Set(idx.map((i) => cl[i]))];
  if (ids.length < 2) return 0;
  const pos = new Map(ids.map((c, k) => [c, k]));
  const size = new Float64Array(ids.length);
  for (const i of idx) size[pos.get(cl[i])!]++;
  let total = 0;
  const sum = new Float64Array(ids.length);
  for (const i of idx) {
    sum.fill(0);
    for (const j of idx) if (j !== i) sum[pos.get(cl[j])!] += Math.hypot(xs[i] - xs[j], ys[i] - ys[j]);
    const own = pos.get(cl[i])!;
    if (size[own] <= 1) continue;
    const a = sum[own] / (size[own] - 1);
    let b = Infinity;
    for (let k = 0; k < ids.length; k++) if (k !== own && size[k] > 0) b = Math.min(b, sum[k] / size[k]);
    total += (b - a) / Math.max(a, b);
  }
  return total / idx.length;
}

/** Area of the convex hull of the points (monotone chain). */
export function hullArea(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  const p: [number, number][] = [];
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i]) && Number.isFinite(ys[i])) p.push([xs[i], ys[i]]);
  if (p.length < 3) return 0;
  p.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: number[], a: number[], b: number[]) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (pts: [number, number][]) => {
    const h: [number, number][] = [];
    for (const q of pts) {
      while (h.length >= 2 && cross(h[h.length - 2], h[h.length - 1], q) <= 0) h.pop();
      h.push(q);
    }
    return h.slice(0, -1);
  };
  const hull = [...half(p), ...half([...p].reverse())];
  let a = 0;
  for (let i = 0, j = hull.length - 1; i < hull.length; j = i++) a += hull[j][0] * hull[i][1] - hull[i][0] * hull[j][1];
  return Math.abs(a) / 2;
}

export function canvasShare(xs: ArrayLike<number>, ys: ArrayLike<number>, width: number, height: number, cell = 32): number {
  const gw = Math.ceil(width / cell), gh = Math.ceil(height / cell);
  const seen = new Uint8Array(gw * gh);
  for (let i = 0; i < xs.length; i++) {
    const gx = Math.floor(xs[i] / cell), gy = Math.floor(ys[i] / cell);
    if (gx >= 0 && gy >= 0 && gx < gw && gy < gh) seen[gy * gw + gx] = 1;
  }
  return seen.reduce((s, v) => s + v, 0) / seen.length;
}

const num = (e: Node, a: string) => Number(e.attrs[a]);
const hit = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

function rings(d: string): number[][] {
  return d.split('Z').filter((s) => s.trim()).map((r) => r.replace(/[ML]/g, ' ').trim().split(/[\s,]+/).map(Number));
}
function inRings(rs: number[][], x: number, y: number): boolean {
  let inside = false;
  for (const p of rs) {
    const m = p.length >> 1;
    for (let i = 0, j = m - 1; i < m; j = i++) {
      const xi = p[2 * i], yi = p[2 * i + 1], xj = p[2 * j], yj = p[2 * j + 1];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

export function svgFigures(svgText: string): SvgFigures {
  const doc = parse(svgText);
  const svg = all(doc, (n) => n.tag === 'svg')[0];
  const width = num(svg, 'width'), height = num(svg, 'height');
  const legend = all(svg, (n) => n.tag === 'rect' && n.attrs.fill === '#f7f7f7')[0];
  const mapW = legend ? num(legend, 'x') : width;
  // Points: grouped per cluster (data-cluster) or, in older exports, per colour (the fill).
  const xs: number[] = [], ys: number[] = [], cl: number[] = [];
  const keys = new Map<string, number>();
  for (const c of all(svg, (n) => n.tag === 'circle' && !within(n, 'leaders'))) {
    const g = c.parent!;
    const key = g.attrs['data-cluster'] ?? g.attrs.fill ?? '';
    if (key === '-1' || key.toLowerCase() === '#9a9a9a') continue;
    if (!keys.has(key)) keys.set(key, keys.size);
    xs.push(num(c, 'cx'));
    ys.push(num(c, 'cy'));
    cl.push(keys.get(key)!);
  }
  // Labels: g.label (rect + text) in new exports; in older ones, a rect with rx, a bar rect, then the text.
  type L = { box: Box; text: string; cluster: string | null };
  const labels: L[] = [];
  const boxOf = (r: Node): Box => ({ x0: num(r, 'x'), y0: num(r, 'y'), x1: num(r, 'x') + num(r, 'width'), y1: num(r, 'y') + num(r, 'height') });
  const groups = all(svg, (n) => n.tag === 'g' && hasClass(n, 'label'));
  if (groups.length) {
    for (const g of groups) {
      const r = g.children.find((c) => c.tag === 'rect')!;
      const t = g.children.find((c) => c.tag === 'text');
      labels.push({ box: boxOf(r), text: t ? textOf(t) : '', cluster: g.attrs['data-cluster'] ?? null });
    }
  } else {
    for (const r of all(svg, (n) => n.tag === 'rect' && n.attrs.rx !== undefined)) {
      const sib = r.parent!.children;
      const t = sib[sib.indexOf(r) + 2];
      labels.push({ box: boxOf(r), text: t ? textOf(t) : '', cluster: null });
    }
  }
  let overlapping = 0;
  for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) if (hit(labels[i].box, labels[j].box)) overlapping++;
  // Legend texts: the texts right of a 10 x 10 swatch (old) or in g.legend-row (new).
  const legendTexts = all(svg, (n) => n.tag === 'text' && (within(n, 'legend-row') || (!within(n, 'label') && !within(n, 'labels') && num(n, 'x') > mapW)))
    .map(textOf);
  const truncated = labels.filter((l) => l.text.includes('…')).length + legendTexts.filter((t) => t.includes('…')).length;
  const regionOf = new Map<string, number[][]>();
  for (const p of all(svg, (n) => n.tag === 'path' && within(n, 'regions'))) regionOf.set(p.attrs['data-cluster'] ?? '', rings(p.attrs.d ?? ''));
  const leaders = new Set(all(svg, (n) => n.tag === 'line' && within(n, 'leaders')).map((l) => l.attrs['data-cluster']));
  let stray = 0;
  for (const l of labels) {
    if (l.cluster !== null && leaders.has(l.cluster)) continue;
    const rs = l.cluster !== null ? regionOf.get(l.cluster) : undefined;
    // On its region: the label box and the region overlap (a point of the box's 5 x 3 sample grid lies
    // inside the region, or a vertex of the region's outline lies inside the box).
    let on = false;
    if (rs) for (let a = 0; a <= 4 && !on; a++) for (let b = 0; b <= 2 && !on; b++) on = inRings(rs, l.box.x0 + ((l.box.x1 - l.box.x0) * a) / 4, l.box.y0 + ((l.box.y1 - l.box.y0) * b) / 2);
    if (rs && !on) on = rs.some((r) => { for (let k = 0; k + 1 < r.length; k += 2) if (r[k] >= l.box.x0 && r[k] <= l.box.x1 && r[k + 1] >= l.box.y0 && r[k + 1] <= l.box.y1) return true; return false; });
    if (!on) stray++;
  }
  return {
    points: xs.length, clusters: keys.size, silhouette: silhouette(xs, ys, cl), labels: labels.length, truncated, overlapping, stray,
    canvasShare: canvasShare(xs, ys, mapW, height), hullShare: hullArea(xs, ys) / (mapW * height), regions: regionOf.size,
  };
}
