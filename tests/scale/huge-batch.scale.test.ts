/**
 * Issue 16, defect 2: 100,000 duplicate rows lost every paper ("Maximum call stack size
 * exceeded" from `problems.push(...dupProblems)`), and a file with more than ~100k problems
 * failed the same way (`problems.push(...e.result.problems)`). Both spread an unbounded
 * array into one call. Chromium's worker stack gives out near 100k items, Node's near
 * 200k, so this reads 250,000 rows that are all duplicates and all lack an abstract:
 * 250k problems from the file and 250k from deduplication. (Scale test: ~10 s.)
 */
import { describe, expect, it } from 'vitest';
import { IngestBatch } from '../../src/app/ingest-batch.ts';

describe('ingest batch with huge problem lists', () => {
  it('keeps all 250,000 rows of a file whose rows are all duplicates without an abstract', () => {
    const n = 250_000;
    const text = ['title,abstract', ...Array.from({ length: n }, () => 'Same title about graphs,')].join('\n');
    const { result, dupCount } = new IngestBatch([{ name: 'dups.csv', bytes: new TextEncoder().encode(text) }]).run();
    expect(result.papers).toHaveLength(n);
    expect(dupCount).toBe(n - 1);
    expect(result.problems.filter((p) => /no abstract/.test(p.message))).toHaveLength(n);
    expect(result.problems.length).toBeGreaterThanOrEqual(2 * n - 1);
  });
});
