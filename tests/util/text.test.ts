import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { collapseSpace } from '../../src/util/text.ts';
import { head, clipText } from '../../src/util/limits.ts';
import { maxOf, minOf, pushAll } from '../../src/util/array.ts';

describe('collapseSpace', () => {
  it('gives what s.replace(/\\s+/g, " ") gives, for any mix of white space', () => {
    const unit = fc.constantFrom('a', 'b', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2003', '\ufeff', '\u3000', 'é', '😀');
    fc.assert(fc.property(fc.string({ unit, maxLength: 40 }), (s) => {
      expect(collapseSpace(s)).toBe(s.replace(/\s+/g, ' '));
    }), { numRuns: 1000 });
  });
});

describe('head and clipText', () => {
  it('never split a surrogate pair and never grow past the limit', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', '😀', 'é'), maxLength: 30 }), fc.integer({ min: 1, max: 30 }), (s, max) => {
      const h = head(s, max);
      expect(h.length).toBeLessThanOrEqual(max);
      expect(s.startsWith(h)).toBe(true);
      expect(/[\uD800-\uDBFF]$/.test(h)).toBe(false);
      expect(clipText(s, max).length).toBeLessThanOrEqual(max + 1);
    }));
  });
});

describe('array helpers take any length', () => {
  it('push, max and min over 500,000 items (a spread call throws past ~200,000 in Node)', () => {
    const big = Array.from({ length: 500_000 }, (_, i) => (i * 7919) % 500_000);
    expect(() => [].push(...(big as never[]))).toThrow(RangeError);
    expect(pushAll([-1], big)).toHaveLength(500_001);
    expect(maxOf(big)).toBe(499_999);
    expect(minOf(big)).toBe(0);
    expect(maxOf([], 0)).toBe(0);
  });
});
