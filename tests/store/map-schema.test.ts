/**
 * Issue 16, defect 4: odd cluster ids in a session or map file corrupted exports. A
 * cluster id -1 exported "Unclustered" twice; ids >= 2^31 wrapped in the Int32Array
 * (4294967296 became cluster 0); two clusters sharing an id exported under one label;
 * sizes were trusted (1e308 and negative sizes reached the caption). One schema now checks
 * both kinds of file.
 */
import { describe, expect, it } from 'vitest';
import { fromSessionJson, SESSION_KIND } from '../../src/store/session.ts';
import { fromMapJson } from '../../src/store/map-json.ts';
import { groupsForExport } from '../../src/export/index.ts';
import { layoutOf } from '../export/helpers.ts';
import type { ClusterInfo } from '../../src/types.ts';

const paper = (i: number) => ({ id: `p${i}`, title: `Title ${i}`, abstract: `Abstract ${i}`, authors: [], source: { file: 'f', row: i + 1, format: 'csv' } });
const cl = (id: unknown, members: number[], extra: Record<string, unknown> = {}) => ({ id, label: `L${String(id)}`, terms: ['t'], size: members.length, members, cx: 0, cy: 0, ...extra });

/** A session file value: cluster per paper and clusters as given. */
function sessionFile(cluster: unknown[], clusters: unknown[], more: Record<string, unknown> = {}) {
  const n = cluster.length;
  return {
    kind: SESSION_KIND, version: 1, savedAt: '', settings: {}, labels: [], merges: [],
    papers: Array.from({ length: n }, (_, i) => paper(i)),
    result: {
      info: { backend: 'cpu', model: 'm' },
      layout: { x: cluster.map((_, i) => i), y: cluster.map((_, i) => i), cluster, dupOf: cluster.map((_, i) => i), clusters, ...more },
    },
    ...(more.labels ? { labels: more.labels } : {}),
  };
}

/** A map JSON value (`npm run map` shape): cluster per paper row, clusters list paper ids. */
function mapFile(cluster: unknown[], clusters: { id: unknown; papers: string[]; size?: unknown }[]) {
  return {
    app: 'paperscope', model: 'm', settings: {},
    papers: cluster.map((c, i) => ({ ...paper(i), x: i, y: i, cluster: c })),
    clusters: clusters.map((c) => ({ label: `L${String(c.id)}`, terms: [], ...c })),
  };
}

function rowsOf(s: ReturnType<typeof fromSessionJson>) {
  const groups = groupsForExport(s.papers, s.result!.layout, s.labels);
  return { groups, rows: groups.reduce((k, g) => k + g.papers.length, 0) };
}

describe('one schema for session and map files', () => {
  it('rejects a cluster id -1, naming the field, in both kinds of file', () => {
    expect(() => fromSessionJson(sessionFile([0, -1], [cl(0, [0]), cl(-1, [1])]))).toThrow(/layout\.clusters\[1\]\.id must be a non-negative integer/);
    expect(() => fromMapJson(mapFile([0, -1], [{ id: 0, papers: ['p0'] }, { id: -1, papers: ['p1'] }]))).toThrow(/^clusters\[1\]\.id must be a non-negative integer/);
  });

  it('rejects two clusters sharing an id, naming both', () => {
    expect(() => fromSessionJson(sessionFile([0, 0], [cl(0, [0]), cl(0, [1])]))).toThrow(/layout\.clusters\[1\]\.id 0 repeats layout\.clusters\[0\]\.id/);
    expect(() => fromMapJson(mapFile([3, 3], [{ id: 3, papers: ['p0'] }, { id: 3, papers: ['p1'] }]))).toThrow(/clusters\[1\]\.id 3 repeats/);
  });

  it('rejects ids that are not safe integers (1.5, 2^53, strings)', () => {
    for (const bad of [1.5, 2 ** 53, '1', null]) {
      expect(() => fromSessionJson(sessionFile([0], [cl(bad, [0])]))).toThrow(/layout\.clusters\[0\]\.id/);
    }
  });

  it('renumbers ids past 2^31 instead of wrapping them: 4294967296 stays apart from cluster 0', () => {
    const s = fromSessionJson(sessionFile([0, 4294967296, 4294967296], [cl(0, [0]), cl(4294967296, [1, 2])], { labels: [[4294967296, 'Big']] }));
    const { groups, rows } = rowsOf(s);
    expect(rows).toBe(3);
    expect(groups.map((g) => g.papers)).toEqual([[0], [1, 2]]);
    expect(groups[1].label).toBe('Big');
    expect(new Set(s.result!.layout.clusters.map((c) => c.id)).size).toBe(2);
    expect(s.notices!.join(' ')).toMatch(/renumbered/);
    const m = fromMapJson(mapFile([0, 2 ** 32], [{ id: 0, papers: ['p0'] }, { id: 2 ** 32, papers: ['p1'] }]));
    expect(groupsForExport(m.papers, m.result!.layout, new Map()).map((g) => g.papers)).toEqual([[0], [1]]);
  });

  it('recomputes sizes from members (1e308 and negative sizes never reach the page)', () => {
    const s = fromSessionJson(sessionFile([0, 0, 1], [{ ...cl(0, [0, 1]), size: 1e308 }, { ...cl(1, [2]), size: -5 }]));
    expect(s.result!.layout.clusters.map((c) => c.size)).toEqual([2, 1]);
    expect(s.notices!.join(' ')).toMatch(/2 cluster size\(s\).*recomputed/);
    const m = fromMapJson(mapFile([0, 0], [{ id: 0, papers: ['p0', 'p1'], size: 1e308 }]));
    expect(m.result!.layout.clusters[0].size).toBe(2);
  });

  it('makes a paper whose cluster names no cluster unclustered, with a notice naming the field', () => {
    const s = fromSessionJson(sessionFile([0, 7, 0], [cl(0, [0, 2])]));
    expect(Array.from(s.result!.layout.cluster)).toEqual([0, -1, 0]);
    expect(s.notices!.join(' ')).toMatch(/layout\.cluster\[1\] = 7/);
    const { groups, rows } = rowsOf(s);
    expect(rows).toBe(3);
    expect(groups.map((g) => g.id)).toEqual([0, -1]);
  });

  it('drops a parent that names no node one level up, keeps a valid one and passes tree fields through', () => {
    const coarse = [cl(10, [])];
    const clusters = [cl(0, [0], { parent: 10, level: 1, honesty: 0.5 }), cl(1, [1], { parent: 99 })];
    const subtopics = [cl(20, [0], { parent: 0, level: 2 }), cl(21, [1], { parent: 20 })];
    const s = fromSessionJson(sessionFile([0, 1], clusters, { coarse, subtopics }));
    const l = s.result!.layout as NonNullable<typeof s.result>["layout"] & { subtopics?: ClusterInfo[] };
    expect(l.clusters.map((c) => c.parent)).toEqual([10, undefined]);
    expect((l.clusters[0] as unknown as Record<string, unknown>).level).toBe(1);
    expect((l.clusters[0] as unknown as Record<string, unknown>).honesty).toBe(0.5);
    expect(l.subtopics!.map((c) => c.parent)).toEqual([0, undefined]);
    // A coarse node listed without members holds its children's papers.
    expect(l.coarse![0].members).toEqual([0]);
    expect(s.notices!.join(' ')).toMatch(/2 cluster parent\(s\)/);
  });

  it('copies no __proto__ key from a cluster and cuts a 20,000-character label', () => {
    const hostile = JSON.parse(`{"id": 0, "label": "${'x'.repeat(20_000)}", "members": [0], "__proto__": {"polluted": 1}}`);
    const s = fromSessionJson(sessionFile([0], [hostile], { labels: [[0, 'y'.repeat(10_000)]] }));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(s.result!.layout.clusters[0])).toBe(Object.prototype);
    expect(s.result!.layout.clusters[0].label.length).toBeLessThanOrEqual(201);
    expect(s.labels.get(0)!.length).toBeLessThanOrEqual(201);
    expect(s.notices!.join(' ')).toMatch(/longer than 200 characters/);
  });
});

describe('export groups of a layout built by hand (no schema)', () => {
  it('exports "Unclustered" once even when a ClusterInfo claims id -1', () => {
    const layout = layoutOf([0, 0, -1, -1]);
    layout.clusters.push({ id: -1, label: 'fake', terms: ['x'], size: 2, members: [2, 3], cx: 0, cy: 0 });
    const papers = [0, 1, 2, 3].map((i) => ({ ...paper(i), source: { file: 'f', row: i + 1, format: 'csv' as const } }));
    const groups = groupsForExport(papers, layout, new Map());
    expect(groups.map((g) => g.id)).toEqual([0, -1]);
    expect(groups.reduce((k, g) => k + g.papers.length, 0)).toBe(4);
  });
});
