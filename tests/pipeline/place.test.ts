import { describe, expect, it } from 'vitest';
import { placeNew } from '../../src/pipeline/place.ts';
import { prepare } from '../../src/pipeline/prepare.ts';
import { EMBED_DIM } from '../../src/model/model-info.ts';
import type { Paper } from '../../src/types.ts';

const paper = (title: string): Paper => ({ id: title, title, abstract: '', authors: [], source: { file: 't', row: 1, format: 'json' } });

/** Unit vectors concentrated on one of two axes (two topics), with a little per-paper variation. */
function vectorsFor(topics: number[]): Float32Array {
  const v = new Float32Array(topics.length * EMBED_DIM);
  topics.forEach((t, i) => {
    v[i * EMBED_DIM + t] = 1;
    v[i * EMBED_DIM + 10 + (i % 7)] = 0.2;
  });
  return v;
}

describe('placeNew', () => {
  it('keeps every old paper exactly where it was and puts a new paper beside the old papers of its topic', () => {
    const titles = ['a0', 'a1', 'a2', 'b0', 'b1', 'b2', 'new-a', 'new-b'];
    const topics = [0, 0, 0, 1, 1, 1, 0, 1];
    const prepared = prepare(titles.map(paper));
    const old = {
      x: Float32Array.from([0, 0.1, 0.2, 5, 5.1, 5.2]),
      y: Float32Array.from([0, 0.1, 0, 5, 5.1, 5]),
      cluster: Int32Array.from([0, 0, 0, 1, 1, 1]),
    };
    const p = placeNew(prepared, vectorsFor(topics), old, 6, 3);
    expect(Array.from(p.x.slice(0, 6))).toEqual(Array.from(old.x));
    expect(Array.from(p.cluster.slice(0, 6))).toEqual(Array.from(old.cluster));
    expect(p.cluster[6]).toBe(0);
    expect(p.cluster[7]).toBe(1);
    expect(p.x[6]).toBeLessThan(1);
    expect(p.x[7]).toBeGreaterThan(4);
    expect([...p.nearest].every((i) => i >= 0 && i < 6)).toBe(true);
  });

  it('puts an added duplicate of an old paper on that paper, and leaves an empty paper unplaced', () => {
    const prepared = prepare([paper('same text'), paper('other'), paper('SAME   text'), { ...paper(''), id: 'empty' }]);
    const old = { x: Float32Array.from([1, 2]), y: Float32Array.from([3, 4]), cluster: Int32Array.from([7, 8]) };
    const p = placeNew(prepared, vectorsFor([0, 1]), old, 2);
    expect([p.x[2], p.y[2], p.cluster[2]]).toEqual([1, 3, 7]);
    expect(Number.isNaN(p.x[3])).toBe(true);
    expect(p.cluster[3]).toBe(-1);
  });
});
