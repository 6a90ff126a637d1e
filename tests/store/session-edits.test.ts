/**
 * A rename saves only the edit (issue 11, defect 6): the corpus and map are written
 * once, a rename afterwards writes a few bytes, and a reload sees the rename.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { createAppState } from '../../src/state/app-state.ts';
import { createSessionController } from '../../src/app/session-controller.ts';
import { CLUSTER_CHUNK, createSessionStore, PAPER_CHUNK, TEXT_PIECE } from '../../src/store/session-store.ts';
import { DEFAULT_SETTINGS, type MapResult, type Paper } from '../../src/types.ts';
import { fromSessionJson, toSessionJson } from '../../src/store/session.ts';

const papers: Paper[] = Array.from({ length: 200 }, (_, i) => ({
  id: `p${i}`,
  title: `Title ${i}`,
  abstract: 'An abstract of some length. '.repeat(20),
  authors: [],
  source: { file: 'f.jsonl', row: i + 1, format: 'jsonl' },
}));
const result: MapResult = {
  info: { backend: 'wasm', model: 'm', settings: DEFAULT_SETTINGS, timings: {}, nPapers: 200, nEmbedded: 200, nCached: 0, notices: [] },
  layout: {
    x: new Float32Array(200),
    y: new Float32Array(200),
    cluster: new Int32Array(200),
    dupOf: Int32Array.from({ length: 200 }, (_, i) => i),
    clusters: [{ id: 0, label: 'a · b', terms: ['a', 'b'], size: 200, members: papers.map((_, i) => i), cx: 0, cy: 0 }],
  },
};

const settle = () => new Promise((r) => setTimeout(r, 700));

describe('session autosave', () => {
  it('a rename writes only the edit, and a reload restores it', async () => {
    const state = createAppState();
    createSessionController(state, { offerResume: () => {} });
    const put = vi.spyOn(IDBObjectStore.prototype, 'put');
    try {
      state.papers.set(papers);
      state.result.set(result);
      await settle();
      const full = put.mock.calls.filter((c) => c[1] === 'current').length;
      expect(full).toBe(1);
      put.mockClear();
      state.labels.set(new Map([[0, 'My topic']]));
      await settle();
      // The corpus is not written again: only the small edits record.
      expect(put.mock.calls.filter((c) => c[1] === 'current')).toHaveLength(0);
      const edits = put.mock.calls.filter((c) => c[1] === 'edits');
      expect(edits).toHaveLength(1);
      expect(JSON.stringify(edits[0][0]).length).toBeLessThan(100);
    } finally {
      put.mockRestore();
    }
    const loaded = await createSessionStore(() => {}).load();
    expect(loaded?.labels.get(0)).toBe('My topic');
    expect(loaded?.papers).toHaveLength(200);
  });

  it('stores the papers in chunks, one put each (issue 16: one 100,000-paper put was a 0.7 s task), and reads them back in order', async () => {
    const n = PAPER_CHUNK * 2 + 5;
    const many: Paper[] = Array.from({ length: n }, (_, i) => ({ ...papers[0], id: `q${i}`, title: `Paper ${i}` }));
    const big: MapResult = {
      ...result,
      info: { ...result.info, nPapers: n },
      layout: {
        x: new Float32Array(n), y: new Float32Array(n), cluster: new Int32Array(n), dupOf: Int32Array.from({ length: n }, (_, i) => i),
        clusters: [{ id: 0, label: 'a', terms: ['a'], size: n, members: many.map((_, i) => i), cx: 0, cy: 0 }],
      },
    };
    const put = vi.spyOn(IDBObjectStore.prototype, 'put');
    try {
      const store = createSessionStore(() => {}, 0);
      store.save({ papers: many, settings: DEFAULT_SETTINGS, labels: new Map(), merges: [], result: big });
      await settle();
      const sizes = put.mock.calls.map((c) => (Array.isArray(c[0]) ? c[0].length : Array.isArray((c[0] as { papers?: unknown[] }).papers) ? (c[0] as { papers: unknown[] }).papers.length : -1));
      expect(Math.max(...sizes)).toBeLessThanOrEqual(PAPER_CHUNK);
      expect(put.mock.calls.map((c) => c[1])).toEqual(['current', 'current:papers:clusters:0', 'current:papers:0', 'current:papers:1', 'current:papers:2']);
    } finally {
      put.mockRestore();
    }
    const loaded = await createSessionStore(() => {}).load();
    expect(loaded?.papers.map((p) => p.title)).toEqual(many.map((p) => p.title));
  });

  it('stores a title or abstract longer than TEXT_PIECE in pieces, one put each (a 30-million-character abstract was one 0.5 s clone), and reads it back whole', async () => {
    const n = 12;
    const long = 'graph '.repeat(Math.ceil((TEXT_PIECE * 3.5) / 6));
    const title = 'T'.repeat(TEXT_PIECE + 10);
    const few: Paper[] = Array.from({ length: n }, (_, i) => ({ ...papers[0], id: `r${i}`, ...(i === 0 ? { abstract: long } : {}), ...(i === 1 ? { title } : {}) }));
    const small: MapResult = {
      ...result,
      info: { ...result.info, nPapers: n },
      layout: {
        x: new Float32Array(n), y: new Float32Array(n), cluster: new Int32Array(n), dupOf: Int32Array.from({ length: n }, (_, i) => i),
        clusters: [{ id: 0, label: 'a', terms: ['a'], size: n, members: few.map((_, i) => i), cx: 0, cy: 0 }],
      },
    };
    const put = vi.spyOn(IDBObjectStore.prototype, 'put');
    try {
      const store = createSessionStore(() => {}, 0);
      store.save({ papers: few, settings: DEFAULT_SETTINGS, labels: new Map(), merges: [], result: small });
      await settle();
      // No put holds more than about TEXT_PIECE characters of text.
      const chars = put.mock.calls.map((c) => JSON.stringify(c[0]).length);
      expect(Math.max(...chars)).toBeLessThan(TEXT_PIECE + 20_000);
      expect(put.mock.calls.filter((c) => String(c[1]).includes(':abstract:'))).toHaveLength(4);
      expect(put.mock.calls.filter((c) => String(c[1]).includes(':title:'))).toHaveLength(2);
    } finally {
      put.mockRestore();
    }
    const loaded = await createSessionStore(() => {}).load();
    expect(loaded?.papers).toHaveLength(n);
    expect(loaded?.papers[0].abstract === long).toBe(true);
    expect(loaded?.papers[1].title === title).toBe(true);
    expect(loaded?.papers.map((p) => p.id)).toEqual(few.map((p) => p.id));
    expect(loaded?.papers[2].abstract).toBe(few[2].abstract);
    expect(Object.keys(loaded!.papers[0])).not.toContain('storedInPieces');
  });

  it('stores the map\'s clusters in chunks of CLUSTER_CHUNK, one put each (20,000 clusters were one 0.45 s clone), and reads them back in order', async () => {
    const k = CLUSTER_CHUNK * 2 + 3;
    const some: Paper[] = Array.from({ length: k }, (_, i) => ({ ...papers[0], id: `c${i}`, title: `Paper ${i}` }));
    const map: MapResult = {
      ...result,
      info: { ...result.info, nPapers: k },
      layout: {
        x: new Float32Array(k), y: new Float32Array(k), cluster: Int32Array.from({ length: k }, (_, i) => i), dupOf: Int32Array.from({ length: k }, (_, i) => i),
        clusters: Array.from({ length: k }, (_, i) => ({ id: i, label: `topic ${i}`, terms: ['t'], size: 1, members: [i], cx: 0, cy: 0 })),
      },
    };
    const put = vi.spyOn(IDBObjectStore.prototype, 'put');
    try {
      createSessionStore(() => {}, 0).save({ papers: some, settings: DEFAULT_SETTINGS, labels: new Map(), merges: [], result: map });
      await settle();
      const head = put.mock.calls.find((c) => c[1] === 'current')![0] as { result: { layout: { clusters: unknown[] } } };
      expect(head.result.layout.clusters).toHaveLength(0);
      const chunks = put.mock.calls.filter((c) => String(c[1]).startsWith('current:papers:clusters:'));
      expect(chunks.map((c) => (c[0] as unknown[]).length)).toEqual([CLUSTER_CHUNK, CLUSTER_CHUNK, 3]);
    } finally {
      put.mockRestore();
    }
    const loaded = await createSessionStore(() => {}).load();
    expect(loaded?.result?.layout.clusters.map((c) => c.label)).toEqual(map.layout.clusters.map((c) => c.label));
  });
  it('puts the layout\'s per-paper arrays as typed arrays (one block each: four plain arrays of 100,000 numbers were one long clone) and loads what the session file gives', async () => {
    const n = 50;
    const some: Paper[] = Array.from({ length: n }, (_, i) => ({ ...papers[0], id: `t${i}`, title: `Paper ${i}` }));
    const x = Float32Array.from({ length: n }, (_, i) => i * 1.5 - 7);
    x[3] = NaN; // a point without a position: null in the file, NaN again when read
    const map: MapResult = {
      ...result,
      info: { ...result.info, nPapers: n },
      layout: {
        x, y: Float32Array.from({ length: n }, (_, i) => -(i + 1) / 3), cluster: Int32Array.from({ length: n }, (_, i) => (i % 3) - 1), dupOf: Int32Array.from({ length: n }, (_, i) => (i === 7 ? 2 : i)),
        clusters: [0, 1].map((id) => ({ id, label: `topic ${id}`, terms: ['t'], size: 0, members: some.flatMap((_, i) => ((i % 3) - 1 === id ? [i] : [])), cx: 0, cy: 0 })),
      },
    };
    const session = { papers: some, settings: DEFAULT_SETTINGS, labels: new Map<number, string>(), merges: [], result: map };
    const put = vi.spyOn(IDBObjectStore.prototype, 'put');
    try {
      createSessionStore(() => {}, 0).save(session);
      await settle();
      const head = put.mock.calls.find((c) => c[1] === 'current')![0] as { result: { layout: Record<string, unknown> } };
      for (const k of ['x', 'y', 'cluster', 'dupOf']) expect(ArrayBuffer.isView(head.result.layout[k]), k).toBe(true);
    } finally {
      put.mockRestore();
    }
    const loaded = (await createSessionStore(() => {}).load())!.result!.layout;
    const viaFile = fromSessionJson(JSON.parse(JSON.stringify(toSessionJson(session)))).result!.layout;
    for (const k of ['x', 'y', 'cluster', 'dupOf'] as const) expect(Array.from(loaded[k]), k).toEqual(Array.from(viaFile[k]));
    expect(Number.isNaN(loaded.x[3])).toBe(true);
    expect(loaded.dupOf[7]).toBe(2);
  });
});
