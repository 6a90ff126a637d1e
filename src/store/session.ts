/**
 * Session files: the papers, settings, map and user edits as one JSON value,
 * so a map can be saved, reopened, and restored after a reload without
 * re-embedding. Typed arrays travel as number arrays (NaN as null).
 * Everything read back is validated as data; nothing in it is executed.
 */
import type { ClusterInfo, Layout, MapResult, MapSettings, Paper, RunInfo } from '../types.ts';
import { DEFAULT_SETTINGS } from '../types.ts';
import { dateOf, parseIsoDate } from '../ingest/dates.ts';

export const SESSION_KIND = 'paperscope-session';
export const SESSION_VERSION = 1;

export interface Session {
  papers: Paper[];
  settings: MapSettings;
  labels: Map<number, string>;
  /** Merges already applied to `result.layout`, kept so they follow a re-layout. */
  merges: number[][];
  result: MapResult | null;
}

interface LayoutJson {
  x: (number | null)[];
  y: (number | null)[];
  cluster: number[];
  dupOf: number[];
  clusters: ClusterInfo[];
  coarse?: ClusterInfo[];
}

export interface SessionJson {
  kind: typeof SESSION_KIND;
  version: number;
  savedAt: string;
  papers: Paper[];
  settings: MapSettings;
  labels: [number, string][];
  merges?: number[][];
  result: { info: RunInfo; layout: LayoutJson } | null;
}

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

export function toSessionJson(s: Session): SessionJson {
  const l = s.result?.layout;
  return {
    kind: SESSION_KIND,
    version: SESSION_VERSION,
    savedAt: new Date().toISOString(),
    papers: s.papers,
    settings: s.settings,
    labels: [...s.labels],
    merges: s.merges,
    result:
      s.result && l
        ? {
            info: s.result.info,
            layout: {
              x: Array.from(l.x, finiteOrNull),
              y: Array.from(l.y, finiteOrNull),
              cluster: Array.from(l.cluster),
              dupOf: Array.from(l.dupOf),
              clusters: l.clusters,
              ...(l.coarse ? { coarse: l.coarse } : {}),
            },
          }
        : null,
  };
}

export class SessionError extends Error {
  override name = 'SessionError';
}

/** True when a parsed JSON value claims to be a session file. */
export function isSessionJson(v: unknown): boolean {
  return !!v && typeof v === 'object' && (v as { kind?: unknown }).kind === SESSION_KIND;
}

/** Validates and converts a parsed session file; throws SessionError naming the first problem. */
export function fromSessionJson(v: unknown): Session {
  if (!isSessionJson(v)) throw new SessionError('Not a Paperscope session file.');
  const o = v as Partial<SessionJson>;
  if (typeof o.version !== 'number' || o.version > SESSION_VERSION) throw new SessionError(`Unsupported session version ${String(o.version)}.`);
  if (!Array.isArray(o.papers)) throw new SessionError('Session file: "papers" must be an array.');
  const papers = o.papers.map((p, i) => checkPaper(p, i));
  const settings = checkSettings(o.settings);
  const labels = new Map<number, string>();
  for (const e of Array.isArray(o.labels) ? o.labels : []) {
    if (Array.isArray(e) && typeof e[0] === 'number' && typeof e[1] === 'string') labels.set(e[0], e[1]);
  }
  const merges = (Array.isArray(o.merges) ? o.merges : []).filter(
    (g): g is number[] => Array.isArray(g) && g.every((id) => Number.isInteger(id)),
  );
  const result = o.result ? { info: checkInfo(o.result.info, settings, papers.length), layout: checkLayout(o.result.layout, papers.length) } : null;
  return { papers, settings, labels, merges, result };
}

export function checkPaper(p: unknown, i: number): Paper {
  if (!p || typeof p !== 'object') throw new SessionError(`papers[${i}] is not an object.`);
  const o = p as Record<string, unknown>;
  if (typeof o.title !== 'string' || typeof o.abstract !== 'string') throw new SessionError(`papers[${i}] needs a string title and abstract.`);
  const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
  const source = (o.source && typeof o.source === 'object' ? o.source : {}) as Record<string, unknown>;
  const paper: Paper = {
    id: str('id') ?? `session:${i + 1}`,
    title: o.title,
    abstract: o.abstract,
    authors: Array.isArray(o.authors) ? o.authors.filter((a): a is string => typeof a === 'string') : [],
    year: typeof o.year === 'number' && Number.isFinite(o.year) ? o.year : undefined,
    url: str('url'),
    doi: str('doi'),
    arxivId: str('arxivId'),
    venue: str('venue'),
    keywords: Array.isArray(o.keywords) ? o.keywords.filter((k): k is string => typeof k === 'string') : undefined,
    raw: str('raw'),
    source: {
      file: typeof source.file === 'string' ? source.file : 'session',
      row: typeof source.row === 'number' ? source.row : i + 1,
      line: typeof source.line === 'number' ? source.line : undefined,
      format: 'session',
    },
  };
  // A date as written by the app ({iso, precision}) or by `npm run map` (the ISO string); else from the paper's fields.
  const date = parseIsoDate(typeof o.date === 'string' ? o.date : (o.date as { iso?: unknown } | undefined)?.iso) ?? dateOf(paper);
  if (date) paper.date = date;
  return paper;
}

/** Settings from untrusted data: each field a finite number, else its default. */
export function checkSettings(s: unknown): MapSettings {
  const o = (s && typeof s === 'object' ? s : {}) as Record<string, unknown>;
  const num = (k: keyof MapSettings) => (typeof o[k] === 'number' && Number.isFinite(o[k]) ? (o[k] as number) : DEFAULT_SETTINGS[k]);
  return { semanticWeight: num('semanticWeight'), resolution: num('resolution'), nNeighbors: num('nNeighbors'), seed: num('seed') };
}

/** Run info from untrusted data; timings and counts are not carried over (nothing ran here). */
export function checkInfo(info: unknown, settings: MapSettings, n: number): RunInfo {
  const o = (info && typeof info === 'object' ? info : {}) as Partial<RunInfo>;
  return {
    backend: o.backend === 'webgl' || o.backend === 'wasm' || o.backend === 'cpu' ? o.backend : 'cpu',
    model: typeof o.model === 'string' ? o.model : 'unknown',
    settings,
    timings: {},
    nPapers: n,
    nEmbedded: 0,
    nCached: 0,
    notices: [],
  };
}

export function checkLayout(l: unknown, n: number): Layout {
  if (!l || typeof l !== 'object') throw new SessionError('Session file: the map is missing.');
  const o = l as Partial<LayoutJson>;
  for (const k of ['x', 'y', 'cluster', 'dupOf'] as const) {
    if (!Array.isArray(o[k]) || o[k]!.length !== n) throw new SessionError(`Session file: layout.${k} must have one entry per paper (${n}).`);
  }
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);
  const cluster = Int32Array.from(o.cluster!, (v) => (Number.isInteger(v) ? (v as number) : -1));
  const dupOf = Int32Array.from(o.dupOf!, (v, i) => (Number.isInteger(v) && (v as number) >= 0 && (v as number) < n ? (v as number) : i));
  const clusters = checkClusters(o.clusters, n);
  return {
    x: Float32Array.from(o.x!, num),
    y: Float32Array.from(o.y!, num),
    cluster,
    dupOf,
    clusters,
    ...(o.coarse ? { coarse: checkClusters(o.coarse, n) } : {}),
  };
}

function checkClusters(v: unknown, n: number): ClusterInfo[] {
  if (!Array.isArray(v)) throw new SessionError('Session file: "clusters" must be an array.');
  return v.map((c, i) => {
    const o = (c && typeof c === 'object' ? c : {}) as Record<string, unknown>;
    if (typeof o.id !== 'number') throw new SessionError(`clusters[${i}].id must be a number.`);
    const members = Array.isArray(o.members) ? o.members.filter((m): m is number => Number.isInteger(m) && m >= 0 && m < n) : [];
    return {
      id: o.id,
      label: typeof o.label === 'string' ? o.label : `Cluster ${o.id}`,
      terms: Array.isArray(o.terms) ? o.terms.filter((t): t is string => typeof t === 'string') : [],
      size: typeof o.size === 'number' ? o.size : members.length,
      members,
      cx: typeof o.cx === 'number' ? o.cx : 0,
      cy: typeof o.cy === 'number' ? o.cy : 0,
      ...(typeof o.parent === 'number' ? { parent: o.parent } : {}),
    };
  });
}
