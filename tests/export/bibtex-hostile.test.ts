/**
 * Issue 16, defect 3: BibTeX export injected from a session or map file. A paper's `raw`
 * entry was copied verbatim, text after its closing brace included, and the file's `model`
 * string went into the leading `@comment` with only braces removed.
 */
import { describe, expect, it } from 'vitest';
import { parse } from '@retorquere/bibtex-parser';
import { groupsForExport, toBibtex } from '../../src/export/index.ts';
import { safeEntry } from '../../src/export/bibtex-scan.ts';
import { ingestText } from '../../src/ingest/index.ts';
import { layoutOf, paper, PROV } from './helpers.ts';
import type { Paper } from '../../src/types.ts';

const fromBib = (i: number, raw: string): Paper => paper(i, { raw, title: `Title ${i}`, source: { file: 'refs.bib', row: i + 1, format: 'bibtex' } });

function exportOf(papers: Paper[], model = PROV.model): string {
  const groups = groupsForExport(papers, layoutOf(papers.map(() => 0)), new Map());
  return toBibtex(papers, groups, { ...PROV, model, nPapers: papers.length });
}

/** Entries as classic BibTeX sees them: every `@word{` or `@word(` outside a braced value starts one. */
function classicEntries(bib: string): string[] {
  const out: string[] = [];
  let depth = 0;
  for (let i = 0; i < bib.length; i++) {
    const c = bib[i];
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (c === '@' && depth === 0) {
      const m = /^@\s*([A-Za-z]+)\s*[{(]/.exec(bib.slice(i));
      if (m && m[1].toLowerCase() !== 'comment') out.push(m[1].toLowerCase());
    }
  }
  return out;
}

describe('BibTeX export of hostile raw entries and metadata', () => {
  it('copies exactly one entry from a raw text that smuggles another entry and TeX code after it', async () => {
    const raw = '@article{good2020, title = {Good}, year = 2020}\n@misc{smuggled, title = {Injected}}\n\\immediate\\write18{touch /tmp/pwned}';
    const bib = exportOf([fromBib(0, raw), paper(1)]);
    expect(bib).not.toContain('smuggled');
    expect(bib).not.toMatch(/\\write18/);
    const lib = await parse(bib);
    expect(lib.entries.map((e) => e.key)).toHaveLength(2);
    expect(lib.entries[0].key).toBe('good2020');
    expect(classicEntries(bib)).toHaveLength(2);
  });

  it('regenerates an entry whose field value runs a TeX primitive, keeping its key and text as text', async () => {
    const raw = '@article{evil, title = {Nice \\immediate\\write18{curl x} title}, author = {A, B}}';
    const bib = exportOf([fromBib(0, raw)]);
    expect(bib).not.toMatch(/\\(immediate|write18)/);
    const lib = await parse(bib);
    expect(lib.entries).toHaveLength(1);
    expect(lib.entries[0].key).toBe('evil');
    expect(String(lib.entries[0].fields.title)).toBe('Title 0');
  });

  it('regenerates an entry whose key or field name carries markup, with a safe key', async () => {
    const bib = exportOf([fromBib(0, '@article{k\\input{x}, title = {A}}'), fromBib(1, '@article{ok, ti@tle = {A}}')]);
    const lib = await parse(bib);
    expect(lib.entries).toHaveLength(2);
    for (const e of lib.entries) expect(e.key).toMatch(/^[A-Za-z0-9_:.+\-/]+$/);
    expect(bib).not.toContain('\\input');
    expect(classicEntries(bib)).toHaveLength(2);
  });

  it('keeps a raw entry with accents and math byte for byte', () => {
    const raw = '@article{m2020, title = {The $\\alpha$-{B}ound of G\\"{o}del}, author = {M{\\"u}ller, A.}}';
    expect(safeEntry(raw)).toBe(raw);
    expect(exportOf([fromBib(0, raw)])).toContain('title = {The $\\alpha$-{B}ound of G\\"{o}del}');
  });

  it('lets no model string open an entry from inside the @comment', async () => {
    const model = 'x} @misc(injected, title = {pwned}) @misc{two, title={x}}\n@article{three,';
    const bib = exportOf([paper(0), paper(1)], model);
    const comment = bib.split('\n\n')[0];
    expect(comment.match(/@/g)).toHaveLength(1);
    expect(classicEntries(bib)).toHaveLength(2);
    const lib = await parse(bib);
    expect(lib.entries).toHaveLength(2);
    // Read back by our own reader: exactly the exported papers.
    const back = ingestText(bib, 'back.bib');
    expect(back.papers.map((p) => p.title)).toEqual(['Paper number 0', 'Paper number 1']);
  });
});
