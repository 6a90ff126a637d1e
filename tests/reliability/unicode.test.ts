/**
 * P8 (U side of the E2E case): RTL, CJK, emoji with surrogate pairs, U+202E and zero-width
 * characters survive ingest and every export byte for byte, never as a lone surrogate; a bidi
 * override is flagged per paper; mostly non-Latin input gets the "USE-lite is English-centric"
 * notice; clipped previews cut whole code points.
 */
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { ingestText } from '../../src/ingest/ingest.ts';
import { prepare, isMostlyNonLatin } from '../../src/pipeline/prepare.ts';
import { runPipeline } from '../../src/pipeline/run.ts';
import { clip } from '../../src/panel/dom.ts';
import { DEFAULT_SETTINGS } from '../../src/types.ts';
import { fakeEncoder } from '../pipeline/fake-encoder.ts';
import { paper } from '../pipeline/fixtures.ts';
import { exportAll, loneSurrogateAt, UNICODE_PAPERS } from './helpers.ts';


describe('Unicode text end to end in Node (P8)', () => {
  it('ingest keeps every character, flags the bidi override per paper, and only that paper', () => {
    const r = ingestText(JSON.stringify(UNICODE_PAPERS), 'unicode.json');
    expect(r.papers.map((p) => [p.title, p.abstract])).toEqual(UNICODE_PAPERS.map((p) => [p.title, p.abstract]));
    const bidi = r.problems.filter((p) => /right-to-left override/.test(p.message));
    expect(bidi).toHaveLength(1);
    expect(bidi[0].severity).toBe('warning');
    expect(bidi[0].row).toBe(6);
  });

  it('flags U+202E in CSV, listing and BibTeX input too', () => {
    const csv = ingestText('title,abstract\n"Ok title","fine"\n"Evil \u202Eexe.txt","abstract"\n', 'x.csv');
    expect(csv.problems.filter((p) => /right-to-left override/.test(p.message)).map((p) => p.row)).toEqual([2]);
    const bib = ingestText('@article{k1, title={Bad \u202E title}, abstract={a}}\n', 'x.bib');
    expect(bib.problems.some((p) => /right-to-left override/.test(p.message))).toBe(true);
  });

  it('every export keeps emoji, RTL, CJK and invisible characters intact, with no lone surrogate', async () => {
    const papers = UNICODE_PAPERS.map((p, i) => paper(i, p.title, p.abstract));
    const result = await runPipeline(papers, fakeEncoder(), { settings: { ...DEFAULT_SETTINGS } });
    const labels = new Map([[result.layout.clusters[0].id, 'Group 🧬 of ' + 'x'.repeat(3)]]);
    const out = await exportAll(papers, result, labels);
    for (const [fmt, text] of Object.entries(out)) expect(loneSurrogateAt(text), fmt).toBe(-1);
    const rows = Papa.parse<Record<string, string>>(out.csv, { header: true, skipEmptyLines: true }).data;
    expect(rows.map((r) => r.title).sort()).toEqual(UNICODE_PAPERS.map((p) => p.title).sort());
    const json = JSON.parse(out.json) as { clusters: { papers: { title: string; abstract: string }[] }[] };
    expect(json.clusters.flatMap((c) => c.papers.map((p) => p.abstract)).sort()).toEqual(UNICODE_PAPERS.map((p) => p.abstract).sort());
    expect(out.md).toContain('🧬🤖');
    expect(out.bib).toContain('大规模语言模型的高效推理');
  });

  it('clipped snippets cut whole code points: never half an emoji', () => {
    const s = '🧬'.repeat(50);
    for (let max = 1; max < 60; max++) expect(loneSurrogateAt(clip(s, max))).toBe(-1);
  });

  it('warns that USE-lite is English-centric when many papers are mostly non-Latin, not for a stray one', () => {
    expect(UNICODE_PAPERS.slice(0, 4).every((p) => isMostlyNonLatin(p.title + ' ' + p.abstract))).toBe(true);
    expect(UNICODE_PAPERS.slice(4).some((p) => isMostlyNonLatin(p.title + ' ' + p.abstract))).toBe(false);
    const many = prepare(UNICODE_PAPERS.map((p, i) => paper(i, p.title, p.abstract)));
    expect(many.notices.join(' ')).toMatch(/4 paper\(s\) are mostly in a non-Latin script.*English-centric/);
    const english = Array.from({ length: 30 }, (_, i) => paper(i, `English paper ${i}`, `About topic number ${i}.`));
    const one = prepare([...english, paper(99, UNICODE_PAPERS[2].title, UNICODE_PAPERS[2].abstract)]);
    expect(one.notices.join(' ')).not.toMatch(/English-centric/);
  });
});

describe('truncation for the model', () => {
  it('never splits a surrogate pair when cutting a long text', async () => {
    const { cutAt } = await import('../../src/pipeline/embed.ts');
    const text = 'a'.repeat(9) + '😀' + 'b';
    expect(cutAt(text, 10)).toBe('a'.repeat(9));
    expect(cutAt(text, 11)).toBe('a'.repeat(9) + '😀');
    expect(cutAt('abc', 2)).toBe('ab');
  });
});
