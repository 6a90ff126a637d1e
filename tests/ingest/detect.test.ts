import { describe, it, expect } from 'vitest';
import { detectArxivIds, detectFormat } from '../../src/ingest/index.ts';
import { fixtureText } from './fixture.ts';

describe('detectFormat', () => {
  it.each([
    ['papers.csv', 'csv'],
    ['papers.tsv', 'tsv'],
    ['papers.json', 'json'],
    ['papers.jsonl', 'jsonl'],
    ['papers.bib', 'bibtex'],
    ['papers.ris', 'ris'],
    ['listing-votes.txt', 'listing'],
    ['arxiv-ids.txt', 'arxiv-ids'],
  ])('recognises %s as %s from content alone', (name, format) => {
    expect(detectFormat(fixtureText(name))).toBe(format);
    // A misleading extension does not override clear content.
    expect(detectFormat(fixtureText(name), 'upload.txt')).toBe(format);
  });

  it('uses the extension only as a tiebreak', () => {
    expect(detectFormat('a,b\n1,2\n', 'x.csv')).toBe('csv');
    // A two-cell table with no title column is not a listing just because it is named .txt (issue 13).
    expect(detectFormat('a,b\n1,2\n', 'x.txt')).toBe('unknown');
    expect(detectFormat('', 'x.bib')).toBe('bibtex');
    expect(detectFormat('   \n')).toBe('unknown');
  });

  it('does not mistake a listing whose first title has commas for CSV', () => {
    const abs = 'We study blame assignment in multi-agent systems and show that it matters a great deal. '.repeat(3);
    expect(detectFormat(`Name, Shame, and Blame in Multi-Agent Systems\n\n${abs}\n`)).toBe('listing');
    expect(detectFormat('Title,Notes\nA paper,seen\n')).toBe('csv');
  });
});

describe('detectArxivIds', () => {
  it('returns the ids of a pure id/URL list', () => {
    expect(detectArxivIds(fixtureText('arxiv-ids.txt'))).toEqual([
      '2403.01234',
      '2402.05678v2',
      '2310.01234',
      '2401.00001v1',
      'hep-th/9901001',
    ]);
  });

  it('returns null when anything else is in the text', () => {
    expect(detectArxivIds('2403.01234\nA Title About Things')).toBeNull();
    expect(detectArxivIds('')).toBeNull();
  });
});
