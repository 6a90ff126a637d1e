/**
 * BibTeX: split into entries first (bibtex-split), read each entry's fields on its own
 * (bibtex-fields), then convert LaTeX to Unicode (bibtex-convert, one converter for every
 * entry at any file size). A broken entry is reported with its line and every other entry is kept.
 */
import type { IngestResult, Paper, Problem } from '../types.ts';
import { buildPaper, emptyExtra, finish, parseArxivId, parseYear, problem } from './common.ts';
import { lineOf, scanEntry, type StringTable } from './bibtex-fields.ts';
import { splitBibtex } from './bibtex-split.ts';
import { convertFields } from './bibtex-convert.ts';

/** Fields copied verbatim (no LaTeX conversion), braces removed. */
const VERBATIM = new Set(['url', 'doi', 'eprint', 'file', 'pdf']);
// 'date' is not listed: it stays in `extra`, where ingest/dates.ts reads its month and day.
const USED = new Set(['title', 'abstract', 'author', 'year', 'url', 'doi', 'eprint', 'journal', 'journaltitle', 'booktitle', 'keywords']);

function verbatim(v: string | undefined): string | undefined {
  return v === undefined ? undefined : v.replace(/[{}]/g, '').trim();
}

export function parseBibtex(text: string, file: string): IngestResult {
  const problems: Problem[] = [];
  const papers: Paper[] = [];
  const strings: StringTable = new Map();
  let prevEnd = 0;
  let row = 0;
  for (const chunk of splitBibtex(text)) {
    const between = text.slice(prevEnd, chunk.start);
    prevEnd = chunk.end;
    const stray = /^[ \t]*[\w-]+[ \t]*=[ \t]*\S/m.exec(between);
    if (stray) {
      // `between` ends on the entry's '@' line: count lines back from there.
      const line = chunk.line - (between.slice(stray.index).match(/\n/g) ?? []).length;
      problems.push(problem('warning', 'text outside any entry ignored (an extra closing brace before it?)', file, undefined, line));
    }
    if (chunk.type === 'comment' || chunk.type === 'preamble') continue;
    const body = text.slice(chunk.start, chunk.end);
    if (chunk.type === 'string') {
      const s = scanEntry(body, strings);
      for (const [k, v] of s.fields) strings.set(k, { value: v, depth: s.depths.get(k) ?? 0, refused: s.tooLong.has(k) });
      for (const e of s.errors) problems.push(problem('warning', `@string: ${e.message}`, file, undefined, lineOf(body, e.offset, chunk.line)));
      continue;
    }
    row++;
    const scanned = scanEntry(body, strings);
    const f = scanned.fields;
    const conv = convertFields(f);
    const txt = (k: string): string | undefined => conv.text.get(k);
    const extra = emptyExtra();
    for (const [k, v] of f) {
      if (USED.has(k)) continue;
      const value = VERBATIM.has(k) ? verbatim(v) : conv.text.get(k);
      if (value) extra[k] = value;
    }
    extra.bibtype = chunk.type;
    const eprint = verbatim(f.get('eprint'));
    const url = verbatim(f.get('url'));
    const label = scanned.key ? `entry "${scanned.key}"` : `entry ${row}`;
    for (const name of ['title', 'abstract']) {
      const v = f.get(name);
      if (v !== undefined && (v.replace(/\\\$/g, '').match(/\$/g) ?? []).length % 2 === 1) {
        problems.push(problem('warning', `${label}: unterminated $ math in field "${name}"`, file, row, chunk.line));
      }
    }
    if (conv.othersDropped) {
      problems.push(problem('info', `${label}: "and others" at the end of the author list dropped (not a person); ${conv.authors?.length ?? 0} named author(s) kept`, file, row, chunk.line));
    }
    for (const e of scanned.errors) {
      const severe = /unterminated|not closed|missing value|too long/.test(e.message);
      problems.push(problem(severe ? 'error' : 'warning', `unreadable part of ${label}: ${e.message}`, file, row, lineOf(body, e.offset, chunk.line)));
    }
    const paper = buildPaper(
      {
        title: txt('title'),
        abstract: txt('abstract'),
        authors: conv.authors,
        year: parseYear(verbatim(f.get('year')) ?? verbatim(f.get('date'))),
        url,
        doi: verbatim(f.get('doi')),
        arxivId: (eprint && parseArxivId(eprint)) || (url && parseArxivId(url)) || undefined,
        venue: txt('journal') ?? txt('journaltitle') ?? txt('booktitle'),
        keywords: conv.keywords,
        key: scanned.key || undefined,
        raw: body,
        extra,
      },
      file,
      row,
      'bibtex',
      problems,
      chunk.line,
    );
    if (paper) {
      if (scanned.key) paper.id = scanned.key; // BibTeX papers are known by their citation key
      papers.push(paper);
    }
  }
  return finish(papers, problems, file, 'bibtex');
}
