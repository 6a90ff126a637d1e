/** Issue 16: keyword search runs in time slices and the next keystroke cancels it. */
import { describe, expect, it } from 'vitest';
import { keywordSearch, searchTask } from '../../src/app/search.ts';
import { runSliced, Slicer } from '../../src/util/slice.ts';
import type { Paper } from '../../src/types.ts';

const papers: Paper[] = Array.from({ length: 20_000 }, (_, i) => ({
  id: `p${i}`, title: i % 3 ? `Graph paper ${i}` : `Vision paper ${i}`, abstract: 'Same abstract.', authors: [], source: { file: 'x', row: i, format: 'csv' },
}));

describe('sliced keyword search', () => {
  it('finds what the one-go search finds, giving the event loop turns (fake clock)', async () => {
    let t = 0;
    const slicer = new Slicer({ budgetMs: 4, now: () => t++, pause: () => Promise.resolve() });
    const hits = await runSliced(searchTask(papers, 'graph PAPER'), slicer);
    expect(hits).toEqual(keywordSearch(papers, 'graph paper'));
    expect(hits).toHaveLength(20_000 - Math.ceil(20_000 / 3));
    expect(slicer.pauses).toBeGreaterThan(10);
  });

  it('a newer keystroke aborts the running search: it stops at its next checkpoint with an AbortError', async () => {
    const first = new AbortController();
    let turns = 0;
    let t = 0;
    const run = runSliced(searchTask(papers, 'graph'), new Slicer({
      budgetMs: 2, now: () => t++, signal: first.signal,
      pause: async () => {
        if (++turns === 3) first.abort(); // the user typed again
      },
    }));
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(turns).toBe(3);
    // The next search runs to the end.
    expect(await runSliced(searchTask(papers, 'vision'), { pause: () => Promise.resolve() })).toHaveLength(Math.ceil(20_000 / 3));
  });
});
