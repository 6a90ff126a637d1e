/**
 * Opens the JSON written by `npm run map` as a session: the map computed once
 * (on any machine, headless) is shown without embedding anything again.
 * Everything is validated as data.
 */
import type { ClusterInfo, Layout, MapResult } from '../types.ts';
import { normaliseTree } from '../topic-tree.ts';
import { checkInfo, checkPaper, checkSettings, SessionError, type Session } from './session.ts';

/** Marker the file opens with, so the page can recognise it from its first bytes. */
export const MAP_JSON_MARKER = /"app"\s*:\s*"paperscope"/;

export function isMapJson(v: unknown): boolean {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return o.app === 'paperscope' && Array.isArray(o.papers) && Array.isArray(o.clusters);
}

type Row = Record<string, unknown>;
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);

/** Mean position of a cluster's most representative papers (the list is in representative order). */
function centre(members: number[], x: Float32Array, y: Float32Array): [number, number] {
  const top = members.filter((i) => Number.isFinite(x[i]) && Number.isFinite(y[i])).slice(0, 10);
  if (!top.length) return [NaN, NaN];
  return [top.reduce((s, i) => s + x[i], 0) / top.length, top.reduce((s, i) => s + y[i], 0) / top.length];
}

export function fromMapJson(v: unknown): Session {
  if (!isMapJson(v)) throw new SessionError('Not a map written by `npm run map`.');
  const o = v as Row;
  const rows = o.papers as unknown[];
  const papers = rows.map((r, i) => checkPaper(r, i));
  const index = new Map<string, number>();
  papers.forEach((p, i) => {
    if (!index.has(p.id)) index.set(p.id, i);
  });
  const n = papers.length;
  const field = (i: number, k: string) => (rows[i] && typeof rows[i] === 'object' ? (rows[i] as Row)[k] : undefined);
  const x = Float32Array.from({ length: n }, (_, i) => num(field(i, 'x')));
  const y = Float32Array.from({ length: n }, (_, i) => num(field(i, 'y')));
  const cluster = Int32Array.from({ length: n }, (_, i) => {
    const c = field(i, 'cluster');
    return Number.isInteger(c) ? (c as number) : -1;
  });
  const dupOf = Int32Array.from({ length: n }, (_, i) => {
    const d = field(i, 'dupOf');
    return typeof d === 'string' && index.has(d) ? index.get(d)! : i;
  });
  const clusters: ClusterInfo[] = (o.clusters as unknown[]).map((c, k) => {
    const r = (c && typeof c === 'object' ? c : {}) as Row;
    if (!Number.isInteger(r.id)) throw new SessionError(`clusters[${k}].id must be an integer.`);
    const ids = Array.isArray(r.papers) ? r.papers : [];
    const members = ids.map((id) => (typeof id === 'string' ? index.get(id) : undefined)).filter((i): i is number => i !== undefined);
    const [cx, cy] = centre(members, x, y);
    return {
      id: r.id as number,
      label: typeof r.label === 'string' ? r.label : `Cluster ${r.id}`,
      terms: Array.isArray(r.terms) ? r.terms.filter((t): t is string => typeof t === 'string') : [],
      size: members.length,
      members,
      cx,
      cy,
      ...(Number.isInteger(r.parent) ? { parent: r.parent as number } : {}),
      ...(Number.isInteger(r.level) ? { level: r.level as number } : {}),
      ...(typeof r.honesty === 'number' && r.honesty >= 0 && r.honesty <= 1 ? { honesty: r.honesty } : {}),
    };
  });
  // Subtopics: members by paper id, like the clusters; each names its topic as parent.
  const subtopics: ClusterInfo[] = Array.isArray(o.subtopics)
    ? (o.subtopics as unknown[]).flatMap((c) => {
        const r = (c && typeof c === 'object' ? c : {}) as Row;
        if (!Number.isInteger(r.id) || !Number.isInteger(r.parent)) return [];
        const ids = Array.isArray(r.papers) ? r.papers : [];
        const members = ids.map((id) => (typeof id === 'string' ? index.get(id) : undefined)).filter((i): i is number => i !== undefined);
        const [cx, cy] = centre(members, x, y);
        const terms = Array.isArray(r.terms) ? r.terms.filter((t): t is string => typeof t === 'string') : [];
        return [{ id: r.id as number, label: typeof r.label === 'string' ? r.label : `Subtopic ${r.id}`, terms, size: members.length, members, cx, cy, parent: r.parent as number }];
      })
    : [];
  const coarse: ClusterInfo[] | undefined = Array.isArray(o.coarse)
    ? (o.coarse as unknown[]).flatMap((c) => {
        const r = (c && typeof c === 'object' ? c : {}) as Row;
        if (!Number.isInteger(r.id)) return [];
        const members = clusters.filter((f) => f.parent === r.id).flatMap((f) => f.members);
        const [cx, cy] = centre(members, x, y);
        const terms = Array.isArray(r.terms) ? r.terms.filter((t): t is string => typeof t === 'string') : [];
        return [{ id: r.id as number, label: typeof r.label === 'string' ? r.label : '', terms, size: members.length, members, cx, cy }];
      })
    : undefined;
  const settings = checkSettings(o.settings);
  const layout: Layout = normaliseTree({ x, y, cluster, dupOf, clusters, ...(coarse?.length ? { coarse } : {}), ...(subtopics.length ? { subtopics } : {}) });
  const result: MapResult = { layout, info: checkInfo({ backend: 'wasm', model: o.model }, settings, n) };
  return { papers, settings, labels: new Map(), merges: [], result };
}
