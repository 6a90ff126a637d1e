/**
 * Issue 16: the autosave of a 100,000-paper map built its records in one step (0.35 s, then
 * 1 s of garbage collection in the same task). The records are made by a task with a
 * checkpoint after every chunk and every piece of a long text, before the transaction opens.
 */
import { describe, expect, it } from 'vitest';
import { PAPER_CHUNK, paperRecords, paperRecordsTask, TEXT_PIECE } from '../../src/store/session-store.ts';
import type { Paper } from '../../src/types.ts';

const paper = (i: number, abstract = 'short'): Paper => ({ id: `p${i}`, title: `T${i}`, abstract, authors: [], source: { file: 'f.csv', row: i + 1, format: 'csv' } });

describe('paperRecordsTask', () => {
  it('records at most one chunk of papers between two checkpoints, and gives what paperRecords gives', () => {
    const papers = Array.from({ length: PAPER_CHUNK * 3 + 7 }, (_, i) => paper(i, i === 5 ? 'x'.repeat(TEXT_PIECE * 2 + 3) : 'short'));
    const touched = new Set<Paper>();
    const counted = papers.map((p) => new Proxy(p, { get: (t, k) => (touched.add(t), Reflect.get(t, k)) }));
    const task = paperRecordsTask(counted);
    let most = 0;
    let steps = 0;
    let out;
    for (let r = task.next(); ; r = task.next()) {
      most = Math.max(most, touched.size);
      touched.clear();
      if (r.done) {
        out = r.value;
        break;
      }
      steps++;
    }
    expect(most).toBeLessThanOrEqual(PAPER_CHUNK + 1);
    // Three full chunks and the three pieces of the long abstract each end a step.
    expect(steps).toBeGreaterThanOrEqual(6);
    const once = paperRecords(papers);
    expect(out.pieces).toEqual(once.pieces);
    expect(JSON.stringify(out.chunks)).toBe(JSON.stringify(once.chunks));
    expect(once.chunks.flat()).toHaveLength(papers.length);
  });
});

describe('toSessionJsonTask', () => {
  it('copies a bounded number of layout values between two checkpoints, and gives what toSessionJson gives', async () => {
    const { COPY_STEP, toSessionJson, toSessionJsonTask } = await import('../../src/store/session.ts');
    const { DEFAULT_SETTINGS } = await import('../../src/types.ts');
    const n = 50_000;
    let reads = 0;
    const counted = <T extends object>(a: T) => new Proxy(a, { get: (t, k) => (typeof k === 'string' && /^\d+$/.test(k) && reads++, Reflect.get(t, k)) });
    const x = Float32Array.from({ length: n }, (_, i) => (i === 7 ? NaN : i / 3));
    const layout = { x: counted(x), y: counted(new Float32Array(n)), cluster: counted(new Int32Array(n)), dupOf: counted(Int32Array.from({ length: n }, (_, i) => i)), clusters: [] };
    const session = {
      papers: [], settings: DEFAULT_SETTINGS, labels: new Map([[0, 'a']]), merges: [], notices: [],
      result: { info: { backend: 'wasm', model: 'm', settings: DEFAULT_SETTINGS, timings: {}, nPapers: n, nEmbedded: n, nCached: 0, notices: [] }, layout },
    } as never;
    const task = toSessionJsonTask(session);
    let most = 0;
    let out;
    for (let r = task.next(); ; r = task.next()) {
      most = Math.max(most, reads);
      reads = 0;
      if (r.done) {
        out = r.value;
        break;
      }
    }
    // The old conversion copied all four arrays (200,000 values) in one step.
    expect(most).toBeLessThanOrEqual(COPY_STEP);
    const once = toSessionJson(session);
    expect({ ...out, savedAt: '' }).toEqual({ ...once, savedAt: '' });
    expect(out.result!.layout.x[7]).toBeNull();
    expect(out.result!.layout.x[9]).toBe(3);
  });
});
