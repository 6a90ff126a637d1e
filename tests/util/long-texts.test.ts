import { describe, expect, it } from 'vitest';
import { COUNT_SAMPLE, countSample, longTextsLine } from '../../src/util/long-texts.ts';

describe('the preview count of texts longer than the model reads', () => {
  it('counts every text of a small corpus', () => {
    const texts = Array.from({ length: 40 }, (_, i) => `t${i}`);
    expect(countSample(texts)).toEqual({ sample: texts, estimated: false });
    expect(longTextsLine(3, 40, 40, false)).toMatch(/^3 of 40 abstracts are longer than the 128 tokens/);
    expect(longTextsLine(0, 40, 40, false)).toMatch(/^Every abstract fits/);
  });

  it('counts an evenly spaced sample of a large corpus and says the figure is an estimate', () => {
    const texts = Array.from({ length: 50_000 }, (_, i) => `t${i}`);
    const { sample, estimated } = countSample(texts);
    expect(estimated).toBe(true);
    expect(sample).toHaveLength(COUNT_SAMPLE);
    expect(new Set(sample).size).toBe(COUNT_SAMPLE);
    // Spread over the whole corpus, not its head.
    expect(sample[0]).toBe('t25');
    expect(sample.at(-1)).toBe('t49975');
    expect(longTextsLine(990, 50_000, COUNT_SAMPLE, true)).toBe(
      'About 99% of the 50,000 abstracts (about 49,500; counted on 1,000 of them) are longer than the 128 tokens (about 100 words) the sentence model reads: it embeds their title and first ~100 words; the keyword view and every export use the whole text.',
    );
  });
});
