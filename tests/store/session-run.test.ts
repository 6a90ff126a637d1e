/**
 * The input of a run in progress (for "resume after a reload") is stored in chunks, each its
 * own put: 50,000 papers in one record were one clone of ~70 MB on the page when Map was
 * pressed (a 3-11 s task, issue 10). Read back in order; cleared when the run finishes.
 */
import 'fake-indexeddb/auto';
import { serialize } from 'node:v8';
import { describe, expect, it, vi } from 'vitest';
import { createSessionStore, PAPER_CHUNK } from '../../src/store/session-store.ts';
import { openPaperscopeDb, SESSIONS } from '../../src/store/db.ts';
import type { Paper } from '../../src/types.ts';

const papers = (n: number, tag = 'p'): Paper[] => Array.from({ length: n }, (_, i) => ({
  id: `${tag}${i}`, title: `Title ${i}`, abstract: 'Some words.', authors: [], source: { file: 'f.jsonl', row: i + 1, format: 'jsonl' },
}));

describe('the stored input of a run in progress', () => {
  it('is written in chunks of at most PAPER_CHUNK papers, each under the 64 KB above which Chromium wraps a value in a blob, and read back whole, in order', async () => {
    const stored: string[] = [];
    const store = createSessionStore(() => {}, 0, (what) => stored.push(what));
    const many = papers(PAPER_CHUNK * 2 + 5);
    const put = vi.spyOn(IDBObjectStore.prototype, 'put');
    try {
      await store.startRun(many);
      const chunks = put.mock.calls.map((c) => c[0]).filter((v): v is unknown[] => Array.isArray(v));
      expect(chunks.reduce((a, c) => a + c.length, 0)).toBe(many.length);
      expect(chunks.length).toBeGreaterThan(3);
      for (const c of chunks) {
        expect(c.length).toBeLessThanOrEqual(PAPER_CHUNK);
        expect(serialize(c).length).toBeLessThanOrEqual(64 * 1024);
      }
      expect(put.mock.calls.every((c) => !Array.isArray((c[0] as { papers?: unknown })?.papers))).toBe(true);
    } finally {
      put.mockRestore();
    }
    expect(stored).toEqual(['run']);
    const back = await store.interruptedRun();
    expect(back?.map((p) => p.id)).toEqual(many.map((p) => p.id));

    // A shorter run next: none of the longer run's chunks are read with it.
    await store.startRun(papers(3, 'q'));
    expect((await store.interruptedRun())?.map((p) => p.id)).toEqual(['q0', 'q1', 'q2']);
    await store.finishRun();
    expect(await store.interruptedRun()).toBeNull();
    const d = await openPaperscopeDb();
    expect((await d.getAllKeys(SESSIONS)).filter((k) => String(k).startsWith('running'))).toEqual([]);
    d.close();
  });

  it('a run that finishes while its input is still being written leaves no record behind', async () => {
    const store = createSessionStore(() => {}, 0);
    const writing = store.startRun(papers(PAPER_CHUNK * 3));
    await store.finishRun();
    await writing;
    expect(await store.interruptedRun()).toBeNull();
  });

  it('still reads a run stored by an older version in one record', async () => {
    const d = await openPaperscopeDb();
    await d.put(SESSIONS, { papers: papers(4), startedAt: '2026-11-01T00:00:00Z' }, 'running');
    d.close();
    const back = await createSessionStore(() => {}, 0).interruptedRun();
    expect(back?.map((p) => p.id)).toEqual(['p0', 'p1', 'p2', 'p3']);
  });
});
