import { afterEach, describe, expect, it, vi } from 'vitest';
import { BLOB_FAN, collectBlob, Slicer } from '../../src/util/slice.ts';

/** A clock that advances 1 ms per reading and a pause that only counts: every part ends a slice. */
const everyPart = () => {
  let t = 0;
  return new Slicer({ budgetMs: 1, now: () => t++, pause: () => Promise.resolve() });
};

/** Blob, counting the parts of every construction. */
function countBlobs(): number[] {
  const parts: number[] = [];
  const Real = globalThis.Blob;
  class Counting extends Real {
    constructor(p?: BlobPart[], o?: BlobPropertyBag) {
      super(p, o);
      parts.push(p?.length ?? 0);
    }
  }
  vi.stubGlobal('Blob', Counting);
  return parts;
}

describe('collectBlob: no Blob made of more than BLOB_FAN + 1 parts', () => {
  afterEach(() => vi.unstubAllGlobals());

  for (const n of [0, 1, BLOB_FAN - 1, BLOB_FAN, BLOB_FAN + 1, BLOB_FAN * BLOB_FAN, 3_001]) {
    it(`${n} slices: the same bytes, in order, and bounded constructions`, async () => {
      const text = Array.from({ length: n }, (_, k) => `row ${k} é😀,\r\n`);
      const calls = countBlobs();
      const blob = await collectBlob(text, 'text/csv', everyPart());
      expect(blob.type).toBe('text/csv');
      expect(await blob.text()).toBe(text.join(''));
      // One small Blob per slice (n of them), then the tree: a 1,000-piece file was one call of 1,000 parts.
      expect(Math.max(0, ...calls)).toBeLessThanOrEqual(BLOB_FAN + 1); // spread-ok: test sizes
      if (n >= BLOB_FAN * BLOB_FAN) expect(calls.length).toBeGreaterThan(n);
    });
  }
});
