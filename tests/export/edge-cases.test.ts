import { describe, it, expect } from 'vitest';
import Papa from 'papaparse';
import { parse } from '@retorquere/bibtex-parser';
import { groupsForExport, toBibtex, toCsv, toJson, toMarkdown } from '../../src/export/index.ts';
import type { Layout } from '../../src/types.ts';
import { layoutOf, paper, PROV } from './helpers.ts';

async function allFormats(layout: Layout, n: number) {
  const papers = Array.from({ length: n }, (_, i) => paper(i, { title: `Same title`, abstract: 'Same abstract.' }));
  const groups = groupsForExport(papers, layout, new Map());
  const csv = Papa.parse<Record<string, string>>(toCsv(papers, groups, PROV), { header: true, skipEmptyLines: true, delimiter: ',' }).data;
  const json = JSON.parse(toJson(papers, groups, PROV)) as { clusters: { papers: unknown[] }[] };
  const md = toMarkdown(papers, groups, PROV).split('\n').filter((l) => l.startsWith('- '));
  const bib = (await parse(toBibtex(papers, groups, PROV))).entries;
  return { groups, csv, json, md, bib };
}

describe('exports of degenerate maps', () => {
  it('one paper, one cluster (P2): every format has one row', async () => {
    const out = await allFormats(layoutOf([0]), 1);
    expect([out.csv.length, out.json.clusters[0].papers.length, out.md.length, out.bib.length]).toEqual([1, 1, 1, 1]);
  });

  it('identical papers all in one cluster (N2/N7): every row kept, keys unique', async () => {
    const out = await allFormats(layoutOf([0, 0, 0, 0], [0, 0, 0, 0]), 4);
    expect(out.groups).toHaveLength(1);
    expect([out.csv.length, out.json.clusters[0].papers.length, out.md.length, out.bib.length]).toEqual([4, 4, 4, 4]);
    expect(new Set(out.bib.map((e) => e.key)).size).toBe(4);
  });

  it('nothing clustered (all outliers): one "Unclustered" group', async () => {
    const out = await allFormats(layoutOf([-1, -1, -1]), 3);
    expect(out.groups.map((g) => [g.id, g.label, g.papers.length])).toEqual([[-1, 'Unclustered', 3]]);
    expect(out.csv.every((r) => r.cluster_label === 'Unclustered')).toBe(true);
  });

  it('an empty selection exports headers and provenance only', () => {
    const papers = [paper(0)];
    const groups = groupsForExport(papers, layoutOf([0]), new Map(), []);
    expect(groups).toEqual([]);
    expect(toCsv(papers, groups, PROV).trim().split('\r\n')).toHaveLength(1);
    expect(toBibtex(papers, groups, PROV)).toMatch(/^@comment\{Paperscope[^\n]*\}\n$/);
  });
});
