import { describe, it, expect } from 'vitest';
import { coarseClusters } from '../../src/pipeline/coarse.ts';
import { exactKnn } from '../../src/pipeline/knn.ts';
import { gaussian, mulberry32 } from '../../src/pipeline/random.ts';
import { normaliseRows } from '../../src/pipeline/represent.ts';

/** `groups` super-groups far apart, each made of `subs` nearby sub-blobs (fine id = g·subs + s). */
function nested(groups = 3, subs = 3) {
  const rng = mulberry32(4);
  const dim = 12;
  const per = 20;
  const rows: number[][] = [];
  const fine: number[] = [];
  for (let g = 0; g < groups; g++) {
    const gc = Array.from({ length: dim }, () => 3 * gaussian(rng));
    for (let s = 0; s < subs; s++) {
      const sc = gc.map((v) => v + 0.4 * gaussian(rng));
      for (let i = 0; i < per; i++) {
        rows.push(sc.map((v) => v + 0.35 * gaussian(rng)));
        fine.push(g * subs + s);
      }
    }
  }
  const n = rows.length;
  const data = normaliseRows(Float32Array.from(rows.flat()), n, dim);
  return { knn: exactKnn(data, n, dim, 15), fine: Int32Array.from(fine) };
}

/** Two nearby groups of three topics (ids 0-2, 3-5) and one topic far from both (id 6); 8 rows a topic. */
function twoGroupsAndALoneTopic(seed: number) {
  const rng = mulberry32(seed);
  const dim = 12;
  const per = 8;
  const rows: number[][] = [];
  const fine: number[] = [];
  const blob = (centre: number[], id: number) => {
    for (let i = 0; i < per; i++) {
      rows.push(centre.map((v) => v + 0.35 * gaussian(rng)));
      fine.push(id);
    }
  };
  const base = Array.from({ length: dim }, () => 3 * gaussian(rng));
  for (let g = 0; g < 2; g++) {
    const gc = base.map((v) => v + gaussian(rng));
    for (let s = 0; s < 3; s++) blob(gc.map((v) => v + 0.4 * gaussian(rng)), g * 3 + s);
  }
  blob(Array.from({ length: dim }, () => 3 * gaussian(rng)), 6);
  const n = rows.length;
  const data = normaliseRows(Float32Array.from(rows.flat()), n, dim);
  return { knn: exactKnn(data, n, dim, 25), fine: Int32Array.from(fine) };
}

describe('coarseClusters', () => {
  it('groups fine clusters by their neighbourhood links: sub-blobs of one super-group share a parent', () => {
    const { knn, fine } = nested();
    const c = coarseClusters(knn, fine, 9, { k: 25 })!;
    expect(c).toBeDefined();
    expect(c.count).toBe(3);
    for (let g = 0; g < 3; g++) {
      expect(c.parentOf[g * 3]).toBe(c.parentOf[g * 3 + 1]);
      expect(c.parentOf[g * 3]).toBe(c.parentOf[g * 3 + 2]);
    }
    expect(new Set(c.parentOf).size).toBe(3);
  });

  it('makes broad areas: two planted groups of four topics each become two areas, neither split', () => {
    const { knn, fine } = nested(2, 4);
    const c = coarseClusters(knn, fine, 8, { k: 25 })!;
    expect(c).toBeDefined();
    expect(c.count).toBe(2);
    for (let g = 0; g < 2; g++) for (let s = 1; s < 4; s++) expect(c.parentOf[g * 4 + s]).toBe(c.parentOf[g * 4]);
    expect(c.parentOf[0]).not.toBe(c.parentOf[4]);
  });

  it('keeps two areas of several topics rather than one area and a lone topic', () => {
    // 7 topics: two groups of three and one topic far from all. Two groups would be
    // {six topics} + {the lone one}, i.e. no area level; so the areas are the two groups of three.
    for (const seed of [4, 5]) {
      const { knn, fine } = twoGroupsAndALoneTopic(seed);
      const c = coarseClusters(knn, fine, 7, { k: 25 })!;
      expect(c).toBeDefined();
      for (let g = 0; g < 2; g++) for (let s = 1; s < 3; s++) expect(c.parentOf[g * 3 + s]).toBe(c.parentOf[g * 3]);
      expect(c.parentOf[0]).not.toBe(c.parentOf[3]);
      expect(c.parentOf[6]).not.toBe(c.parentOf[0]);
      expect(c.parentOf[6]).not.toBe(c.parentOf[3]);
    }
  });

  it('is not made for fewer than 6 fine clusters', () => {
    const { knn, fine } = nested();
    expect(coarseClusters(knn, Int32Array.from(fine, (f) => f % 5), 5, { k: 15 })).toBeUndefined();
  });
});
