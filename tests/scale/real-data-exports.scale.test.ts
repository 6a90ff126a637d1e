/**
 * Exports of the 993 real arXiv abstracts of the shared data, parsed back by
 * CSV, JSON and BibTeX parsers. In test:scale: it reads ../shared/data (skipped
 * with a printed reason without it) and the BibTeX round trip takes tens of
 * seconds on a busy 2-core machine.
 */
import { it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { parse } from '@retorquere/bibtex-parser';
import { buildProvenance, groupsForExport, toBibtex, toCsv, toJson, toMarkdown } from '../../src/export/index.ts';
import type { Paper, RunInfo } from '../../src/types.ts';
import { DEFAULT_SETTINGS } from '../../src/types.ts';
import { layoutOf } from '../export/helpers.ts';

import { describeWithData, sharedData } from '../shared-data.ts';

const FILE = 'arxiv-sample-993.jsonl';
const DATA = sharedData(FILE);

function loadPapers(): Paper[] {
  return readFileSync(DATA, 'utf8').split('\n').filter((l) => l.trim()).map((line, k) => {
    const o = JSON.parse(line) as { id: string; title: string; abstract: string };
    return { id: o.id, title: o.title, abstract: o.abstract, authors: [], source: { file: 'arxiv-sample-993.jsonl', row: k + 1, format: 'jsonl' } };
  });
}

const INFO: RunInfo = { backend: 'cpu', model: 'use-lite', settings: DEFAULT_SETTINGS, timings: {}, nPapers: 0, nEmbedded: 0, nCached: 0, notices: [] };

describeWithData(FILE, 'exports of the 993-paper arXiv sample', () => {
  it('round-trip through CSV, JSON and BibTeX parsers with every row present', async () => {
    const papers = loadPapers();
    const cluster = papers.map((_, i) => (i % 11 === 0 ? -1 : i % 7));
    const groups = groupsForExport(papers, layoutOf(cluster), new Map());
    const prov = await buildProvenance(papers, INFO, { exportedAt: '2025-01-01T00:00:00Z' });

    const csv = toCsv(papers, groups, prov);
    const json = toJson(papers, groups, prov);
    const md = toMarkdown(papers, groups, prov);
    const bib = toBibtex(papers, groups, prov);

    const rows = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
    expect(rows.errors).toEqual([]);
    expect(rows.data).toHaveLength(papers.length);
    const byRow = new Map(rows.data.map((r) => [Number(r.source_row), r]));
    for (const p of papers) {
      const r = byRow.get(p.source.row)!;
      // Only formula-guarded cells may differ, by one leading quote.
      expect(r.abstract === p.abstract || r.abstract === "'" + p.abstract).toBe(true);
      expect(r.title === p.title || r.title === "'" + p.title).toBe(true);
    }

    const parsed = JSON.parse(json) as { clusters: { papers: { title: string }[] }[] };
    expect(parsed.clusters.reduce((s, c) => s + c.papers.length, 0)).toBe(papers.length);

    expect(md.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(papers.length);

    const lib = await parse(bib);
    expect(lib.entries).toHaveLength(papers.length);
    expect(new Set(lib.entries.map((e) => e.key.toLowerCase())).size).toBe(papers.length);
  });
});
