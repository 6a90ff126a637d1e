/**
 * The typed message protocol between the main thread and the pipeline worker.
 * Every request carries an id; every reply carries the same id and is a
 * progress event, a result, or an error (errors are sent back, never only logged).
 */
import type { Backend, Layout, MapResult, MapSettings, Paper, Progress } from '../src/types.ts';

/** How the worker runs the model; from the page URL (?backend=wasm&workers=1) for tests and troubleshooting. */
export interface RuntimeOptions {
  /** Force one backend instead of probing. */
  backend?: Backend;
  /** Number of embedding workers (default: hardwareConcurrency − 1, memory permitting). */
  workers?: number;
}

export function runtimeOptionsFromUrl(href: string): RuntimeOptions {
  const q = new URL(href).searchParams;
  const b = q.get('backend');
  const w = Number(q.get('workers'));
  return {
    ...(b === 'wasm' || b === 'webgl' || b === 'webgpu' || b === 'cpu' ? { backend: b } : {}),
    ...(Number.isInteger(w) && w >= 1 && w <= 8 ? { workers: w } : {}),
  };
}

export type Request =
  /** A progressive run: a 'partial' reply carries the keyword map, the result the refined one (`refine: false` stops at the keyword map). */
  | { id: number; type: 'map'; papers: Paper[]; settings: MapSettings; runtime?: RuntimeOptions; refine?: boolean; parts?: number }
  | { id: number; type: 'relayout'; settings: MapSettings }
  /** Places `papers.slice(nOld)` on the map `layout` of `papers.slice(0, nOld)` without moving the old ones. */
  | { id: number; type: 'add'; papers: Paper[]; nOld: number; layout: Layout; settings: MapSettings; runtime?: RuntimeOptions; parts?: number }
  /**
   * Part of the papers of the 'map' or 'add' request with the same id, sent ahead of it: a big
   * corpus is handed over in parts, each posted in its own task (one postMessage of 20,000 papers
   * was a 0.4 s clone on the page). The request then has `papers: []` and `parts` = how many.
   */
  | { id: number; type: 'papers-part'; papers: Paper[] }
  /** `key` names the corpus on screen (corpusKey); `papers` is sent again when the worker does not hold it. */
  | { id: number; type: 'similar'; query: string; k: number; key: string; papers?: Paper[] }
  /** How many texts are longer than the model reads (the preview says so). */
  | { id: number; type: 'long-texts'; texts: string[] };

export interface SimilarHit {
  index: number;
  score: number;
}

export type ResultOf<R extends Request['type']> = R extends 'map' | 'relayout' | 'add'
  ? MapResult
  : R extends 'similar'
    ? SimilarHit[]
    : never;

export interface WireError {
  name: string;
  message: string;
}

/** An Error rebuilt from its wire form, keeping its name (AbortError, ModelLoadError, …). */
export function fromWire(e: WireError): Error {
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

export type Reply =
  | { id: number; type: 'progress'; progress: Progress }
  /** The first (keyword) map of a progressive run; the run goes on. */
  | { id: number; type: 'partial'; result: unknown }
  | { id: number; type: 'result'; result: unknown }
  | { id: number; type: 'error'; error: WireError };

const REQUEST_TYPES = new Set(['map', 'relayout', 'add', 'similar', 'long-texts', 'papers-part']);
/** Papers per 'papers-part' message. */
export const CORPUS_PART = 2000;
const partsOk = (p: unknown) => p === undefined || (typeof p === 'number' && Number.isSafeInteger(p) && p >= 0);
const REPLY_TYPES = new Set(['progress', 'partial', 'result', 'error']);

/** Schema check for data arriving from the other side (RELIABILITY S7): shape only, handled as data. */
export function isRequest(m: unknown): m is Request {
  if (!m || typeof m !== 'object') return false;
  const r = m as Record<string, unknown>;
  if (typeof r.id !== 'number' || typeof r.type !== 'string' || !REQUEST_TYPES.has(r.type)) return false;
  if (r.type === 'map') return Array.isArray(r.papers) && isSettings(r.settings) && (r.refine === undefined || typeof r.refine === 'boolean') && partsOk(r.parts);
  if (r.type === 'papers-part') return Array.isArray(r.papers);
  if (r.type === 'relayout') return isSettings(r.settings);
  if (r.type === 'add') {
    const l = r.layout as Record<string, unknown> | null;
    return (
      Array.isArray(r.papers) && typeof r.nOld === 'number' && isSettings(r.settings) && !!l && partsOk(r.parts) &&
      l.x instanceof Float32Array && l.y instanceof Float32Array && l.cluster instanceof Int32Array && l.dupOf instanceof Int32Array && Array.isArray(l.clusters)
    );
  }
  if (r.type === 'long-texts') return Array.isArray(r.texts) && r.texts.every((t) => typeof t === 'string');
  if (r.type === 'similar') return typeof r.query === 'string' && typeof r.k === 'number' && typeof r.key === 'string' && (r.papers === undefined || Array.isArray(r.papers));
  return true;
}

export function isReply(m: unknown): m is Reply {
  if (!m || typeof m !== 'object') return false;
  const r = m as Record<string, unknown>;
  return typeof r.id === 'number' && typeof r.type === 'string' && REPLY_TYPES.has(r.type);
}

function isSettings(s: unknown): s is MapSettings {
  if (!s || typeof s !== 'object') return false;
  const o = s as Record<string, unknown>;
  return ['semanticWeight', 'resolution', 'nNeighbors', 'seed'].every((k) => typeof o[k] === 'number' && Number.isFinite(o[k]));
}
