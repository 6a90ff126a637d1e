import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { displayCap, fitText, MAX_DISPLAY_CHARS, wrapLabel } from '../../src/map/label-text.ts';

/** 7 px per code point: a monospace stand-in for the canvas measurer. */
const mono = (s: string) => 7 * [...s].length;

describe('label text', () => {
  it('keeps a label that fits two lines whole, breaking between words', () => {
    const w = wrapLabel('speech recognition · keyword spotting · wake word', 200, mono);
    expect(w.lines.join(' ')).toBe('speech recognition · keyword spotting · wake word');
    expect(w.lines.length).toBe(2);
    expect(w.cut).toBe(false);
    for (const l of w.lines) expect(mono(l)).toBeLessThanOrEqual(200);
  });

  it('shortens a term label by dropping trailing terms, never by cutting characters', () => {
    const w = wrapLabel('instance segmentation · video object segmentation · temporal consistency', 120, mono);
    expect(w.cut).toBe(false);
    expect(w.dropped).toBeGreaterThan(0);
    expect(w.lines.join(' ').endsWith('…')).toBe(false);
    expect('instance segmentation · video object segmentation · temporal consistency'.startsWith(w.lines.join(' '))).toBe(true);
  });

  it('cuts only a single term too long for two lines, and never splits a surrogate pair', () => {
    const w = wrapLabel('😀'.repeat(100), 70, mono);
    expect(w.cut).toBe(true);
    expect(w.lines.length).toBeLessThanOrEqual(2);
    for (const l of w.lines) expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(l)).toBe(false);
  });

  it('fits any text within the width with O(log n) measurements', () => {
    fc.assert(fc.property(fc.string({ maxLength: 3000 }), fc.integer({ min: 20, max: 400 }), (s, maxW) => {
      let n = 0;
      const out = fitText(s, maxW, (t) => (n++, mono(t)));
      expect(n).toBeLessThanOrEqual(2 + Math.ceil(Math.log2(MAX_DISPLAY_CHARS + 2)));
      if (out !== displayCap(s)) expect(mono(out)).toBeLessThanOrEqual(Math.max(maxW, 14));
    }));
  });
  it('measures a label that fits on one line once (not each word prefix: 20,000 clusters measured ~3,000 prefixes per draw, issue 16)', () => {
    const seen = new Set<string>();
    const w = wrapLabel('graph  ·  topic\t123', 400, (t) => (seen.add(t), mono(t)));
    expect(w.lines).toEqual(['graph · topic 123']);
    expect(w.width).toBe(mono('graph · topic 123'));
    expect([...seen]).toEqual(['graph · topic 123']);
  });

  it('keeps one line when the label fits, else wraps it word by word into two lines', () => {
    fc.assert(fc.property(fc.array(fc.stringMatching(/^[a-z]{1,9}$/), { minLength: 1, maxLength: 8 }), fc.integer({ min: 30, max: 300 }), (words, maxW) => {
      const w = wrapLabel(words.join(' '), maxW, mono);
      for (const l of w.lines) if (!l.endsWith('…')) expect(mono(l)).toBeLessThanOrEqual(maxW);
      if (mono(words.join(' ')) <= maxW) expect(w.lines).toEqual([words.join(' ')]);
      else if (!w.cut) expect(w.lines.length).toBe(2);
      if (!w.cut && !w.dropped) expect(w.lines.join(' ')).toBe(words.join(' '));
    }));
  });
});
