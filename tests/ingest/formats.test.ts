/**
 * Every exporter's format from small synthetic samples in tests/fixtures/formats (written for
 * this project, not copied from any tool): format and exporter detected, papers counted, and the
 * fields each exporter is known to get wrong checked one by one.
 */
import { describe, expect, it } from 'vitest';
import { IngestBatch } from '../../src/app/ingest-batch.ts';
import { detectFormat, ingestText, NOT_A_FORMAT_MESSAGE } from '../../src/ingest/index.ts';
import type { Paper } from '../../src/types.ts';
import { fixtureBytes, fixtureText } from './fixture.ts';

function read(name: string, bytes = fixtureBytes(`formats/${name}`)) {
  const { result, files } = new IngestBatch([{ name, bytes }]).run();
  return { papers: result.papers, problems: result.problems, info: files[0] };
}

function utf16(text: string, le: boolean): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out[0] = le ? 0xff : 0xfe;
  out[1] = le ? 0xfe : 0xff;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + 2 * i] = le ? c & 0xff : c >> 8;
    out[3 + 2 * i] = le ? c >> 8 : c & 0xff;
  }
  return out;
}

const first = (ps: Paper[]) => ps[0];

describe('Web of Science', () => {
  it('reads the field-tagged plain text: titles over two lines, full author names, year, DOI', () => {
    const { papers, info } = read('wos-tagged.txt');
    expect(info.format).toBe('wos');
    expect(papers).toHaveLength(2);
    const p = first(papers);
    expect(p.title).toBe('Tidal mixing in shallow estuaries: a field and model comparison');
    expect(p.authors).toEqual(['Chidi Okafor', 'Britta M. Lindqvist']);
    expect(p.year).toBe(2018);
    expect(p.doi).toBe('10.1000/ecss.2018.01');
    expect(p.abstract).toMatch(/^We compare field measurements/);
    expect(p.extra?.date).toBe('MAR 2018');
    expect(papers[1].title).toBe('Seed dispersal by wind over fragmented grassland');
    expect(papers.some((x) => /^(PT|FN|VR) /.test(x.title))).toBe(false);
  });

  it.each([
    ['UTF-8', (t: string) => new TextEncoder().encode(t)],
    ['UTF-8 with BOM', (t: string) => new TextEncoder().encode(`\ufeff${t}`)],
    ['UTF-16 LE with BOM', (t: string) => utf16(t, true)],
    ['UTF-16 BE with BOM', (t: string) => utf16(t, false)],
    ['UTF-16 LE with BOM and CR-only line ends', (t: string) => utf16(t.replace(/\n/g, '\r'), true)],
  ])('reads the tab-delimited export in %s', (_label, encode) => {
    const { papers, info, problems } = read('wos-tab.txt', encode(fixtureText('formats/wos-tab.txt')));
    expect(info.format).toBe('tsv');
    expect(info.exporter).toBe('Web of Science');
    expect(papers.map((p) => p.title)).toEqual(['Snowpack trends in the Andes', 'Rainfall extremes in Japan']);
    expect(papers[0].authors).toEqual(['Jonas Berg', 'Lucia Quispe']);
    expect(papers[0].abstract).toBe('Snowpack fell by a third since 1980.');
    expect(papers[0].year).toBe(2017);
    // The trailing tab WoS writes on every row is not reported.
    expect(problems.filter((p) => /fields, expected/.test(p.message))).toEqual([]);
  });

  it('reads a tab-delimited export whose titles and abstracts hold quotes (WoS never quotes a field)', () => {
    const head = 'PT\tAU\tTI\tSO\tAB\tPY\tUT\t';
    const rows = [
      'J\tBerg, Jonas\t"Snowpack" trends in the Andes\tJ HYDROL\tWe call it "the drought\t2017\tWOS:1\t',
      'J\tSato, Aiko\tRainfall extremes in Japan\tJ HYDROL\tAn abstract with one " quote.\t2018\tWOS:2\t',
      'J\tOkafor, Chidi\t"Tidal mixing\tECSS\tLast row.\t2019\tWOS:3\t',
    ];
    const text = [head, ...rows].join('\r\n') + '\r\n';
    const { papers, info, problems } = read('wos-quotes.txt', new TextEncoder().encode(text));
    expect(info.format).toBe('tsv');
    expect(papers.map((p) => p.title)).toEqual(['"Snowpack" trends in the Andes', 'Rainfall extremes in Japan', '"Tidal mixing']);
    expect(papers[0].abstract).toBe('We call it "the drought');
    expect(papers.map((p) => p.year)).toEqual([2017, 2018, 2019]);
    expect(problems.filter((p) => p.severity !== 'info')).toEqual([]);
  });

  it('a tab-delimited file that does quote its fields (a spreadsheet\'s TSV) keeps its quoting', () => {
    const text = 'title\tabstract\n"A title\twith a tab"\t"An abstract over\ntwo lines"\nPlain title\tPlain abstract\n';
    const { papers } = read('sheet.tsv', new TextEncoder().encode(text));
    expect(papers.map((p) => p.title)).toEqual(['A title with a tab', 'Plain title']);
    expect(papers[0].abstract).toBe('An abstract over two lines');
  });

  it('a tab-delimited file without WoS tags whose quotes break rows is read with quotes as text', () => {
    const text = 'title\tabstract\n"Quoted" start\tFirst abstract.\nSecond title\tSecond "abstract.\nThird title\tThird abstract.\n';
    const { papers, problems } = read('other.tsv', new TextEncoder().encode(text));
    expect(papers.map((p) => p.title)).toEqual(['"Quoted" start', 'Second title', 'Third title']);
    expect(problems.some((p) => /quotes read as text/.test(p.message))).toBe(true);
  });
});

describe('PubMed / MEDLINE', () => {
  it('reads .nbib records: wrapped title and abstract, full author names, date, DOI, MeSH', () => {
    const { papers, info } = read('pubmed.nbib');
    expect(info.format).toBe('medline');
    expect(papers).toHaveLength(2);
    const p = first(papers);
    expect(p.title).toBe('Sleep duration and memory consolidation in older adults: a cohort study.');
    expect(p.abstract).toMatch(/for two years\. RESULTS: Longer sleep/);
    expect(p.authors).toEqual(['Camille Moreau', 'Hiroshi Tanaka']);
    expect(p.year).toBe(2019);
    expect(p.extra?.date).toBe('2019 Mar 15');
    expect(p.doi).toBe('10.1000/jsr.2019.15');
    expect(p.venue).toBe('Journal of Sleep Research');
    expect(p.keywords).toEqual(['Sleep', 'Memory']);
    expect(papers.some((x) => x.title.startsWith('PMID'))).toBe(false);
  });
});

describe('JSON shapes', () => {
  it('CSL-JSON: year from issued.date-parts, the full date kept, literal authors', () => {
    const { papers, info } = read('csl.json');
    expect(info.exporter).toBe('CSL-JSON');
    expect(papers[0].year).toBe(2017);
    expect(papers[0].extra?.date).toBe('2017-06-02');
    expect(papers[0].authors).toEqual(['Marta Reyes', 'Kwame Osei']);
    expect(papers[0].venue).toBe('Marine Biology');
    expect(papers[1].year).toBe(1999);
    expect(papers[1].authors).toEqual(['Royal Hydrographic Office']);
  });

  it('daily-papers API: abstract from paper.summary, authors from paper.authors', () => {
    const { papers, info } = read('daily-papers.json');
    expect(info.exporter).toBe('daily papers');
    expect(papers).toHaveLength(2);
    expect(papers[0].abstract).toBe('We route tokens to a few experts and keep long contexts cheap.');
    expect(papers[0].authors).toEqual(['Ines Duarte', 'Tomasz Nowak']);
    expect(papers[0].arxivId).toBe('2406.00001');
    expect(papers[0].year).toBe(2024);
  });

  it('Kaggle arXiv metadata: year from the first version, TeX accents decoded, affiliations not authors', () => {
    const { papers, info } = read('arxiv-metadata.json');
    expect(info.format).toBe('jsonl');
    expect(info.exporter).toBe('arXiv metadata (Kaggle)');
    expect(papers[0].authors).toEqual(['J. Müller', 'K. Ng']);
    expect(papers[0].year).toBe(2008);
    expect(papers[0].title).toBe('Phonon transport in thin films');
    // No authors_parsed: the author string is used, its "(Budapest)" affiliation dropped.
    expect(papers[1].authors).toEqual(['P. Erdős', 'L. Székely']);
  });

  it('OpenAlex: abstract rebuilt from the inverted index, authorships, venue', () => {
    const { papers, info } = read('openalex.json');
    expect(info.exporter).toBe('OpenAlex');
    expect(papers[0].title).toBe('Glacier retreat in the Andes');
    expect(papers[0].abstract).toBe('Glaciers in the Andes are retreating fast.');
    expect(papers[0].authors).toEqual(['Lucía Quispe', 'Jonas Berg']);
    expect(papers[0].year).toBe(2015);
    expect(papers[0].doi).toBe('10.1000/oa.1');
    expect(papers[0].venue).toBe('Journal of Glaciology');
  });

  it('Semantic Scholar: externalIds give DOI and arXiv id', () => {
    const { papers, info } = read('semantic-scholar.json');
    expect(info.exporter).toBe('Semantic Scholar');
    expect(papers[0].doi).toBe('10.1000/s2.7');
    expect(papers[0].arxivId).toBe('2101.00007');
    expect(papers[0].authors).toEqual(['Priya Raman', 'Lee Chen']);
  });
});

describe('CSV exporters', () => {
  it.each([
    ['ieee.csv', 'IEEE Xplore', 'Low-power radio wake-up receivers', ['K. Ito', 'M. L. Santos', 'R. van Dijk'], 2019],
    ['springer.csv', 'SpringerLink', 'Soil carbon under no-till farming', ['Maria Gonzalez', 'David McDonald', 'Wei Zhang'], 2016],
    ['scopus.csv', 'Scopus', 'Urban heat islands and tree cover', ['P. Novak', 'A.B. Hassan'], 2020],
    ['zotero.csv', 'Zotero', 'Biosensors for glucose', ['R. Uma Maheshwari', 'S. Kumar'], 2014],
    ['acm.csv', 'ACM Digital Library', 'Teaching recursion with games', ['Kari Olsen', 'Sam Brooks'], 2018],
    ['openreview.csv', 'OpenReview', 'Robust training with label noise', ['Ana Lima', 'Ben Hart'], 2019],
    ['mendeley.csv', 'Mendeley', 'Bird song dialects in cities', ['J. Park', 'R. M. Evans'], 2012],
    ['screening.csv', 'screening sheet (Web of Science tags)', 'River restoration outcomes', ['J Kim', 'MA Lopez'], 2016],
  ])('%s: %s columns and author list', (name, exporter, title, authors, year) => {
    const { papers, info } = read(name);
    expect(info.exporter).toBe(exporter);
    expect(papers).toHaveLength(1);
    expect(papers[0].title).toBe(title);
    expect(papers[0].authors).toEqual(authors);
    expect(papers[0].year).toBe(year);
  });

  it('IEEE Xplore: a quote left unescaped inside a quoted field does not shift the row', () => {
    const csv =
      '"Document Title",Authors,"Publication Title","Publication Year","Abstract",PDF Link\n' +
      '"Field solvers on GPUs","P. So","EUROCON 2007 - The International Conference on "Computer as a Tool"","2007","We port a solver.",""\n' +
      '"Second","A. B","Journal","2008","Another.",""\n';
    const { papers, info, problems } = read('ieee-quotes.csv', new TextEncoder().encode(csv));
    expect(info.exporter).toBe('IEEE Xplore');
    expect(papers.map((p) => [p.title, p.abstract, p.year])).toEqual([
      ['Field solvers on GPUs', 'We port a solver.', 2007],
      ['Second', 'Another.', 2008],
    ]);
    expect(papers[0].venue).toBe('EUROCON 2007 - The International Conference on "Computer as a Tool"');
    expect(problems.filter((p) => p.severity !== 'info')).toEqual([]);
  });

  it('keeps an export date beside its year', () => {
    const { papers } = read('zotero.csv');
    expect(papers[0].extra?.Date).toBe('2014-05');
  });
});

describe('BibTeX delimiters and author lists', () => {
  it('reads @article(...) with ) and } inside a quoted value, and notes a dropped "and others"', () => {
    const { papers, problems } = read('bibtex-paren.bib');
    expect(papers.map((p) => p.title)).toEqual(['Closing brackets (like this) inside a value', 'A brace entry after it']);
    expect(papers[0].abstract).toBe('A value may hold ) and } without ending the entry.');
    expect(papers[0].authors).toEqual(['Luis Sandoval', 'Ivan Petrov']);
    expect(problems.some((p) => p.row === 1 && /and others/.test(p.message))).toBe(true);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});

describe('line endings and separators', () => {
  it('RIS: a U+2028 inside a line keeps the field', () => {
    const r = ingestText('TY  - JOUR\nTI  - Line\u2028separated title\nAB  - An abstract.\nER  - \n', 'x.ris');
    expect(r.papers).toHaveLength(1);
    expect(r.papers[0].title).toBe('Line separated title');
  });

  it('CR-only line endings are read as lines (RIS, BibTeX), not as a listing', () => {
    const ris = 'TY  - JOUR\rTI  - First\rAB  - One.\rER  - \rTY  - JOUR\rTI  - Second\rER  - \r';
    expect(detectFormat(ris)).toBe('ris');
    expect(ingestText(ris, 'cr.ris').papers.map((p) => p.title)).toEqual(['First', 'Second']);
    const bib = '@article{a,\r title={One},\r year=2001}\r@article{b,\r title={Two}}\r';
    expect(ingestText(bib, 'cr.bib').papers.map((p) => p.title)).toEqual(['One', 'Two']);
  });
});

describe('detection by evidence', () => {
  it.each([
    ['field-tagged records of an unknown kind', 'XA  - one\nXB  - two\nXC  - three\nXD  - four\n', /field-tagged records/],
    ['a log file', '2024-01-01 12:00:01 INFO start\n2024-01-01 12:00:02 INFO ok\n', /plain text|table|field-tagged/],
    ['source code', 'function f(a) { return a; }\nconst x = { y: 1 };\nif (x) { f(x); }\n', /source code/],
    ['a headerless table', 'a\tb\tc\n1\t2\t3\n4\t5\t6\n', /table/],
  ])('%s gets "not a format Paperscope reads", never papers', (_label, text, looked) => {
    const r = ingestText(text, 'mystery.txt');
    expect(r.papers).toEqual([]);
    const err = r.problems.find((p) => p.severity === 'error');
    expect(err?.message).toContain(NOT_A_FORMAT_MESSAGE);
    expect(err?.message).toMatch(looked);
  });

  it('a listing with titles and abstracts is still a listing', () => {
    expect(detectFormat(fixtureText('listing-votes.txt'), 'x.txt')).toBe('listing');
  });
});
