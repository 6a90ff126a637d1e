import { describe, it, expect } from 'vitest';
import { ARXIV_IDS_MESSAGE, dedupe, ingestFiles, ingestText, LONG_TEXT_CHARS } from '../../src/ingest/index.ts';
import type { Paper } from '../../src/types.ts';
import { fixtureBytes, fixtureText } from './fixture.ts';

const noPapers = (r: { papers: Paper[]; problems: { severity: string; message: string }[] }) =>
  r.papers.length === 0 && r.problems.some((p) => p.severity === 'error' && p.message.startsWith('No papers found'));

describe('ingestText', () => {
  it('P1: empty, whitespace-only and header-only input -> "No papers found"', () => {
    for (const [text, name] of [['', 'a.txt'], ['  \n\t\n', 'b.txt'], ['title,abstract\n', 'c.csv'], ['[]', 'd.json'], ['\ufeff', 'e.txt']]) {
      expect(noPapers(ingestText(text, name)), `${JSON.stringify(text)}`).toBe(true);
    }
  });

  it('dispatches each fixture to its parser', () => {
    const cases: Array<[string, number]> = [
      ['papers.csv', 5], ['papers.tsv', 3], ['papers.json', 5], ['papers.jsonl', 4], ['papers.bib', 6], ['papers.ris', 4], ['listing-votes.txt', 2],
    ];
    for (const [name, n] of cases) expect(ingestText(fixtureText(name), name).papers, name).toHaveLength(n);
  });

  it('an arXiv id list gives 0 papers and one error explaining the offline export route', () => {
    const r = ingestText(fixtureText('arxiv-ids.txt'), 'ids.txt');
    expect(r.papers).toEqual([]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].severity).toBe('error');
    expect(r.problems[0].message).toContain(ARXIV_IDS_MESSAGE);
    expect(r.problems[0].message).toContain('5 ids');
  });

  it('P6: a 5 MB abstract is kept whole with a truncation notice', () => {
    const big = 'All work and no play makes a long abstract. '.repeat(120_000);
    const r = ingestText(JSON.stringify([{ title: 'Huge', abstract: big }]), 'big.json');
    expect(r.papers[0].abstract.length).toBe(big.trim().length);
    expect(r.papers[0].abstract.length).toBeGreaterThan(5_000_000);
    expect(r.problems).toContainEqual(expect.objectContaining({ severity: 'warning', message: 'long abstract: truncated for the model; full text kept for export', row: 1 }));
    const small = ingestText(JSON.stringify([{ title: 'Small', abstract: 'x'.repeat(LONG_TEXT_CHARS - 10) }]), 's.json');
    // Below the model's limit: no truncation warning (a display-limit notice is info only).
    expect(small.problems.filter((p) => p.severity !== 'info')).toEqual([]);
  });

  it('reports progress from 0 to 1', () => {
    const seen: number[] = [];
    ingestText(fixtureText('papers.jsonl'), 'p.jsonl', { onProgress: (f) => seen.push(f) });
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(1);
  });
});

describe('ingestFiles', () => {
  it('merges several files with ids unique across them', () => {
    const r = ingestFiles([
      { name: 'papers.csv', bytes: fixtureBytes('papers.csv') },
      { name: 'papers.bib', text: fixtureText('papers.bib') },
      { name: 'copy.csv', bytes: fixtureBytes('papers.csv') },
    ]);
    expect(r.papers).toHaveLength(16);
    expect(new Set(r.papers.map((p) => p.id)).size).toBe(16);
    expect(r.formats).toEqual({ 'papers.csv': 'csv', 'papers.bib': 'bibtex', 'copy.csv': 'csv' });
    // The copy's DOI ids clash with the first file's, so they fall back to file:row.
    expect(r.papers[11].id).toBe('copy.csv:1');
  });

  it('keeps ids unique even when two files share a name', () => {
    const f = { name: 'same.csv', text: 'title,abstract\nA,B.\n' };
    const r = ingestFiles([f, f]);
    expect(r.papers.map((p) => p.id)).toEqual(['same.csv:1', 'same.csv:1#2']);
  });
});

describe('dedupe', () => {
  it('P4: near-duplicates by case and whitespace point at the first occurrence; every row kept', () => {
    const r = ingestText('title,abstract\nA Paper,Some  abstract.\nOther,Different.\na paper ,some abstract.\nA Paper,Some abstract!\n', 'd.csv');
    expect(r.papers).toHaveLength(4);
    const { dupOf, problems } = dedupe(r.papers);
    expect(Array.from(dupOf)).toEqual([0, 1, 0, 3]);
    expect(problems).toEqual([{ severity: 'info', message: 'duplicate of row 1', file: 'd.csv', row: 3 }]);
  });

  it('names the other file when a duplicate comes from another file', () => {
    const r = ingestFiles([
      { name: 'a.csv', text: 'title,abstract\nX,Y.\n' },
      { name: 'b.csv', text: 'title,abstract\nx, y.\n' },
    ]);
    expect(dedupe(r.papers).problems[0].message).toBe('duplicate of row 1 of a.csv');
  });
});
