// @vitest-environment jsdom
/**
 * Label text is measured on one canvas context whose font is set only when it changes: setting a
 * canvas font parses it, and a draw of 20,000 clusters measured ~3,000 words in one or two fonts,
 * a font set before each (issue 16).
 */
import { describe, expect, it } from 'vitest';
import { stubCanvas } from './stub-canvas.ts';

describe('textWidth', () => {
  it('sets the context font once per change of font, and measures in the font asked for', async () => {
    const sets: string[] = [];
    stubCanvas(HTMLCanvasElement.prototype, { byFont: true, onFont: (f) => sets.push(f) });
    const { textWidth } = await import('../../src/map/dom.ts');
    const small = '600 10px sans-serif', big = '700 20px sans-serif';
    const words = Array.from({ length: 50 }, (_, i) => `word${i}`);
    const a = words.map((w) => textWidth(w, small));
    const b = words.map((w) => textWidth(w, big));
    const c = words.map((w) => textWidth(`${w}!`, small));
    expect(sets).toEqual([small, big, small]);
    // 0.55 × the font's px per character (the stub): each width from its own font.
    expect(a[0]).toBeCloseTo(0.55 * 10 * 'word0'.length);
    expect(b[0]).toBeCloseTo(0.55 * 20 * 'word0'.length);
    expect(c[0]).toBeCloseTo(0.55 * 10 * 'word0!'.length);
  });
});
