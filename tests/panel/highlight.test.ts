/**
 * Issue 16: highlighting no longer compiles a Unicode-lookaround regex per cluster (200
 * listed papers from 200 clusters took over half a second); `termMatches` must find
 * exactly what `termPattern`'s regex finds.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { termMatches, termPattern } from '../../src/panel/highlight.ts';

const viaRegex = (text: string, terms: string[]) => {
  const re = termPattern(terms);
  return re ? [...text.matchAll(re)].map((m) => ({ index: m.index!, text: m[0] })) : [];
};

describe('termMatches', () => {
  it('equals the lookaround regex on texts built from terms, plurals, letters, digits, hyphens and astral letters', () => {
    const bit = fc.constantFrom('graph', 'Graphs', 'graphes', 'neural', 'network', 'networks', 'model', 'models', 'self', 'supervised', 'x', 'é', '𝐀', '😀', '1', ' ', '-', '  ', 'GRAPH', 'İ', 'ſ', 'k');
    const term = fc.constantFrom('graph', 'graphs', 'neural network', 'self-supervised', 'models', 'model', 'x', 'supervised', 'nets', 'c++', 'a.b', '𝐀x', 'ks');
    fc.assert(fc.property(fc.array(bit, { maxLength: 40 }), fc.array(term, { minLength: 1, maxLength: 5 }), (bits, terms) => {
      const text = bits.join('');
      expect([...termMatches(text, terms)]).toEqual(viaRegex(text, terms));
    }), { numRuns: 3000 });
  });

  it('a term that fails its end boundary falls back to a shorter term at the same place', () => {
    expect([...termMatches('neural networkx neural nets', ['neural network', 'neural'])]).toEqual(viaRegex('neural networkx neural nets', ['neural network', 'neural']));
    expect([...termMatches('neural networkx', ['neural network', 'neural'])].map((m) => m.text)).toEqual(['neural']);
  });
});
