import { describe, it, expect } from 'vitest';
import { guessMapping, parseCsv } from '../../src/ingest/index.ts';
import { fixtureText } from './fixture.ts';

describe('parseCsv', () => {
  it('reads every row of the fixture with exact fields', () => {
    const r = parseCsv(fixtureText('papers.csv'), 'papers.csv');
    expect(r.papers).toHaveLength(5);
    expect(r.columns).toEqual(['Title', 'Abstract', 'Authors', 'Year', 'DOI', 'URL', 'Venue', 'Keywords', 'Notes']);
    const [a, b, c, d, e] = r.papers;
    expect(a).toMatchObject({
      id: '10.1234/smac.2024.001',
      title: 'Sparse Mixtures of Adapters for Continual Learning',
      authors: ['Ana Ruiz', 'Tom Becker'],
      year: 2024,
      doi: '10.1234/smac.2024.001',
      venue: 'ICLR',
      keywords: ['continual learning', 'adapters'],
      source: { file: 'papers.csv', row: 1, format: 'csv' },
    });
    expect({ ...a.extra }).toEqual({ Notes: 'seen at poster session' });
    expect(b).toMatchObject({ id: '2310.01234', arxivId: '2310.01234', authors: ['Li Wei', 'Sara Okafor'] });
    expect(c.title).toBe('Token Merging, Revisited: Faster Vision Transformers Without Retraining');
    expect(c.extra?.Notes).toBe('contains "quoted" words, and a comma');
    expect(d).toMatchObject({ id: 'papers.csv:4', abstract: '' });
    expect(e.abstract).toBe(
      'The first paragraph of this abstract explains the problem.\n\nThe second paragraph, after a blank line, explains the solution in more detail than the first.',
    );
    expect(r.problems).toEqual([{ severity: 'warning', message: 'no abstract: embedded by title', file: 'papers.csv', row: 4 }]);
  });

  it('reads TSV with an explicit tab delimiter', () => {
    const r = parseCsv(fixtureText('papers.tsv'), 'papers.tsv', { delimiter: '\t' });
    expect(r.papers).toHaveLength(3);
    expect(r.papers[2].authors).toEqual(['Omar Haddad', 'Julia Weiss']);
    expect(r.formats).toEqual({ 'papers.tsv': 'tsv' });
  });

  it('honours a user column mapping', () => {
    const text = 'Heading,Body,Who\nA Title,An abstract that is here.,Jo Bloggs\n';
    const r = parseCsv(text, 'm.csv', { mapping: { title: 'Heading', abstract: 'Body', authors: 'Who' } });
    expect(r.papers[0]).toMatchObject({ title: 'A Title', abstract: 'An abstract that is here.', authors: ['Jo Bloggs'] });
  });

  it('P10: an unclosed quote reports MissingQuotes with its row and warns that later rows may have merged', () => {
    const text = 'title,abstract\nGood One,Fine abstract.\n"Broken,Abstract with an unclosed quote\nLater Title,Later abstract.\n';
    const r = parseCsv(text, 'q.csv');
    const err = r.problems.find((p) => p.message.includes('unclosed quote'));
    expect(err).toMatchObject({ severity: 'error', row: 2, file: 'q.csv' });
    expect(err?.message).toMatch(/later rows may have merged/);
    expect(r.papers[0].title).toBe('Good One');
  });

  it('P11: ragged rows get per-row warnings and still yield papers', () => {
    const text = 'title,abstract,year\nA,Abstract A.,2020\nB,Abstract B.\nC,Abstract C.,2021,surplus\n';
    const r = parseCsv(text, 'r.csv');
    expect(r.papers.map((p) => p.title)).toEqual(['A', 'B', 'C']);
    expect(r.problems).toContainEqual({ severity: 'warning', message: 'row has 2 fields, expected 3', file: 'r.csv', row: 2 });
    expect(r.problems).toContainEqual({ severity: 'warning', message: 'row has 4 fields, expected 3', file: 'r.csv', row: 3 });
    expect(r.papers[2].extra?.['column 4']).toBe('surplus');
  });

  it('P11: no abstract column -> mapping by title and a notice', () => {
    const r = parseCsv('Name,Authors\nJust A Title,Ann Lee\n', 'n.csv');
    expect(r.mapping).toEqual({ title: 'Name', authors: 'Authors' });
    expect(r.papers[0]).toMatchObject({ title: 'Just A Title', abstract: '' });
    expect(r.problems.some((p) => p.message.includes('no abstract column'))).toBe(true);
  });

  it('P11: header __proto__ x3 leaves Object.prototype intact', () => {
    const text = '__proto__,__proto__,title,__proto__,abstract\n{"polluted":1},x,T,y,Abs.\n';
    const r = parseCsv(text, 'p.csv');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(r.columns).toEqual(['__proto__', '__proto__ (2)', 'title', '__proto__ (3)', 'abstract']);
    expect(r.papers).toHaveLength(1);
    expect(r.papers[0].extra?.['__proto__ (2)']).toBe('x');
    expect(Object.getOwnPropertyNames(r.papers[0].extra)).toContain('__proto__');
  });

  it('P1: header-only and empty CSV -> "No papers found"', () => {
    for (const text of ['title,abstract\n', '', '\n\n']) {
      const r = parseCsv(text, 'h.csv');
      expect(r.papers).toEqual([]);
      expect(r.problems.some((p) => p.severity === 'error' && p.message.startsWith('No papers found'))).toBe(true);
    }
  });

  it('reports a file with neither a title nor an abstract column', () => {
    const r = parseCsv('foo,bar\n1,2\n', 'f.csv');
    expect(r.papers).toEqual([]);
    expect(r.problems[0]).toMatchObject({ severity: 'error', message: expect.stringContaining('no title or abstract column') });
  });
});

describe('guessMapping', () => {
  it('maps synonyms case-insensitively', () => {
    const { mapping } = guessMapping(['Paper Title', 'SUMMARY', 'creators', 'Publication Year', 'link', 'DOI', 'eprint', 'booktitle', 'tags']);
    expect(mapping).toEqual({
      title: 'Paper Title', abstract: 'SUMMARY', authors: 'creators', year: 'Publication Year', url: 'link',
      doi: 'DOI', arxivId: 'eprint', venue: 'booktitle', keywords: 'tags',
    });
  });

  it('flags ambiguous fields', () => {
    const r = guessMapping(['title', 'Title', 'abstract']);
    expect(r.mapping.title).toBe('title');
    expect(r.ambiguous).toEqual(['title']);
  });
});
