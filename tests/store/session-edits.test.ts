/**
 * A rename saves only the edit (issue 11, defect 6): the corpus and map are written
 * once, a rename afterwards writes a few bytes, and a reload sees the rename.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { createAppState } from '../../src/state/app-state.ts';
import { createSessionController } from '../../src/app/session-controller.ts';
import { createGate } from '../../src/util/gate.ts';
import { serialize } from 'node:v8';
import { CLUSTER_CHUNK, COLUMN_CHUNK, createSessionStore, nodeChunks, PAPER_CHUNK, TEXT_PIECE } from '../../src/store/session-store.ts';
import { DEFAULT_SETTINGS, type MapResult, type Paper } from '../../src/types.ts';

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
/**
 * Chromium wraps an IndexedDB value of over 64 KB (serialized) in a blob, and its put then costs
 * the page ~20× more (issue 10). V8's serializer here is the one Chromium's IndexedDB uses.
 */
const WRAP_BYTES = 64 * 1024;
const bytes = (v: unknown) => serialize(v).length;

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

  it('waits for the map to land before saving it (issue 10), then saves the latest map once', async () => {
    const state = createAppState();
    const gate = createGate();
    createSessionController(state, { offerResume: () => {}, settled: () => gate.wait(60_000) });
    const put = vi.spyOn(IDBObjectStore.prototype, 'put');
    try {
      state.papers.set(papers);
      gate.hold(); // a big map is landing
      state.result.set(result);
      const refined: MapResult = { ...result, info: { ...result.info, phase: 'refined' } };
      state.result.set(refined);
      await settle();
      expect(put.mock.calls.filter((c) => c[1] === 'current')).toHaveLength(0);
      gate.open();
      await settle();
      const full = put.mock.calls.filter((c) => c[1] === 'current');
      expect(full).toHaveLength(1);
      expect((full[0][0] as { result?: { info: { phase?: string } } }).result?.info.phase).toBe('refined');
    } finally {
      put.mockRestore();
    }
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
      const keys = put.mock.calls.map((c) => String(c[1]));
      const paperKeys = keys.filter((k) => /^current:papers:\d+$/.test(k));
      expect(paperKeys.length).toBeGreaterThanOrEqual(3);
      const clusterKeys = keys.filter((k) => k.startsWith('current:papers:clusters:'));
      expect(keys).toEqual(['current', 'current:papers:layout:x:0', 'current:papers:layout:y:0', 'current:papers:layout:cluster:0', 'current:papers:layout:dupOf:0',
        ...clusterKeys.map((_, k) => `current:papers:clusters:${k}`), ...paperKeys.map((_, k) => `current:papers:${k}`)]);
    } finally {
      put.mockRestore();
    }
    const loaded = await createSessionStore(() => {}).load();
    expect(loaded?.papers.map((p) => p.title)).toEqual(many.map((p) => p.title));
  });

  it('keeps every record small: the per-paper columns and tree levels are records of their own, paper chunks close by characters (issue 10: a 1-2 MB head record was a 136 ms put while a refined map landed)', async () => {
    const n = 3000;
    const text = 'sparse attention for long documents '.repeat(40);
    const many: Paper[] = Array.from({ length: n }, (_, i) => ({ ...papers[0], id: `s${i}`, title: `Paper ${i}`, abstract: `${text}${i}` }));
    const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i)), y = Float32Array.from({ length: n }, (_, i) => Math.cos(i));
    const cluster = Int32Array.from({ length: n }, (_, i) => i % 2);
    const members = (c: number) => many.flatMap((_, i) => (i % 2 === c ? [i] : []));
    const big: MapResult = {
      ...result,
      info: { ...result.info, nPapers: n },
      layout: {
        x, y, cluster, dupOf: Int32Array.from({ length: n }, (_, i) => i),
        clusters: [0, 1].map((id) => ({ id, label: `t${id}`, terms: [`t${id}`], size: n / 2, members: members(id), cx: 0, cy: 0, parent: 10 })),
        coarse: [{ id: 10, label: 'area', terms: ['area'], size: n, members: many.map((_, i) => i), cx: 0, cy: 0 }],
      },
    };
    const put = vi.spyOn(IDBObjectStore.prototype, 'put');
    try {
      createSessionStore(() => {}, 0).save({ papers: many, settings: DEFAULT_SETTINGS, labels: new Map(), merges: [], result: big });
      await settle();
      const sizes = new Map(put.mock.calls.map((c) => [String(c[1]), bytes(c[0])]));
      // The head no longer grows with the corpus: 3,000 papers' columns and members were in it.
      expect(sizes.get('current')).toBeLessThan(5_000);
      expect(sizes.has('current:papers:coarse:0')).toBe(true);
      // No record is big enough to be wrapped in a blob (the 3,000 papers were 19 records of ~256 KB).
      for (const [key, n] of sizes) expect(n, key).toBeLessThanOrEqual(WRAP_BYTES);
    } finally {
      put.mockRestore();
    }
    const loaded = await createSessionStore(() => {}).load();
    expect(loaded?.papers.map((p) => p.abstract)).toEqual(many.map((p) => p.abstract));
    expect(Array.from(loaded!.result!.layout.x)).toEqual(Array.from(x));
    expect(Array.from(loaded!.result!.layout.cluster)).toEqual(Array.from(cluster));
    expect(loaded!.result!.layout.coarse?.[0].members).toHaveLength(n);
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
      // No put holds more than about TEXT_PIECE characters of text, nor is big enough to be wrapped in a blob.
      const chars = put.mock.calls.map((c) => JSON.stringify(c[0]).length);
      expect(Math.max(...chars)).toBeLessThan(TEXT_PIECE + 2_000);
      for (const c of put.mock.calls) expect(bytes(c[0]), String(c[1])).toBeLessThanOrEqual(WRAP_BYTES);
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
      // 2,000 clusters were one record of ~160 KB: records now close by size as well.
      expect(chunks.map((c) => (c[0] as unknown[]).length).reduce((a, b) => a + b, 0)).toBe(k);
      expect(chunks.length).toBeGreaterThan(3);
      for (const c of chunks) {
        expect((c[0] as unknown[]).length).toBeLessThanOrEqual(CLUSTER_CHUNK);
        expect(bytes(c[0])).toBeLessThanOrEqual(WRAP_BYTES);
      }
    } finally {
      put.mockRestore();
    }
    const loaded = await createSessionStore(() => {}).load();
    expect(loaded?.result?.layout.clusters.map((c) => c.label)).toEqual(map.layout.clusters.map((c) => c.label));
  });
  it('keeps the per-paper columns, a huge topic\'s neighbours and non-Latin texts under the blob size; a reload reads them back whole', async () => {
    const n = COLUMN_CHUNK + 7;
    // Greek and CJK characters serialize to 2 bytes each; the raw source record is stored too.
    const greek = 'Γράφοι προσοχής και μετασχηματιστές για μεγάλα έγγραφα. 長い文書のための疎な注意。'.repeat(60);
    const many: Paper[] = Array.from({ length: n }, (_, i) => ({
      ...papers[0], id: `g${i}`, title: `Paper ${i}`, abstract: i % 500 === 0 ? greek : 'Short.',
      ...(i === 3 ? { raw: `@article{g3, note = {${'x'.repeat(TEXT_PIECE * 2)}}}` } : {}),
    }));
    const x = Float32Array.from({ length: n }, (_, i) => i / n), y = Float32Array.from({ length: n }, (_, i) => -i / n);
    const cluster = Int32Array.from({ length: n }, (_, i) => (i < n - 10 ? 0 : 1 + (i % 3)));
    const map: MapResult = {
      ...result,
      info: { ...result.info, nPapers: n },
      layout: {
        x, y, cluster, dupOf: Int32Array.from({ length: n }, (_, i) => i),
        clusters: [
          { id: 0, label: 'huge', terms: ['huge'], size: n - 10, members: many.slice(0, n - 10).map((_, i) => i), cx: 0, cy: 0 },
          ...[1, 2, 3].map((id) => ({ id, label: `t${id}`, terms: [`t${id}`], size: 3, members: [n - 10 + id], cx: 0, cy: 0 })),
        ],
      },
    };
    const put = vi.spyOn(IDBObjectStore.prototype, 'put');
    try {
      createSessionStore(() => {}, 0).save({ papers: many, settings: DEFAULT_SETTINGS, labels: new Map(), merges: [], result: map });
      await settle();
      const keys = put.mock.calls.map((c) => String(c[1]));
      expect(keys.filter((k) => k.startsWith('current:papers:layout:x:'))).toEqual(['current:papers:layout:x:0', 'current:papers:layout:x:1']);
      expect(keys.filter((k) => k.includes(':raw:'))).toHaveLength(3);
      // The one topic of 15,000 papers is a record of its own; every other record is under the blob size.
      const huge = put.mock.calls.filter((c) => Array.isArray(c[0]) && (c[0] as { label?: string }[]).some((v) => v?.label === 'huge'));
      expect(huge).toHaveLength(1);
      expect((huge[0][0] as unknown[]).length).toBe(1);
      for (const c of put.mock.calls) if (c !== huge[0]) expect(bytes(c[0]), String(c[1])).toBeLessThanOrEqual(WRAP_BYTES);
    } finally {
      put.mockRestore();
    }
    const loaded = await createSessionStore(() => {}).load();
    expect(Array.from(loaded!.result!.layout.x)).toEqual(Array.from(x));
    expect(Array.from(loaded!.result!.layout.y)).toEqual(Array.from(y));
    expect(Array.from(loaded!.result!.layout.cluster)).toEqual(Array.from(cluster));
    expect(loaded!.result!.layout.clusters[0].members).toHaveLength(n - 10);
    expect(loaded!.result!.layout.clusters.reduce((a, c) => a + c.members.length, 0)).toBe(n);
    expect(loaded!.papers[500].abstract === greek).toBe(true);
    expect(loaded!.papers[3].raw === many[3].raw).toBe(true);
    expect(loaded!.papers.map((p) => p.id)).toEqual(many.map((p) => p.id));
  });

  it('nodeChunks closes a record at about TEXT_PIECE characters of nodes, members and terms (a node bigger than that is a record of its own)', () => {
    const node = (id: number, members: number) => ({ id, label: `t${id}`, terms: ['a', 'b'], members: Array.from({ length: members }, (_, i) => i) });
    const small = Array.from({ length: CLUSTER_CHUNK + 1 }, (_, i) => node(i, 0));
    const parts = nodeChunks(small);
    expect(parts.flat()).toEqual(small);
    expect(parts.length).toBeGreaterThan(1);
    for (const c of parts) expect(bytes(c)).toBeLessThanOrEqual(WRAP_BYTES);
    const mixed = [node(0, 3000), node(1, 3000), node(2, 3000), node(3, 20_000), node(4, 1)];
    const chunks = nodeChunks(mixed);
    expect(chunks.flat().map((c) => c.id)).toEqual([0, 1, 2, 3, 4]);
    expect(chunks.map((c) => c.map((v) => v.id))).toEqual([[0, 1], [2], [3], [4]]);
  });

  it('a save of the same papers (the refined map, a merge, the save after a reload) writes the map but not the corpus again', async () => {
    const n = 600;
    const many: Paper[] = Array.from({ length: n }, (_, i) => ({ ...papers[0], id: `u${i}`, title: `Paper ${i}` }));
    const layout = (shift: number) => ({
      x: Float32Array.from({ length: n }, (_, i) => i + shift), y: new Float32Array(n), cluster: new Int32Array(n), dupOf: Int32Array.from({ length: n }, (_, i) => i),
      clusters: [{ id: 0, label: `map ${shift}`, terms: ['a'], size: n, members: many.map((_, i) => i), cx: 0, cy: 0 }],
    });
    const put = vi.spyOn(IDBObjectStore.prototype, 'put');
    const paperPuts = () => put.mock.calls.filter((c) => /^current:papers:\d+$/.test(String(c[1]))).length;
    try {
      const store = createSessionStore(() => {}, 0);
      store.save({ papers: many, settings: DEFAULT_SETTINGS, labels: new Map(), merges: [], result: { ...result, layout: layout(0) } });
      await settle();
      const first = paperPuts();
      expect(first).toBeGreaterThan(1);
      put.mockClear();
      store.save({ papers: many, settings: DEFAULT_SETTINGS, labels: new Map(), merges: [], result: { ...result, layout: layout(1) } });
      await settle();
      expect(paperPuts()).toBe(0);
      expect(put.mock.calls.some((c) => c[1] === 'current')).toBe(true);
      let loaded = await createSessionStore(() => {}).load();
      expect(loaded?.result?.layout.clusters[0].label).toBe('map 1');
      expect(loaded?.papers.map((p) => p.id)).toEqual(many.map((p) => p.id));

      // After a reload, the autosave of the restored session does not write the corpus either.
      const again = createSessionStore(() => {}, 0);
      loaded = await again.load();
      put.mockClear();
      again.save({ ...loaded!, result: { ...loaded!.result!, layout: layout(2) } });
      await settle();
      expect(paperPuts()).toBe(0);

      // Other papers (a new corpus): written.
      const other = many.map((p) => ({ ...p, title: `${p.title} again` }));
      again.save({ papers: other, settings: DEFAULT_SETTINGS, labels: new Map(), merges: [], result: { ...result, layout: layout(3) } });
      await settle();
      expect(paperPuts()).toBe(first);
      loaded = await createSessionStore(() => {}).load();
      expect(loaded?.papers[5].title).toBe('Paper 5 again');
      expect(loaded?.result?.layout.clusters[0].label).toBe('map 3');
    } finally {
      put.mockRestore();
    }
  });
});
