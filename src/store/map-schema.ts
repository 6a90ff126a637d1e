/**
 * The one schema every opened map goes through: session files (and the autosaved
 * session) and `npm run map` JSON. Both readers turn their own layout into the same
 * input (a cluster value per paper, and a list of rows per tree level with member paper
 * indices) and get back a checked Layout and the repairs made (issue 16, defect 4).
 *
 * Rejected, with a message naming the field: a cluster id that is not a non-negative
 * safe integer, or an id used twice in one level.
 * Repaired, with a notice: sizes (always recomputed from members, never read), a paper
 * whose cluster names no cluster (made unclustered), members that are not papers of the
 * cluster (dropped) and papers of the cluster missing from its members (appended), a
 * parent that names no node one level up (dropped), ids past 2^31 - 1 (renumbered, since
 * `Layout.cluster` is an Int32Array), labels longer than MAX_LABEL_CHARS (cut).
 * Levels: `clusters` (topics, what `Layout.cluster` refers to); optional `coarse` (their
 * parents) and `subtopics` (children of topics). Unknown numeric or boolean fields of a
 * cluster pass through untouched.
 */
import type { ClusterInfo } from '../types.ts';
import { clipLabel, MAX_LABEL_CHARS } from '../util/limits.ts';

export class MapSchemaError extends Error {
  override name = 'SessionError';
}

type Row = Record<string, unknown>;

export interface LevelInput {
  /** Field path of the list in the file, for messages ("layout.clusters", "clusters"). */
  field: string;
  rows: unknown[];
  /** Member paper indices a row lists (in representative order; may hold junk, filtered here), or undefined. */
  members(row: Row): number[] | undefined;
}

export interface MapInput {
  n: number;
  x: Float32Array;
  y: Float32Array;
  /** The cluster value each paper carries, and the field it came from (for messages). */
  clusterOf(i: number): unknown;
  clusterField(i: number): string;
  clusters: LevelInput;
  coarse?: LevelInput;
  subtopics?: LevelInput;
}

export interface CheckedMap {
  cluster: Int32Array;
  clusters: ClusterInfo[];
  coarse?: ClusterInfo[];
  subtopics?: ClusterInfo[];
  /** Old id → id in the checked map (the identity unless ids were renumbered). */
  mapId(id: number): number | undefined;
  /** True when ids were renumbered (edits keyed by old ids then follow `mapId`). */
  renumbered: boolean;
  notices: string[];
}

const INT32_MAX = 2 ** 31 - 1;
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);
const KNOWN = new Set(['id', 'label', 'terms', 'size', 'members', 'papers', 'cx', 'cy', 'parent', 'level']);
const fmt = (n: number) => n.toLocaleString('en-US');

function asRow(v: unknown): Row {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Row) : {};
}

/** Ids of one level, checked: non-negative safe integers, unique. Throws naming the field. */
function levelIds(level: LevelInput): number[] {
  const first = new Map<number, number>();
  return level.rows.map((r, k) => {
    const id = asRow(r).id;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
      throw new MapSchemaError(`${level.field}[${k}].id must be a non-negative integer (got ${JSON.stringify(id) ?? 'nothing'}).`);
    }
    const seen = first.get(id);
    if (seen !== undefined) throw new MapSchemaError(`${level.field}[${k}].id ${id} repeats ${level.field}[${seen}].id.`);
    first.set(id, k);
    return id;
  });
}

/** Mean position of a cluster's most representative papers (members are in representative order). */
function centre(members: number[], x: Float32Array, y: Float32Array): [number, number] {
  let sx = 0, sy = 0, k = 0;
  for (const i of members) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) continue;
    sx += x[i];
    sy += y[i];
    if (++k === 10) break;
  }
  return k ? [sx / k, sy / k] : [NaN, NaN];
}

/** Valid, unique paper indices in first-seen order. */
function cleanMembers(list: number[] | undefined, n: number): number[] {
  if (!list) return [];
  const seen = new Uint8Array(n);
  const out: number[] = [];
  for (const m of list) {
    if (Number.isInteger(m) && m >= 0 && m < n && !seen[m]) {
      seen[m] = 1;
      out.push(m);
    }
  }
  return out;
}

export function checkMap(input: MapInput): CheckedMap {
  const { n, x, y } = input;
  const notices: string[] = [];
  const levels = { coarse: input.coarse, clusters: input.clusters, subtopics: input.subtopics };
  const ids = {
    coarse: levels.coarse ? levelIds(levels.coarse) : [],
    clusters: levelIds(levels.clusters),
    subtopics: levels.subtopics ? levelIds(levels.subtopics) : [],
  };

  // Ids past Int32 would wrap in Layout.cluster (2^32 becomes 0): renumber every level densely.
  const all = [...ids.coarse, ...ids.clusters, ...ids.subtopics];
  const renumbered = all.some((id) => id > INT32_MAX);
  const remap = new Map<number, number>();
  if (renumbered) {
    [...new Set(all)].sort((a, b) => a - b).forEach((id, k) => remap.set(id, k));
    notices.push(`Cluster ids above ${fmt(INT32_MAX)} were renumbered from 0.`);
  }
  const mapId = (id: number): number | undefined => (renumbered ? remap.get(id) : id);

  // Layout.cluster: -1 or a topic id; anything else becomes unclustered (-1).
  const topicIds = new Set(ids.clusters);
  const cluster = new Int32Array(n);
  let unresolved = 0;
  let firstUnresolved = '';
  for (let i = 0; i < n; i++) {
    const v = input.clusterOf(i);
    if (typeof v === 'number' && topicIds.has(v)) cluster[i] = mapId(v)!;
    else {
      cluster[i] = -1;
      if (v !== -1 && v !== undefined && v !== null) {
        if (!unresolved) firstUnresolved = `${input.clusterField(i)} = ${JSON.stringify(v)}`;
        unresolved++;
      }
    }
  }
  if (unresolved) notices.push(`${fmt(unresolved)} paper(s) named a cluster the file does not have (first: ${firstUnresolved}); they are shown as unclustered.`);

  // Papers of each topic, in input order (one pass, so 20,000 clusters cost what 20 do).
  const papersOf = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    if (cluster[i] < 0) continue;
    let list = papersOf.get(cluster[i]);
    if (!list) papersOf.set(cluster[i], (list = []));
    list.push(i);
  }
  const inList = new Uint8Array(n);

  let sizesFixed = 0, membersFixed = 0, parentsDropped = 0, labelsCut = 0;
  const cutNames: string[] = [];

  const build = (level: LevelInput, levelIdsOf: number[], isTopic: boolean): ClusterInfo[] => {
    return level.rows.map((r, k) => {
      const o = asRow(r);
      const id = mapId(levelIdsOf[k])!;
      let members = cleanMembers(level.members(o), n);
      if (isTopic) {
        // Layout.cluster is the truth for topics: members keep their order, strays go, missing papers follow.
        const listed = members.filter((m) => cluster[m] === id);
        for (const m of listed) inList[m] = 1;
        const missing = (papersOf.get(id) ?? []).filter((i) => !inList[i]);
        for (const m of listed) inList[m] = 0;
        if (listed.length !== members.length || missing.length) membersFixed++;
        members = listed;
        for (const m of missing) members.push(m);
      }
      if (o.size !== undefined && o.size !== members.length) sizesFixed++;
      let label = typeof o.label === 'string' ? o.label : '';
      if (label.length > MAX_LABEL_CHARS || /\s\s|[\t\n\r]/.test(label)) {
        const cut = clipLabel(label);
        if (label.length > MAX_LABEL_CHARS) {
          labelsCut++;
          if (cutNames.length < 3) cutNames.push(`${level.field}[${k}]`);
        }
        label = cut;
      }
      const [mx, my] = centre(members, x, y);
      const info: ClusterInfo = {
        id,
        label: label || `Cluster ${id}`,
        terms: Array.isArray(o.terms) ? o.terms.filter((t): t is string => typeof t === 'string').slice(0, 16).map(clipLabel) : [],
        size: members.length,
        members,
        cx: typeof o.cx === 'number' && Number.isFinite(o.cx) ? o.cx : mx,
        cy: typeof o.cy === 'number' && Number.isFinite(o.cy) ? o.cy : my,
      };
      if (o.parent !== undefined && o.parent !== null) info.parent = o.parent as number; // checked below
      const extra = info as unknown as Row;
      // Tree level (topic-tree writers): a non-negative integer, else left out.
      if (typeof o.level === 'number' && Number.isSafeInteger(o.level) && o.level >= 0) extra.level = o.level;
      // Extra fields from newer writers pass through when they are plain numbers or booleans.
      for (const [key, v] of Object.entries(o)) {
        if (KNOWN.has(key) || RESERVED.has(key) || key in extra) continue;
        if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean') extra[key] = v;
      }
      return info;
    });
  };

  const out: CheckedMap = { cluster, clusters: build(levels.clusters, ids.clusters, true), mapId, renumbered, notices };
  if (levels.coarse) out.coarse = build(levels.coarse, ids.coarse, false);
  if (levels.subtopics) out.subtopics = build(levels.subtopics, ids.subtopics, false);

  // A parent must name a node one level up: topics → coarse, subtopics → topics; coarse has none.
  const upOf = (level: 'coarse' | 'clusters' | 'subtopics'): Set<number> => {
    if (level === 'clusters') return new Set((out.coarse ?? []).map((c) => c.id));
    if (level === 'subtopics') return new Set(out.clusters.map((c) => c.id));
    return new Set<number>();
  };
  for (const level of ['coarse', 'clusters', 'subtopics'] as const) {
    const list = out[level];
    if (!list) continue;
    const up = upOf(level);
    for (const c of list) {
      if (c.parent === undefined) continue;
      const p = c.parent as unknown;
      const ok = typeof p === 'number' && Number.isSafeInteger(p) && p >= 0 && mapId(p) !== undefined && up.has(mapId(p)!);
      if (ok) c.parent = mapId(p as number);
      else {
        delete c.parent;
        parentsDropped++;
      }
    }
  }

  // Coarse nodes listed without members hold their children's papers.
  if (out.coarse) {
    for (const c of out.coarse) {
      if (c.members.length) continue;
      for (const f of out.clusters) if (f.parent === c.id) for (const m of f.members) c.members.push(m);
      c.size = c.members.length;
      if (!Number.isFinite(c.cx)) [c.cx, c.cy] = centre(c.members, x, y);
    }
  }

  if (sizesFixed) notices.push(`${fmt(sizesFixed)} cluster size(s) in the file did not match their papers and were recomputed.`);
  if (membersFixed) notices.push(`${fmt(membersFixed)} cluster member list(s) disagreed with the papers' clusters and were corrected.`);
  if (parentsDropped) notices.push(`${fmt(parentsDropped)} cluster parent(s) named no cluster one level up and were dropped.`);
  if (labelsCut) notices.push(`${fmt(labelsCut)} cluster label(s) were longer than ${MAX_LABEL_CHARS} characters and were cut (${cutNames.join(', ')}${labelsCut > 3 ? ', …' : ''}).`);
  return out;
}

/** Session renames from untrusted data: known cluster ids only (after renumbering), labels cut to MAX_LABEL_CHARS. */
export function checkLabels(v: unknown, checked: CheckedMap): Map<number, string> {
  const labels = new Map<number, string>();
  const known = new Set([...checked.clusters, ...(checked.coarse ?? []), ...(checked.subtopics ?? [])].map((c) => c.id));
  let dropped = 0, cut = 0;
  for (const e of Array.isArray(v) ? v : []) {
    if (!Array.isArray(e) || typeof e[0] !== 'number' || typeof e[1] !== 'string') { dropped++; continue; }
    const id = checked.mapId(e[0]);
    if (id === undefined || !known.has(id)) { dropped++; continue; }
    const label = clipLabel(e[1]);
    if (e[1].length > MAX_LABEL_CHARS) cut++;
    if (label) labels.set(id, label);
  }
  if (dropped) checked.notices.push(`${fmt(dropped)} rename(s) named no cluster of the map and were dropped.`);
  if (cut) checked.notices.push(`${fmt(cut)} rename(s) were longer than ${MAX_LABEL_CHARS} characters and were cut.`);
  return labels;
}
