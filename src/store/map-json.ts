/**
 * Opens the JSON written by `npm run map` as a session: the map computed once
 * (on any machine, headless) is shown without embedding anything again.
 * Everything is validated as data.
 */
import type { MapResult } from '../types.ts';
import { checkInfo, checkPaper, checkSettings, layoutOf, SessionError, type Session } from './session.ts';
import { checkMap, type LevelInput } from './map-schema.ts';

/** Marker the file opens with, so the page can recognise it from its first bytes. */
export const MAP_JSON_MARKER = /"app"\s*:\s*"paperscope"/;

export function isMapJson(v: unknown): boolean {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return o.app === 'paperscope' && Array.isArray(o.papers) && Array.isArray(o.clusters);
}

type Row = Record<string, unknown>;
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);

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
  const dupOf = Int32Array.from({ length: n }, (_, i) => {
    const d = field(i, 'dupOf');
    return typeof d === 'string' && index.has(d) ? index.get(d)! : i;
  });
  // Members are listed by paper id; an unknown id maps to -1 and is dropped by the schema.
  const members = (r: Row) => (Array.isArray(r.papers) ? r.papers.map((id) => (typeof id === 'string' ? index.get(id) ?? -1 : -1)) : undefined);
  const level = (name: string): LevelInput | undefined => (Array.isArray(o[name]) ? { field: name, rows: o[name] as unknown[], members } : undefined);
  const checked = checkMap({
    n, x, y,
    clusterOf: (i) => field(i, 'cluster'),
    clusterField: (i) => `papers[${i}].cluster`,
    clusters: level('clusters')!,
    coarse: level('coarse'),
    subtopics: level('subtopics'),
  });
  const settings = checkSettings(o.settings);
  const result: MapResult = { layout: layoutOf(checked, x, y, dupOf), info: checkInfo({ backend: 'wasm', model: o.model }, settings, n) };
  return { papers, settings, labels: new Map(), merges: [], result, notices: checked.notices };
}
