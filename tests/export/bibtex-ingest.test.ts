import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from '@retorquere/bibtex-parser';
import { ingestText } from '../../src/ingest/index.ts';
import { groupsForExport, toBibtex } from '../../src/export/index.ts';
import { layoutOf, PROV } from './helpers.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/papers.bib', import.meta.url));

describe('BibTeX in → BibTeX out', () => {
  it('keeps every ingested entry, self-contained (macros expanded), with the cluster label as keyword', async () => {
    const { papers } = ingestText(readFileSync(FIXTURE, 'utf8'), 'papers.bib');
    expect(papers.length).toBeGreaterThan(3);
    const layout = layoutOf(papers.map((_, i) => i % 2));
    const bib = toBibtex(papers, groupsForExport(papers, layout, new Map([[0, 'Transport, adaptation']])), PROV);
    // sentenceCase off: compare titles exactly as written (Zotero-style re-casing is the reader's choice).
    const lib = await parse(bib, { sentenceCase: false });
    // No "Unresolved @string reference" nor structural damage: the file stands on its own.
    // (math2019's unterminated "$" is the user's own text, copied as it came; BibTeX accepts it.)
    expect(lib.errors.filter((e) => !/math/i.test(e.error))).toEqual([]);
    expect(lib.entries).toHaveLength(papers.length);
    expect(lib.entries.map((e) => e.key).sort()).toEqual(papers.map((p) => p.id).sort());
    // The parser stops reading math2019's fields at its unclosed "$"; check that one as text.
    expect(bib).toMatch(/archiveprefix = \{arXiv\},\n  keywords = \{Transport \/ adaptation\},\n\}/);
    for (const e of lib.entries.filter((x) => x.key !== 'math2019')) {
      const i = papers.findIndex((p) => p.id === e.key);
      expect(e.fields.keywords).toContain(layout.cluster[i] === 0 ? 'Transport / adaptation' : 'label 1');
    }
    // Entries ingest had to repair are regenerated, keeping their type and fields.
    const nocomma = lib.entries.find((e) => e.key === 'nocomma2020')!;
    expect(nocomma.type).toBe('misc');
    expect(nocomma.fields.title).toBe('Missing Comma After This Field');
    expect(nocomma.fields.author).toHaveLength(1);
    expect(bib).toContain('abstract = {We bound the error by $O(n \\log n and never close the math');
    // The macro-using entry got its resolved venue; untouched fields stay byte-identical.
    const ot = lib.entries.find((e) => e.key === 'mueller2023robust')!;
    expect(ot.fields.booktitle).toBe('International Conference on Machine Learning');
    expect(bib).toContain('title     = {Robust {Optimal Transport} for Domain Adaptation in M{\\"u}nchen},');
  });
});

describe('BibTeX out → our reader: TeX ligatures survive the round trip', () => {
  it('keeps backticks, double hyphens and doubled quotes as typed', () => {
    const title = "Range 1--2, a --- b, ``quoted'' and `code` it's";
    const papers = ingestText(JSON.stringify([{ title, abstract: 'An abstract -- with a dash.' }]), 'in.json').papers;
    const bib = toBibtex(papers, groupsForExport(papers, layoutOf([0]), new Map()), PROV);
    const back = ingestText(bib, 'back.bib').papers;
    expect(back.map((p) => [p.title, p.abstract])).toEqual([[title, 'An abstract -- with a dash.']]);
  });
});
