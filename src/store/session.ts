/**
 * Session files: the papers, settings, map and user edits as one JSON value,
 * so a map can be saved, reopened, and restored after a reload without
 * re-embedding. Typed arrays travel as number arrays (NaN as null).
 * Everything read back is validated as data; nothing in it is executed.
 */
import type { ClusterInfo, Layout, MapResult, MapSettings, Paper, RunInfo } from '../types.ts';
import { DEFAULT_SETTINGS } from '../types.ts';
import { dateOf, parseIsoDate } from '../ingest/dates.ts';
import { head } from '../util/limits.ts';
import { normaliseTree } from '../topic-tree.ts';
import { checkLabels, checkMap, MapSchemaError, type CheckedMap, type LevelInput } from './map-schema.ts';
import { runSync, type Task } from '../util/slice.ts';

export const SESSION_KIND = 'paperscope-session';
export const SESSION_VERSION = 1;

export interface Session {
  papers: Paper[];
  settings: MapSettings;
  labels: Map<number, string>;
  /** Merges already applied to `result.layout`, kept so they follow a re-layout. */
  merges: number[][];
  result: MapResult | null;
  /** What was repaired while reading a file (shown to the user); empty for a map made here. */
  notices?: string[];
}

interface LayoutJson {
  x: (number | null)[];
  y: (number | null)[];
  cluster: number[];
  dupOf: number[];
  clusters: ClusterInfo[];
  coarse?: ClusterInfo[];
  subtopics?: ClusterInfo[];
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

/** Values copied between two checkpoints of `toSessionJsonTask`. */
export const COPY_STEP = 16_384;

/**
 * A typed array as a plain one, non-finite values as null, with a checkpoint every COPY_STEP
 * values. A loop: `Array.from(typed, fn)` took ~50 ms per 100,000 values, and the four arrays
 * of a 100,000-paper map were one 0.25-0.58 s step of its autosave (issue 16).
 */
function* plain(a: ArrayLike<number>, finite: boolean): Task<(number | null)[]> {
  const out = new Array<number | null>(a.length);
  for (let i = 0; i < a.length; i++) {
    if (i % COPY_STEP === COPY_STEP - 1) yield;
    const v = a[i];
    out[i] = !finite || Number.isFinite(v) ? v : null;
  }
  yield;
  return out;
}

export function toSessionJson(s: Session): SessionJson {
  return runSync(toSessionJsonTask(s));
}

/** `toSessionJson` as a task (the autosave runs it in slices). */
export function* toSessionJsonTask(s: Session): Task<SessionJson> {
  const l = s.result?.layout;
  const layout = s.result && l
    ? {
        x: yield* plain(l.x, true),
        y: yield* plain(l.y, true),
        cluster: (yield* plain(l.cluster, false)) as number[],
        dupOf: (yield* plain(l.dupOf, false)) as number[],
        clusters: l.clusters,
        ...(l.coarse ? { coarse: l.coarse } : {}),
        ...(l.subtopics ? { subtopics: l.subtopics } : {}),
      }
    : null;
  return {
    kind: SESSION_KIND,
    version: SESSION_VERSION,
    savedAt: new Date().toISOString(),
    papers: s.papers,
    settings: s.settings,
    labels: [...s.labels],
    merges: s.merges,
    result: s.result && layout ? { info: s.result.info, layout } : null,
  };
}

/** A file that cannot be opened; the message names the field. */
export const SessionError = MapSchemaError;

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
  if (!o.result) {
    return { papers, settings, labels: new Map(), merges: [], result: null, notices: [] };
  }
  const checked = checkLayout(o.result.layout, papers.length);
  const labels = checkLabels(o.labels, checked);
  // Merges name ids that were merged away, so they are checked as integers only; when ids
  // were renumbered they cannot follow, and are dropped (the map keeps them applied).
  let merges = (Array.isArray(o.merges) ? o.merges : []).filter(
    (g): g is number[] => Array.isArray(g) && g.every((id) => Number.isSafeInteger(id) && id >= 0),
  );
  if (checked.renumbered && merges.length) {
    merges = [];
    checked.notices.push('Merges saved in the file cannot follow renumbered ids; a re-layout will not repeat them.');
  }
  const result = { info: checkInfo(o.result.info, settings, papers.length), layout: layoutOf(checked, checked.x, checked.y, checked.dupOf) };
  return { papers, settings, labels, merges, result, notices: checked.notices };
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
    backend: o.backend === 'webgpu' || o.backend === 'webgl' || o.backend === 'wasm' || o.backend === 'cpu' ? o.backend : 'cpu',
    // Shown in the run info and stamped on every export: one line of at most 200 characters.
    model: typeof o.model === 'string' ? head(o.model.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim(), 200) || 'unknown' : 'unknown',
    settings,
    timings: {},
    nPapers: n,
    nEmbedded: 0,
    nCached: 0,
    notices: [],
  };
}

/** The layout of a session file, through the one map schema (see map-schema.ts). */
export function checkLayout(l: unknown, n: number): CheckedMap & { x: Float32Array; y: Float32Array; dupOf: Int32Array } {
  if (!l || typeof l !== 'object') throw new SessionError('Session file: the map is missing.');
  const o = l as Partial<LayoutJson> & Record<string, unknown>;
  for (const k of ['x', 'y', 'cluster', 'dupOf'] as const) {
    if (!Array.isArray(o[k]) || o[k]!.length !== n) throw new SessionError(`Session file: layout.${k} must have one entry per paper (${n}).`);
  }
  if (!Array.isArray(o.clusters)) throw new SessionError('Session file: layout.clusters must be an array.');
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);
  const x = Float32Array.from(o.x!, num);
  const y = Float32Array.from(o.y!, num);
  const dupOf = Int32Array.from(o.dupOf!, (v, i) => (Number.isInteger(v) && (v as number) >= 0 && (v as number) < n ? (v as number) : i));
  const level = (field: string, rows: unknown): LevelInput | undefined =>
    Array.isArray(rows) ? { field: `layout.${field}`, rows, members: (r) => (Array.isArray(r.members) ? (r.members as number[]) : undefined) } : undefined;
  const checked = checkMap({
    n, x, y,
    clusterOf: (i) => o.cluster![i],
    clusterField: (i) => `layout.cluster[${i}]`,
    clusters: level('clusters', o.clusters)!,
    coarse: level('coarse', o.coarse),
    subtopics: level('subtopics', o.subtopics),
  });
  return { ...checked, x, y, dupOf };
}

/** A Layout from a checked map: optional levels only when present. */
export function layoutOf(c: CheckedMap, x: Float32Array, y: Float32Array, dupOf: Int32Array): Layout {
  const layout: Layout = { x, y, cluster: c.cluster, dupOf, clusters: c.clusters };
  if (c.coarse?.length) layout.coarse = c.coarse;
  if (c.subtopics?.length) layout.subtopics = c.subtopics;
  // Files from before tree ids were unique across levels: areas renumbered past the topics.
  return normaliseTree(layout);
}
