import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { IngestBatch, type IngestProgress } from '../../src/app/ingest-batch.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(`tests/fixtures/${name}`));

describe('ingest batch', () => {
  it('reads several files at once with per-file counts, unique ids and monotonic progress to 1', () => {
    const batch = new IngestBatch([
      { name: 'robotics.csv', bytes: fixture('e2e/robotics.csv') },
      { name: 'vision.bib', bytes: fixture('e2e/vision.bib') },
      { name: 'biology.ris', bytes: fixture('e2e/biology.ris') },
    ]);
    const seen: IngestProgress[] = [];
    const { result, files } = batch.run((p) => seen.push(p));
    expect(files.map((f) => [f.name, f.format, f.count])).toEqual([
      ['robotics.csv', 'csv', 6], ['vision.bib', 'bibtex', 6], ['biology.ris', 'ris', 6]]);
    expect(result.papers).toHaveLength(18);
    expect(new Set(result.papers.map((p) => p.id)).size).toBe(18);
    const fractions = seen.map((p) => p.fraction);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1])).toBe(true);
    expect(new Set(seen.map((p) => p.file))).toEqual(new Set(['robotics.csv', 'vision.bib', 'biology.ris']));
    expect(files.every((f) => !f.offerEncoding && !f.offerMapping)).toBe(true);
  });

  it('offers the column form for a CSV without a title or abstract column and re-reads it with the chosen mapping', () => {
    const batch = new IngestBatch([{ name: 'columns-unknown.csv', bytes: fixture('e2e/columns-unknown.csv') }]);
    const first = batch.run();
    expect(first.result.papers).toHaveLength(0);
    expect(first.files[0]).toMatchObject({ offerMapping: true, columns: ['Heading', 'Summary text', 'People', 'When'] });
    const second = batch.rerun('columns-unknown.csv', { mapping: { title: 'Heading', abstract: 'Summary text', authors: 'People', year: 'When' } });
    expect(second.result.papers).toHaveLength(4);
    expect(second.result.papers[1]).toMatchObject({ title: 'Retrieval-Augmented Question Answering over Scientific Papers', authors: ['Omar Haddad', 'Lin Mei'], year: 2023 });
    expect(second.result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    // The user's mapping keeps the form on screen so it can be revised.
    expect(second.files[0]).toMatchObject({ offerMapping: true, mapping: { title: 'Heading', abstract: 'Summary text' } });
  });

  it('flags an ambiguous column for the form, but not a weaker synonym', () => {
    const text = 'Title,Name,Abstract\nA paper,Other,Some abstract text here\n';
    const { files } = new IngestBatch([{ name: 'amb.csv', text }]).run();
    expect(files[0].offerMapping).toBe(false);
    expect(files[0].ambiguous).toEqual([]);
    const amb = new IngestBatch([{ name: 'amb.csv', text: 'Abstract,Paper Title,paper_title\nx,T1,T2\n' }]).run();
    expect(amb.files[0].ambiguous).toContain('title');
    expect(amb.files[0].offerMapping).toBe(true);
  });

  it('warns about a non-UTF-8 file, offers the picker, and re-decodes with the chosen encoding', () => {
    const batch = new IngestBatch([{ name: 'w.csv', bytes: fixture('windows-1252.csv') }]);
    const first = batch.run();
    expect(first.files[0]).toMatchObject({ offerEncoding: true, encoding: 'windows-1252' });
    expect(first.result.papers[0].title).toBe('Café Recommendations With Naïve Bayes');
    expect(first.result.problems.some((p) => p.severity === 'warning' && /not UTF-8/.test(p.message))).toBe(true);
    const asUtf8 = batch.rerun('w.csv', { encoding: 'utf-8' });
    expect(asUtf8.files[0]).toMatchObject({ offerEncoding: true, encoding: 'utf-8' });
    expect(asUtf8.result.papers[0].title).toContain('\ufffd');
  });

  it('counts duplicates across files and reports each with its place', () => {
    const csv = 'title,abstract\nSame Paper,Same abstract text\nOther,Different text\n';
    const { dupCount, result } = new IngestBatch([{ name: 'a.csv', text: csv }, { name: 'b.csv', text: csv }]).run();
    expect(dupCount).toBe(2);
    expect(result.problems.filter((p) => /duplicate of row 1 of a\.csv/.test(p.message))[0]).toMatchObject({ file: 'b.csv', row: 1 });
  });

  it('turns an arXiv id list into one clear error and no papers', () => {
    const { result } = new IngestBatch([{ name: 'ids.txt', bytes: fixture('arxiv-ids.txt') }]).run();
    expect(result.papers).toEqual([]);
    expect(result.problems[0].message).toMatch(/list of arXiv ids/);
  });
});
