import type { Paper } from '../types.ts';
import { paperPath, pathText, type ExportGroup } from './groups.ts';
import { stampJson, type Provenance } from './provenance.ts';

/**
 * CSV export (RFC 4180, CRLF line ends, UTF-8 BOM-free).
 *
 * Provenance: plain CSV has no place for metadata, and a leading "# ..." comment line
 * breaks most readers (the comment becomes the header). So the header stays clean and a
 * final column `paperscope_stamp` carries a compact JSON stamp on EVERY row: parsers,
 * spreadsheets and row filters keep working, and a row copied elsewhere keeps its origin.
 *
 * `cluster_path` is the paper's place in the topic tree ("Vision › Segmentation › Medical").
 *
 * Columns from the source that Paperscope has no field for (`Paper.extra`) follow the
 * fixed columns, so nothing the user gave is lost.
 */
export const CSV_COLUMNS = [
  'cluster_id', 'cluster_label', 'cluster_path', 'rank', 'title', 'authors', 'year', 'venue', 'url', 'doi',
  'arxiv_id', 'keywords', 'abstract', 'source_file', 'source_row',
] as const;
export const CSV_STAMP_COLUMN = 'paperscope_stamp';

/**
 * Spreadsheet formula triggers (RELIABILITY S3; OWASP "CSV Injection"). Tested on the
 * FIRST character only — never with `.*$`, which fails on multi-line cells (PapaParse#1149).
 * `\n` is included because some spreadsheet importers strip a leading line break.
 *
 * Decision (issue 16, defect 7): a trigger after leading blank or invisible characters
 * counts too. Spreadsheets differ here (some trim leading spaces on import, some treat a
 * no-break or zero-width space as nothing), so a cell that a reader could see as starting
 * with `=`, `+`, `-` or `@` once those are dropped is prefixed as well: white space (JS `\s`:
 * space, tab, NBSP, U+2000-U+200A, U+3000, U+FEFF, …), zero-width and joiner characters
 * (U+200B-U+200D, U+2060-U+2064, U+180E, U+00AD soft hyphen) and bidi marks and controls
 * (U+200E, U+200F, U+202A-U+202E, U+2066-U+2069). The full-width forms ＝ ＋ － ＠ count
 * as triggers, since some spreadsheets fold them to ASCII. The `'` goes first, before the
 * blanks, and the rest of the cell is kept as it was.
 */
const FORMULA_START = /^[\s\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n\0]/;

/** Quotes and formula-guards one cell. */
export function csvCell(value: string | number | undefined | null): string {
  let s = value === undefined || value === null ? '' : String(value);
  if (typeof value !== 'number' && FORMULA_START.test(s)) s = "'" + s;
  // Quote when the cell holds a delimiter, quote, line break or edge whitespace.
  if (/[",\r\n]/.test(s) || /^\s|\s$/.test(s)) s = '"' + s.replace(/"/g, '""') + '"';
  return s;
}

function row(cells: (string | number | undefined)[]): string {
  return cells.map(csvCell).join(',');
}

export function toCsv(papers: Paper[], groups: ExportGroup[], prov: Provenance): string {
  const fixed = new Set<string>([...CSV_COLUMNS, CSV_STAMP_COLUMN]);
  // Extra source columns, in first-seen order; a name clash gets a "source_" prefix.
  const extraKeys: string[] = [];
  const seen = new Set<string>();
  for (const g of groups) for (const i of g.papers) for (const k of Object.keys(papers[i]?.extra ?? {})) {
    if (!seen.has(k)) { seen.add(k); extraKeys.push(k); }
  }
  const extraHeader = extraKeys.map((k) => (fixed.has(k) ? 'source_' + k : k));

  const stamp = stampJson(prov);
  const lines = [row([...CSV_COLUMNS, ...extraHeader, CSV_STAMP_COLUMN])];
  for (const g of groups) {
    g.papers.forEach((i, pos) => {
      const p = papers[i];
      if (!p) return;
      const extra = p.extra ?? {};
      lines.push(row([
        g.id, g.label, pathText(paperPath(g, i)), pos + 1, p.title, p.authors.join('; '), p.year, p.venue, p.url, p.doi,
        p.arxivId, (p.keywords ?? []).join('; '), p.abstract, p.source.file, p.source.row,
        ...extraKeys.map((k) => (Object.prototype.hasOwnProperty.call(extra, k) ? extra[k] : '')),
        stamp,
      ]));
    });
  }
  return lines.join('\r\n') + '\r\n';
}
