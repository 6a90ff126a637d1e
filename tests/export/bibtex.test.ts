import { describe, it, expect } from 'vitest';
import { parse } from '@retorquere/bibtex-parser';
import { escapeBibtex, groupsForExport, toBibtex } from '../../src/export/index.ts';
import { editRawEntry, scanEntry } from '../../src/export/bibtex-scan.ts';
import { layoutOf, paper, PROV } from './helpers.ts';
import type { Paper } from '../../src/types.ts';

const RAW_A = `@article{smith2020,
  title = {Graph {Neural} Networks},
  author = {Smith, John},
  year = 2020,
  keywords = {graphs, gnn},
  note = "A {"}quoted{"} note, with commas",
}`;
const RAW_B = `@inproceedings(doe2021, title = {Transformers} # " rule", author = {Doe, Jane})`;

function fromBib(i: number, raw: string, title: string): Paper {
  return paper(i, { raw, title, source: { file: 'refs.bib', row: i + 1, format: 'bibtex' } });
}

describe('escapeBibtex', () => {
  it('escapes every LaTeX special so the parser gives the original text back', async () => {
    const text = 'A & B \\ {x} 50% $5 #1 a_b ~ ^ ok';
    const lib = await parse(`@misc{k, title = {${escapeBibtex(text)}}}`);
    expect(lib.errors).toEqual([]);
    expect(lib.entries[0].fields.title).toBe(text);
  });
});

describe('editRawEntry', () => {
  it('appends the label to an existing keywords field and leaves other bytes untouched', () => {
    const out = editRawEntry(RAW_A, 'topic x')!;
    expect(out).toBe(RAW_A.replace('{graphs, gnn}', '{graphs, gnn, topic x}'));
  });
  it('adds a keywords field when absent, also in ( ) entries with # concatenation', () => {
    const out = editRawEntry(RAW_B, 'topic y')!;
    expect(out).toBe(RAW_B.replace('{Doe, Jane}', '{Doe, Jane},\n  keywords = {topic y}'));
  });
  it('returns null for an unreadable entry', () => {
    expect(editRawEntry('@article{k, title = {unclosed', 'x')).toBeNull();
    expect(scanEntry('not bibtex')).toBeNull();
  });
});

describe('toBibtex', () => {
  const papers: Paper[] = [
    fromBib(0, RAW_A, 'Graph Neural Networks'),
    fromBib(1, RAW_B, 'Transformers rule'),
    paper(2, { title: 'Costs: 50% & $5_000 {braces} #1 ~ ^ \\', authors: ['Jane Doe', 'Research and Development Lab'],
      url: 'javascript:alert(1)', doi: '10.1000/x_y', arxivId: '2401.00001', keywords: ['own kw'] }),
    paper(3, { title: 'Same key', authors: ['Jane Doe'], year: 2022, venue: 'Journal of Things', url: 'https://ex.org/p?a=1&b=2' }),
    paper(4, { title: 'Same key', authors: ['Jane Doe'], year: 2022 }),
    fromBib(5, RAW_A, 'Graph Neural Networks'), // duplicate row of the first entry
  ];
  const layout = layoutOf([0, 1, 1, 0, 0, 0], [0, 1, 2, 3, 4, 0]);
  const labels = new Map([[0, 'Graphs, networks']]);
  const bib = toBibtex(papers, groupsForExport(papers, layout, labels), PROV);

  it('parses back: one entry per row, unique keys, provenance comment', async () => {
    const lib = await parse(bib);
    expect(lib.errors).toEqual([]);
    expect(lib.entries).toHaveLength(papers.length);
    const keys = lib.entries.map((e) => e.key.toLowerCase());
    expect(new Set(keys).size).toBe(keys.length);
    expect(lib.comments[0]).toContain(PROV.inputHash);
    expect(bib.startsWith('@comment{Paperscope')).toBe(true);
  });

  it('gives every entry the cluster label as a keyword', async () => {
    const lib = await parse(bib);
    const labelOf = (key: string) => lib.entries.find((e) => e.key === key)!.fields.keywords;
    // The parser sorts keyword lists, so compare as sets.
    expect([...labelOf('smith2020')!].sort()).toEqual(['Graphs / networks', 'gnn', 'graphs']);
    expect(labelOf('doe2021')).toEqual(['label 1']);
    // Entries come in group order: cluster 0 holds rows 0, 3, 4, 5; cluster 1 rows 1, 2.
    const expected = ['Graphs / networks', 'Graphs / networks', 'Graphs / networks', 'Graphs / networks', 'label 1', 'label 1'];
    expect(lib.entries.map((e, k) => e.fields.keywords?.includes(expected[k]))).toEqual(expected.map(() => true));
  });

  it('keeps BibTeX entries as they came in apart from keywords and a clashing key', () => {
    expect(bib).toContain(RAW_A.replace('{graphs, gnn}', '{graphs, gnn, Graphs / networks}'));
    expect(bib).toContain(RAW_A.replace('{graphs, gnn}', '{graphs, gnn, Graphs / networks}').replace('smith2020,', 'smith2020a,'));
  });

  it('escapes generated fields, drops unsafe URLs and keeps authors whole', async () => {
    const lib = await parse(bib);
    const e = lib.entries.find((x) => x.fields.doi === '10.1000/x_y')!;
    expect(e.fields.title).toBe(papers[2].title);
    expect(e.fields.url).toBeUndefined();
    expect(e.fields.eprint).toBe('2401.00001');
    expect([...e.fields.keywords!].sort()).toEqual(['label 1', 'own kw']);
    expect(e.fields.author).toHaveLength(2);
    expect(e.type).toBe('misc');
    const art = lib.entries.find((x) => x.fields.journal === 'Journal of Things')!;
    expect(art.type).toBe('article');
    expect(art.fields.url).toBe('https://ex.org/p?a=1&b=2');
  });
});
