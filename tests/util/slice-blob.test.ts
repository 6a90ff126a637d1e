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

describe('collectBlob into a sink (the blob worker makes the file off the page, issue 16)', () => {
  /** A sink that keeps what it is given, as the blob worker would receive it. */
  const recording = () => {
    const pieces: Uint8Array[] = [];
    const calls: string[] = [];
    return {
      pieces,
      calls,
      sink: {
        add: (b: Uint8Array) => {
          pieces.push(b);
          calls.push('add');
        },
        finish: async (type: string) => {
          calls.push(`finish ${type}`);
          return new Blob(pieces as Uint8Array<ArrayBuffer>[], { type });
        },
        abort: () => calls.push('abort'),
      },
    };
  };

  it('hands the sink UTF-8 pieces in order, and returns the Blob the sink makes', async () => {
    const text = Array.from({ length: 50 }, (_, k) => `row ${k} é😀,\r\n`);
    const r = recording();
    const blob = await collectBlob(text, 'text/csv', everyPart(), r.sink);
    expect(r.pieces.length).toBeGreaterThan(1);
    for (const p of r.pieces) expect(p).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(Uint8Array.from(r.pieces.flatMap((p) => [...p])))).toBe(text.join(''));
    expect(r.calls.at(-1)).toBe('finish text/csv');
    expect(await blob.text()).toBe(text.join(''));
  });

  it('tells the sink to drop its pieces when the export is aborted', async () => {
    const r = recording();
    const ac = new AbortController();
    let t = 0;
    const slicer = new Slicer({ budgetMs: 1, now: () => t++, signal: ac.signal, pause: async () => ac.abort() });
    const parts = Array.from({ length: 10 }, (_, k) => `row ${k}\r\n`);
    await expect(collectBlob(parts, 'text/csv', slicer, r.sink)).rejects.toThrow(/abort/i);
    expect(r.pieces.length).toBeGreaterThan(0);
    expect(r.calls).toContain('abort');
    expect(r.calls.some((c) => c.startsWith('finish'))).toBe(false);
  });
});
