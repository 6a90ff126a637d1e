import { describe, it, expect } from 'vitest';
import { parseJson, parseJsonl } from '../../src/ingest/index.ts';
import { fixtureText } from './fixture.ts';

describe('parseJson', () => {
  it('reads the wrapped fixture with flattened authors and reported paths', () => {
    const r = parseJson(fixtureText('papers.json'), 'papers.json');
    expect(r.papers.map((p) => p.source.row)).toEqual([1, 2, 3, 4, 5]);
    const [a, b, c, d, e] = r.papers;
    expect(a).toMatchObject({ id: '10.5555/dtab.2023', authors: ['Hana Kovac', 'Ravi Shah'], year: 2023, keywords: ['diffusion', 'tabular'] });
    expect({ ...a.extra }).toEqual({ citations: '12' });
    expect(b).toMatchObject({ id: '2402.05678', arxivId: '2402.05678', authors: ['Mia Schulz', 'Daniel Brown'], venue: 'ACL' });
    expect(c).toMatchObject({ authors: ['Ola Berg', 'Tariq Aziz'], year: 2024 });
    expect(d.title).toBe('');
    expect(d.abstract.startsWith('This record has a numeric title')).toBe(true);
    expect(e).toMatchObject({ title: 'Only A Title Here', abstract: '' });
    expect(r.problems).toContainEqual(expect.objectContaining({ message: '$.papers[3].title: expected a string', row: 4 }));
    expect(r.problems).toContainEqual(expect.objectContaining({ severity: 'error', message: expect.stringMatching(/^\$\.papers\[5\]: no usable title/), row: 6 }));
  });

  it('P14: an object that is not an array, and an object holding no array, are reported', () => {
    expect(parseJson('{"title": "Lone Paper", "abstract": "A single object is one paper."}', 'o.json').papers).toHaveLength(1);
    const r = parseJson('{"meta": {"count": 3}}', 'm.json');
    expect(r.papers).toEqual([]);
    expect(r.problems[0]).toMatchObject({ severity: 'error', message: expect.stringMatching(/^\$: expected an array/) });
    expect(parseJson('42', 'n.json').papers).toEqual([]);
  });

  it('P14: finds the first array of objects below other properties', () => {
    const r = parseJson('{"version": 2, "result": {"hits": [{"title": "Deep Hit", "summary": "Found below."}]}}', 'd.json');
    expect(r.papers).toHaveLength(1);
    expect(r.papers[0]).toMatchObject({ title: 'Deep Hit', abstract: 'Found below.' });
  });

  it('P14: numeric title is reported with its path and never coerced', () => {
    const r = parseJson('[{"title": 7}, {"title": "Ok", "abstract": 5}]', 'n.json');
    expect(r.papers.map((p) => p.title)).toEqual(['Ok']);
    expect(r.problems.map((p) => p.message)).toEqual(
      expect.arrayContaining(['$[0].title: expected a string', '$[1].abstract: expected a string']),
    );
  });

  it('P14: 1000-deep nesting does not overflow the stack', () => {
    const deep = '['.repeat(1000) + ']'.repeat(1000);
    expect(() => parseJson(deep, 'deep.json')).not.toThrow();
    const nested = `[{"title": "T", "abstract": "A.", "meta": ${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}}]`;
    const r = parseJson(nested, 'nested.json');
    expect(r.papers).toHaveLength(1);
    const wrapped = `${'{"a":'.repeat(1000)}[{"title": "X"}]${'}'.repeat(1000)}`;
    expect(() => parseJson(wrapped, 'w.json')).not.toThrow();
  });

  it('P14: __proto__ keys never pollute Object.prototype', () => {
    const text = '[{"__proto__": {"polluted": true}, "title": "T", "abstract": "A.", "constructor": {"prototype": {"polluted": true}}}]';
    const r = parseJson(text, 'p.json');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.papers).toHaveLength(1);
    expect(r.papers[0].extra?.['__proto__']).toBe('{"polluted":true}');
    expect(Object.getPrototypeOf(r.papers[0])).toBe(Object.prototype);
  });

  it('reports unreadable JSON with its line', () => {
    const r = parseJson('[\n{"title": "A"},\n{"title": }\n]', 'bad.json');
    expect(r.papers).toEqual([]);
    expect(r.problems[0]).toMatchObject({ severity: 'error', line: 3 });
  });
});

describe('parseJsonl', () => {
  it('keeps good lines and reports the bad line by number', () => {
    const r = parseJsonl(fixtureText('papers.jsonl'), 'papers.jsonl');
    expect(r.papers.map((p) => p.id)).toEqual(['2401.00001', '2401.00002', '2401.00004', '2401.00005']);
    expect(r.papers[3].source).toEqual({ file: 'papers.jsonl', row: 5, line: 6, format: 'jsonl' });
    const bad = r.problems.filter((p) => p.severity === 'error');
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ line: 3, message: expect.stringMatching(/^unreadable line/) });
  });

  it('reports a line that is not an object', () => {
    const r = parseJsonl('[1,2]\n{"title": "T"}\n', 'x.jsonl');
    expect(r.papers).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ severity: 'error', line: 1 });
  });
});
