/**
 * Issue 16: every export of a hostile input parses back to exactly the papers of the map.
 * Each hostile session (tests/fixtures/hostile-cases.ts, at a small scale) is opened through
 * the schema, exported as CSV, JSON, BibTeX and Markdown, and read back: CSV by PapaParse,
 * JSON by JSON.parse, BibTeX by our own reader; Markdown by counting its list items.
 */
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { fromSessionJson } from '../../src/store/session.ts';
import { groupsForExport, toBibtex, toCsv, toJson, toMarkdown, type JsonExport } from '../../src/export/index.ts';
import { ingestText } from '../../src/ingest/index.ts';
import { normaliseText } from '../../src/ingest/common.ts';
import { sessionCases } from '../fixtures/hostile-cases.ts';
import { PROV } from './helpers.ts';

const sorted = (xs: string[]) => [...xs].sort();
/** A CSV cell as written: the formula guard's leading quote is not part of the text. */
const unguard = (cell: string, original: string) => (cell === "'" + original ? original : cell);

describe('exports of hostile sessions read back to exactly the papers of the map', () => {
  for (const c of sessionCases(0.005)) {
    it(c.name, () => {
      const s = fromSessionJson(JSON.parse(JSON.stringify(c.session)));
      const papers = s.papers;
      const n = papers.length;
      const groups = groupsForExport(papers, s.result!.layout, s.labels);
      const prov = { ...PROV, model: s.result!.info.model, nPapers: n };
      expect(groups.reduce((k, g) => k + g.papers.length, 0)).toBe(n);

      // CSV: one row per paper, full title and abstract.
      const csv = Papa.parse<Record<string, string>>(toCsv(papers, groups, prov), { header: true, skipEmptyLines: true });
      expect(csv.errors).toEqual([]);
      expect(csv.data).toHaveLength(n);
      const byRow = new Map(papers.map((p) => [String(p.source.row), p]));
      for (const r of csv.data) {
        const p = byRow.get(r.source_row)!;
        expect(unguard(r.title, p.title)).toBe(p.title);
        expect(unguard(r.abstract, p.abstract)).toBe(p.abstract);
      }

      // JSON: the same papers, field for field.
      const json = JSON.parse(toJson(papers, groups, prov)) as JsonExport;
      const rows = json.clusters.flatMap((g) => g.papers);
      expect(rows).toHaveLength(n);
      expect(sorted(rows.map((p) => `${p.index}\u0000${p.title}\u0000${p.abstract}`))).toEqual(sorted(papers.map((p, i) => `${i}\u0000${p.title}\u0000${p.abstract}`)));

      // BibTeX: our reader finds exactly one entry per paper, with its title.
      const bib = toBibtex(papers, groups, prov);
      const back = ingestText(bib, 'back.bib');
      expect(back.papers).toHaveLength(n);
      expect(sorted(back.papers.map((p) => p.title))).toEqual(sorted(papers.map((p) => normaliseText(p.title).replace(/\s+/g, ' '))));

      // Markdown: one section per group, one item per paper.
      const md = toMarkdown(papers, groups, prov);
      expect(md.split('\n').filter((l) => l.startsWith('## '))).toHaveLength(groups.length);
      expect(md.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(n);
    });
  }
});
