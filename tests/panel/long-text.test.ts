// @vitest-environment jsdom
/**
 * Issue 16, defect 1: long text froze the page. A 30 MB abstract made one <mark> per term
 * match when its cluster was selected; a 1 MB title was drawn whole. The page now keeps a
 * stated number of characters per title, abstract and label for display, highlighting and
 * search (util/limits.ts), caps the marks, names the papers cut, and exports the full text.
 */
import { describe, expect, it } from 'vitest';
import { createPaperList } from '../../src/panel/paper-list.ts';
import { appendHighlighted } from '../../src/panel/highlight.ts';
import { clip } from '../../src/panel/dom.ts';
import { keywordSearch } from '../../src/app/search.ts';
import { clipLabel, forDisplay, limitNotice, MAX_ABSTRACT_CHARS, MAX_LABEL_CHARS, MAX_MARKS, MAX_TITLE_CHARS } from '../../src/util/limits.ts';
import { groupsForExport, toCsv } from '../../src/export/index.ts';
import { ingestText } from '../../src/ingest/index.ts';
import { layoutOf, PROV } from '../export/helpers.ts';
import type { Paper } from '../../src/types.ts';

const paper = (i: number, over: Partial<Paper> = {}): Paper => ({
  id: `p${i}`, title: `Paper ${i}`, abstract: `Abstract ${i}.`, authors: ['Ann Lee'], source: { file: 'f', row: i + 1, format: 'csv' }, ...over,
});

const longAbstract = 'graph '.repeat(500_000) + 'needle'; // 3 MB, a match every 6 characters
const longTitle = 'T'.repeat(1_000_000);

describe('long text in the panel', () => {
  it('caps highlight marks and keeps the whole text', () => {
    const p = document.createElement('p');
    const text = 'graph '.repeat(10_000);
    expect(appendHighlighted(p, text, ['graph'])).toBe(MAX_MARKS);
    expect(p.querySelectorAll('mark')).toHaveLength(MAX_MARKS);
    expect(p.textContent).toBe(text);
  });

  it('draws at most the kept characters of a 1 MB title and a 3 MB abstract, and says the abstract was cut', () => {
    document.body.replaceChildren();
    const host = document.createElement('div');
    document.body.append(host);
    const list = createPaperList(host);
    list.update({ papers: [paper(0, { title: longTitle, abstract: longAbstract })], indices: [0], terms: () => ['graph'], dupCount: () => 1, clusterLabel: () => 'x' });
    const title = host.querySelector('.ps-title')!.textContent!;
    expect(title.length).toBeLessThanOrEqual(MAX_TITLE_CHARS + 1);
    expect(title.startsWith('TTTT')).toBe(true);
    const body = host.querySelector('.ps-abstract')!;
    expect(body.querySelectorAll('mark').length).toBeLessThanOrEqual(MAX_MARKS);
    expect(body.textContent!.length).toBeLessThan(MAX_ABSTRACT_CHARS + 200);
    expect(body.querySelector('.ps-cut')!.textContent).toMatch(/first 10,000 of 3,000,006 characters.*exports keep the full text/);
  });

  it('searches the kept characters: a term past the abstract limit is not found, one inside is', () => {
    const papers = [paper(0, { abstract: longAbstract }), paper(1, { abstract: 'a needle here' })];
    expect(keywordSearch(papers, 'needle')).toEqual([1]);
    expect(keywordSearch(papers, 'graph')).toEqual([0]);
  });

  it('clips a preview snippet from the head of a huge text', () => {
    expect(clip(' '.repeat(10) + 'word '.repeat(1_000_000), 20)).toBe('word word word word…');
    expect(clip('short text', 20)).toBe('short text');
  });
});

describe('limits, named and exported', () => {
  it('names the papers cut for display, with their sizes, and says exports keep the full text', () => {
    const papers = [paper(0), paper(1, { title: 'Huge one', abstract: longAbstract }), paper(2, { title: longTitle })];
    const notice = limitNotice(papers)!;
    expect(notice).toMatch(/^2 papers are longer than the page shows: "Huge one" \(abstract 3,000,006 characters\), "T+…" \(title 1,000,000 characters\)/);
    expect(notice).toMatch(/exports keep the full text/);
    expect(limitNotice([paper(0)])).toBeNull();
  });

  it('gives the map cut titles only, and the same array when nothing is cut', () => {
    const ok = [paper(0)];
    expect(forDisplay(ok)).toBe(ok);
    const cut = forDisplay([paper(0, { title: longTitle })]);
    expect(cut[0].title.length).toBe(MAX_TITLE_CHARS + 1);
  });

  it('keeps labels to MAX_LABEL_CHARS, never splitting an emoji', () => {
    const label = clipLabel('😀'.repeat(1000));
    expect(label.length).toBeLessThanOrEqual(MAX_LABEL_CHARS + 1);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(label)).toBe(false);
  });

  it('exports the full text of a paper cut for display', () => {
    const papers = [paper(0, { abstract: longAbstract, title: 'Long' })];
    const csv = toCsv(papers, groupsForExport(papers, layoutOf([0]), new Map()), PROV);
    expect(csv).toContain('needle');
    expect(csv.length).toBeGreaterThan(longAbstract.length);
  });

  it('lists a long title and a long abstract in the preview problems, by row', () => {
    const text = `title,abstract\n${'x'.repeat(600)},short abstract\nshort title,${'y'.repeat(12_000)}\n`;
    const r = ingestText(text, 'long.csv');
    expect(r.papers).toHaveLength(2);
    const info = r.problems.filter((p) => /the page shows/.test(p.message));
    expect(info.map((p) => p.row)).toEqual([1, 2]);
    expect(info[0].message).toMatch(/^long title \(600 characters\)/);
    expect(info[1].message).toMatch(/^long abstract \(12,000 characters\)/);
  });
});
