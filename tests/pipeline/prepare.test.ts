import { describe, it, expect } from 'vitest';
import { prepare } from '../../src/pipeline/prepare.ts';
import { MAX_CHARS } from '../../src/pipeline/embed.ts';
import { paper } from './fixtures.ts';

describe('prepare', () => {
  it('embeds texts that differ only in case and whitespace once and points duplicates at the first paper (N3, P4)', () => {
    const p = prepare([paper(0, 'Sparse Nets', 'We prune.'), paper(1, 'sparse  nets', 'we   PRUNE.'), paper(2, 'Other', 'Text.')]);
    expect(p.texts).toHaveLength(2);
    expect(Array.from(p.unique)).toEqual([0, 0, 1]);
    expect(Array.from(p.rep)).toEqual([0, 0, 2]);
    expect(p.notices.join(' ')).toMatch(/1 duplicate/);
  });

  it('never embeds an empty text: a paper with neither title nor abstract is excluded and reported, a title alone is used (N4)', () => {
    const p = prepare([paper(0, '', '   '), paper(1, 'Title only', ''), paper(2, '', 'Abstract only.')]);
    expect(p.texts).toEqual(['Title only', 'Abstract only.']);
    expect(p.texts.every((t) => t.trim().length > 0)).toBe(true);
    expect(p.excluded).toEqual([0]);
    expect(p.unique[0]).toBe(-1);
    expect(p.notices.join(' ')).toMatch(/neither title nor abstract/);
  });

  it('reports texts longer than the embedder reads as truncated (P6)', () => {
    const p = prepare([paper(0, 'Long', 'word '.repeat(MAX_CHARS))]);
    expect(p.truncated).toEqual([0]);
  });
});
