import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ingestText, parseBibtex, parseCsv, parseJson, parseJsonl, parseListing, parseRis } from '../../src/ingest/index.ts';
import type { IngestResult } from '../../src/types.ts';
import { fixtureText } from './fixture.ts';

/** Characters that matter to some format's structure. */
const SPECIAL = ['{', '}', '"', ',', '\n', '\r\n', '@', '$', '\\', '\t', ';', '[', ']', ':', 'TY  - ', 'ER  - ', '__proto__', '\ufeff', '=', '#'];

/** Random edits (delete a span, insert a structural token) applied to a fixture. */
function mutated(base: string): fc.Arbitrary<string> {
  const edit = fc.record({ pos: fc.nat({ max: base.length }), del: fc.nat({ max: 8 }), ins: fc.constantFrom(...SPECIAL, '') });
  return fc.array(edit, { maxLength: 8 }).map((edits) => {
    let s = base;
    for (const e of edits) {
      const p = Math.min(e.pos, s.length);
      s = s.slice(0, p) + e.ins + s.slice(p + e.del);
    }
    return s;
  });
}

/** Random text built from structural tokens and words. */
const tokenSoup = fc
  .array(fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ maxLength: 12 }), fc.constantFrom('title', 'abstract', '@article{k,', 'title = {', 'A Title Line', 'x'.repeat(250))), {
    maxLength: 40,
  })
  .map((xs) => xs.join(''));

function checkInvariants(r: IngestResult): void {
  for (const p of r.papers) {
    expect(p.title.length + p.abstract.length).toBeGreaterThan(0);
    expect(Array.isArray(p.authors)).toBe(true);
    expect(typeof p.id).toBe('string');
  }
  expect(new Set(r.papers.map((p) => p.id)).size).toBe(r.papers.length);
  if (r.papers.length === 0) expect(r.problems.some((p) => p.severity === 'error')).toBe(true);
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

const parsers: Array<[string, string, (text: string) => IngestResult, number]> = [
  ['listing', 'listing-votes.txt', (t) => parseListing(t, 'f.txt'), 300],
  ['csv', 'papers.csv', (t) => parseCsv(t, 'f.csv'), 300],
  ['json', 'papers.json', (t) => parseJson(t, 'f.json'), 300],
  ['jsonl', 'papers.jsonl', (t) => parseJsonl(t, 'f.jsonl'), 300],
  ['bibtex', 'papers.bib', (t) => parseBibtex(t, 'f.bib'), 150],
  ['ris', 'papers.ris', (t) => parseRis(t, 'f.ris'), 300],
];

describe('parser properties (fast-check)', () => {
  for (const [name, fixture, parse, numRuns] of parsers) {
    it(`${name}: mutated fixtures never throw and keep the invariants`, () => {
      fc.assert(fc.property(mutated(fixtureText(fixture)), (text) => checkInvariants(parse(text))), { numRuns, seed: 42 });
    });
    it(`${name}: random token soup never throws and keeps the invariants`, () => {
      fc.assert(fc.property(tokenSoup, (text) => checkInvariants(parse(text))), { numRuns, seed: 7 });
    });
  }

  it('ingestText: any string never throws and keeps the invariants', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 300 }), tokenSoup), (text) => checkInvariants(ingestText(text, 'any'))), { numRuns: 300, seed: 1 });
  });

  it('json: objects with hostile keys never pollute the prototype', () => {
    const key = fc.constantFrom('__proto__', 'constructor', 'prototype', 'title', 'abstract', 'authors', 'toString', 'hasOwnProperty');
    const value = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.dictionary(fc.constantFrom('polluted', 'name'), fc.string()));
    const rec = fc.array(fc.tuple(key, value), { maxLength: 8 }).map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`);
    fc.assert(fc.property(fc.array(rec, { maxLength: 6 }), (recs) => checkInvariants(parseJson(`[${recs.join(',')}]`, 'h.json'))), { numRuns: 300, seed: 3 });
  });
});
