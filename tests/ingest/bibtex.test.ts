import { describe, it, expect } from 'vitest';
import { parseBibtex } from '../../src/ingest/index.ts';
import { fixtureText } from './fixture.ts';

const fixture = () => parseBibtex(fixtureText('papers.bib'), 'papers.bib');

describe('parseBibtex', () => {
  it('reads every entry of the fixture, keyed by citation key', () => {
    const r = fixture();
    expect(r.papers.map((p) => p.id)).toEqual(['mueller2023robust', 'garcia2022escaped', 'broken2021', 'nocomma2020', 'math2019', 'last2024']);
    expect(r.papers.map((p) => p.source.line)).toEqual([5, 19, 27, 34, 41, 49]);
    expect(r.formats).toEqual({ 'papers.bib': 'bibtex' });
  });

  it('converts LaTeX accents, braces and @string macros to plain Unicode', () => {
    const [a, b, , , , last] = fixture().papers;
    expect(a.title).toBe('Robust Optimal Transport for Domain Adaptation in München');
    expect(a.authors).toEqual(['Jörg Müller', 'André François', 'The OT Consortium']);
    expect(a.venue).toBe('International Conference on Machine Learning');
    expect(a.abstract).toBe(
      'Optimal transport aligns source and target feature distributions, but outliers distort the plan. We relax the marginal constraints with an unbalanced penalty and show a 4% gain on five benchmarks.',
    );
    expect(a).toMatchObject({ year: 2023, doi: '10.1000/ot.2023.17' });
    expect(a.keywords).toEqual(expect.arrayContaining(['optimal transport', 'domain adaptation']));
    expect(b.authors).toEqual(['Lucía García']);
    expect(b.venue).toBe('Lecture Notes in Computer Science vol. 12');
    expect(last.authors).toEqual(['Søren Østergaard', 'Antonín Dvořák']);
    expect(last.url).toBe('https://example.org/last_2024%20v2');
  });

  it('keeps the raw entry text for export', () => {
    const r = fixture();
    const text = fixtureText('papers.bib');
    for (const p of r.papers) {
      expect(p.raw?.startsWith('@')).toBe(true);
      expect(text).toContain(p.raw);
    }
    expect(r.papers[0].raw?.endsWith('}')).toBe(true);
  });

  it('P12: escaped \\{ and \\$ are literal characters, not structure', () => {
    const b = fixture().papers[1];
    expect(b.title).toBe('Escaped Braces { and Dollars $ in Titles');
    expect(b.abstract).toBe('Some abstracts contain an escaped brace } and a percent sign 10% and still parse.');
  });

  it('P12: missing comma and unterminated $ give per-entry problems with lines; entries kept', () => {
    const r = fixture();
    expect(r.problems).toContainEqual(expect.objectContaining({ severity: 'warning', row: 4, line: 36, message: expect.stringContaining('missing comma') }));
    expect(r.problems).toContainEqual(expect.objectContaining({ row: 5, line: 41, message: expect.stringContaining('unterminated $') }));
    const math = r.papers[4];
    expect(math).toMatchObject({ title: 'Unterminated Math in the Abstract', arxivId: '1901.01234', year: 2019 });
    expect(math.abstract).toContain('never close the math');
    expect(r.papers[3]).toMatchObject({ title: 'Missing Comma After This Field', authors: ['Pierre Dupont'] });
  });

  it('P13: an early unbalanced brace does not drop later entries', () => {
    const r = fixture();
    expect(r.problems).toContainEqual(expect.objectContaining({ severity: 'error', row: 3, line: 28, message: expect.stringContaining('unterminated') }));
    expect(r.papers[2]).toMatchObject({ title: 'An Entry With An Unbalanced Brace', authors: ['Else Someone'], abstract: 'This entry never closes its title brace.' });
    expect(r.papers.at(-1)?.title).toBe('The Last Entry Must Survive');
  });

  it('P13: text between entries does not zero the result', () => {
    const text = 'Intro text { with an open brace\n@article{a, title={One}, abstract={First.}}\nfree text } with a close brace\n\n@misc{b, title={Two}}\n';
    const r = parseBibtex(text, 't.bib');
    expect(r.papers.map((p) => p.title)).toEqual(['One', 'Two']);
  });

  it('P12: a missing closing brace at the end of the file keeps the fields read', () => {
    const r = parseBibtex('@article{x,\n  title = {Open Ended},\n  year = 2020,\n', 'e.bib');
    expect(r.papers).toHaveLength(1);
    expect(r.papers[0]).toMatchObject({ title: 'Open Ended', year: 2020 });
    expect(r.problems).toContainEqual(expect.objectContaining({ severity: 'error', message: expect.stringContaining('not closed') }));
  });

  it('P12: pathological input (20,000 unclosed braces) ends in a reported problem per entry', () => {
    const bad = '@article{x, title = {' + '{'.repeat(20000) + '$'.repeat(20000) + '\n';
    const r = parseBibtex(bad.repeat(5), 'p.bib');
    expect(r.papers).toEqual([]);
    expect(r.problems.length).toBeGreaterThan(0);
  });

  it('keeps user text literal: < and > are not markup', () => {
    const r = parseBibtex('@misc{h, title = {Why a < b and <img src=x> \\textbf{matter}}, abstract = {Text with $x$.}}', 'h.bib');
    expect(r.papers[0].title).toBe('Why a < b and <img src=x> matter');
  });

  it('reports an entry with neither title nor abstract', () => {
    const r = parseBibtex('@misc{empty, year = 2020}\n@misc{ok, title={Fine}}', 'n.bib');
    expect(r.papers.map((p) => p.id)).toEqual(['ok']);
    expect(r.problems).toContainEqual(expect.objectContaining({ severity: 'error', row: 1, line: 1 }));
  });

  it('makes duplicate citation keys unique', () => {
    const r = parseBibtex('@misc{k, title={A}}\n@misc{k, title={B}}', 'd.bib');
    expect(r.papers.map((p) => p.id)).toEqual(['k', 'd.bib:2']);
  });
});

describe('BibTeX @string expansion is bounded (issue 16 item 6)', () => {
  it('a @string that doubles 30 times fails only the entry that uses it; the entry beside it is kept', () => {
    const lines = ['@string{s0 = "xx"}'];
    for (let i = 1; i <= 30; i++) lines.push(`@string{s${i} = s${i - 1} # s${i - 1}}`);
    lines.push('@article{bomb, title = s30, abstract = {Kept beside the bomb.}}');
    lines.push('@article{good, title = {A good entry}, author = {Ng, Ann}, year = 2020}');
    const r = parseBibtex(lines.join('\n'), 'bomb.bib');
    expect(r.papers.map((p) => p.id)).toEqual(['bomb', 'good']);
    expect(r.papers[1].title).toBe('A good entry');
    expect(r.papers[0].title).toBe('');
    expect(r.papers[0].abstract).toBe('Kept beside the bomb.');
    expect(r.problems.some((p) => p.row === 1 && p.severity === 'error' && /too long/.test(p.message))).toBe(true);
    expect(r.problems.every((p) => p.message.length < 500)).toBe(true);
  });

  it('macros nested deeper than the limit are refused for that entry only', () => {
    const lines = ['@string{m0 = "a"}'];
    for (let i = 1; i <= 40; i++) lines.push(`@string{m${i} = m${i - 1} # "b"}`);
    lines.push('@article{deep, title = m40}', '@article{ok, title = m3}');
    const r = parseBibtex(lines.join('\n'), 'deep.bib');
    expect(r.papers.map((p) => p.title)).toEqual(['abbb']);
    expect(r.problems.some((p) => /nested over/.test(p.message))).toBe(true);
  });
});

describe('BibTeX LaTeX conversion: one converter, the same text at any size', () => {
  it.each([
    ['{\\cyrchar\\CYRA}bc', 'Аbc'],
    ['J{\\"u}r{\\v s}', 'Jürš'],
    ['a\\textbackslash{}b', 'a\\b'],
    ['{\\sc Adl} and {\\bf Bold}', 'Adl and Bold'],
    ['Cu$_2$O and $e=mc^2$', 'Cu₂O and e=mc²'],
    ['{\\vphantom{x}}GaN', 'GaN'],
    ['\\{\\vphantom\\}{{GaN}}\\vphantom\\{\\} and', 'GaN and'],
    ["\\'{\\i}\\c{c} \\o{} {\\O}ster --- ``q''", 'íç ø Øster — “q”'],
    ['\\href{https://x.org}{Example} \\url{http://a~b}', 'Example http://a~b'],
  ])('%s -> %s', (tex, text) => {
    const r = parseBibtex(`@misc{k, title = {${tex}}}`, 'x.bib');
    expect(r.papers[0].title).toBe(text);
  });

  it('the same entry converts the same as the first of one and the 3,000th of 3,000', () => {
    const entry = (i: number) => `@article{k${i}, title = {B{\\'u}s{\\'a} {\\sc Adl} \\textbackslash{} {\\cyrchar\\CYRA} $\\alpha$}, author = {J{\\"u}r{\\v s}, A. and others}}`;
    const one = parseBibtex(entry(0), 'one.bib').papers[0];
    const many = parseBibtex(Array.from({ length: 3000 }, (_, i) => entry(i)).join('\n'), 'many.bib').papers;
    expect(many).toHaveLength(3000);
    expect(many[2999].title).toBe(one.title);
    expect(many[2999].authors).toEqual(one.authors);
    expect(one.title).toBe('Búsá Adl \\ А α');
    expect(one.authors).toEqual(['A. Jürš']);
  });
});
