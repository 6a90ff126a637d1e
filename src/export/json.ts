import type { Paper } from '../types.ts';
import type { ExportGroup } from './groups.ts';
import type { Provenance } from './provenance.ts';
import { SEGMENT, segments } from '../util/slice.ts';

/** One paper as exported: every Paper field except `raw` (the BibTeX export carries that), plus its row index. */
export interface ExportedPaper extends Omit<Paper, 'raw'> {
  /** Index of the paper in the mapped input (0-based). */
  index: number;
  /** 1-based position within its cluster, most representative first. */
  rank: number;
}

export interface JsonExport {
  provenance: Provenance;
  clusters: {
    id: number;
    label: string;
    /** Labels from the top of the topic tree down to this cluster. */
    path: string[];
    terms: string[];
    size: number;
    papers: ExportedPaper[];
    /** Subtopics of this cluster: their papers by `index`. */
    subtopics?: { id: number; label: string; path: string[]; papers: number[] }[];
  }[];
}

/** The export value: plain objects only (RELIABILITY S4). */
export function jsonExportValue(papers: Paper[], groups: ExportGroup[], prov: Provenance): JsonExport {
  return {
    provenance: prov,
    clusters: groups.map((g) => {
      const list: ExportedPaper[] = [];
      g.papers.forEach((i, pos) => {
        const p = papers[i];
        if (!p) return;
        // Spread defines own properties, so a hostile key such as "__proto__" stays plain data.
        const { raw: _raw, ...rest } = p;
        list.push({ index: i, rank: pos + 1, ...rest });
      });
      const subtopics = g.subtopics.map((t) => ({ id: t.id, label: t.label, path: [...g.path, t.label], papers: t.papers.filter((i) => papers[i]) }));
      return { id: g.id, label: g.label, path: [...g.path], terms: [...g.terms], size: list.length, papers: list, ...(subtopics.length ? { subtopics } : {}) };
    }),
  };
}

/**
 * An array whose elements are made when they are written (`jsonParts` only): the JSON
 * export's papers, so no step builds 100,000 paper objects at once (a 230 ms task, issue 16).
 */
export class LazyList<T> {
  constructor(readonly length: number, readonly at: (k: number) => T) {}
}

/** `jsonExportValue` with each cluster's papers as a LazyList: the same JSON, built a paper at a time. */
function lazyExportValue(papers: Paper[], groups: ExportGroup[], prov: Provenance) {
  return {
    provenance: prov,
    clusters: new LazyList(groups.length, (k) => {
      const g = groups[k];
      const kept: number[] = [];
      for (let pos = 0; pos < g.papers.length; pos++) if (papers[g.papers[pos]]) kept.push(pos);
      const list = new LazyList(kept.length, (j): ExportedPaper => {
        const pos = kept[j], i = g.papers[pos];
        const { raw: _raw, ...rest } = papers[i];
        return { index: i, rank: pos + 1, ...rest };
      });
      const subtopics = g.subtopics.map((t) => ({ id: t.id, label: t.label, path: [...g.path, t.label], papers: t.papers.filter((i) => papers[i]) }));
      return { id: g.id, label: g.label, path: [...g.path], terms: [...g.terms], size: kept.length, papers: list, ...(subtopics.length ? { subtopics } : {}) };
    }),
  };
}

/** Serialised with JSON.stringify only (RELIABILITY S4), in parts (see `jsonParts`), papers made as they are written. */
export function jsonExportParts(papers: Paper[], groups: ExportGroup[], prov: Provenance): Generator<string, void, void> {
  return jsonParts(lazyExportValue(papers, groups, prov));
}

export function toJson(papers: Paper[], groups: ExportGroup[], prov: Provenance): string {
  return JSON.stringify(jsonExportValue(papers, groups, prov), null, 2);
}

/** Subtrees whose strings add up to less than this are written by one JSON.stringify call. */
const WHOLE = 1 << 15;

/** True when the strings and keys under `v` add up to at least `limit` characters (stops early). */
function isLarge(v: unknown, limit: number): boolean {
  let left = limit;
  const walk = (x: unknown): boolean => {
    if (x instanceof LazyList) return true;
    if (typeof x === 'string') return (left -= x.length + 2) <= 0;
    if (x === null || typeof x !== 'object') return (left -= 8) <= 0;
    if (Array.isArray(x)) {
      for (const e of x) if (walk(e)) return true;
      return (left -= 2) <= 0;
    }
    for (const k of Object.keys(x)) if ((left -= k.length + 4) <= 0 || walk((x as Record<string, unknown>)[k])) return true;
    return false;
  };
  return walk(v);
}

/**
 * `JSON.stringify(value, null, 2)` as parts, byte for byte: small subtrees by one call
 * (re-indented: a serialised string never holds a raw line break), large arrays and
 * objects member by member, and a string longer than SEGMENT escaped in pieces cut
 * outside surrogate pairs (JSON escapes are per character, lone surrogates excepted).
 * For plain data (no `toJSON` other than Date's, no cycles, no BigInt), and LazyLists.
 */
export function* jsonParts(value: unknown, indent = '', opts: { whole?: number; segment?: number } = {}): Generator<string, void, void> {
  const whole = opts.whole ?? WHOLE;
  const segment = opts.segment ?? SEGMENT;
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(k: string): unknown }).toJSON('');
  }
  if (typeof value === 'string') {
    if (value.length <= segment) {
      yield JSON.stringify(value);
      return;
    }
    yield '"';
    for (const piece of segments(value, segment)) yield JSON.stringify(piece).slice(1, -1);
    yield '"';
    return;
  }
  if (value === null || typeof value !== 'object') {
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  if (value instanceof LazyList) {
    if (!value.length) return void (yield '[]');
    const inner = indent + '  ';
    yield '[';
    for (let k = 0; k < value.length; k++) {
      yield (k ? ',\n' : '\n') + inner;
      const v: unknown = value.at(k);
      yield* jsonParts(v === undefined || typeof v === 'function' || typeof v === 'symbol' ? null : v, inner, opts);
    }
    yield '\n' + indent + ']';
    return;
  }
  if (!isLarge(value, whole)) {
    const text = JSON.stringify(value, null, 2);
    yield indent ? text.replace(/\n/g, '\n' + indent) : text;
    return;
  }
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (!value.length) return void (yield '[]');
    yield '[';
    for (let k = 0; k < value.length; k++) {
      yield (k ? ',\n' : '\n') + inner;
      const v = value[k];
      // Array holes, functions and symbols are null in an array.
      yield* jsonParts(v === undefined || typeof v === 'function' || typeof v === 'symbol' ? null : v, inner, opts);
    }
    yield '\n' + indent + ']';
    return;
  }
  let first = true;
  for (const k of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    yield (first ? '{\n' : ',\n') + inner + JSON.stringify(k) + ': ';
    first = false;
    yield* jsonParts(v, inner, opts);
  }
  yield first ? '{}' : '\n' + indent + '}';
}
