import type { Paper } from '../types.ts';
import { paperPath, pathText, type ExportGroup } from './groups.ts';
import { stampJson, type Provenance } from './provenance.ts';
import { SEGMENT, segments } from '../util/slice.ts';

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

/**
 * One cell as parts: `csvCell` for ordinary values; a string longer than SEGMENT (a
 * 30-million-character abstract) is checked and quote-doubled in pieces, with '' yielded
 * between pieces as checkpoints for a time-sliced collector. Same text as `csvCell`.
 */
export function* csvCellParts(value: string | number | undefined | null): Generator<string, void, void> {
  if (typeof value !== 'string' || value.length <= SEGMENT) {
    yield csvCell(value);
    return;
  }
  const guard = FORMULA_START.test(value);
  // The guard's `'` never needs quoting, so only the original first character counts.
  let quote = (!guard && /^\s/.test(value)) || /\s/.test(value.charAt(value.length - 1));
  const pieces = [...segments(value, SEGMENT)];
  for (const piece of pieces) {
    if (quote) break;
    quote = /[",\r\n]/.test(piece);
    yield '';
  }
  if (quote || guard) yield (quote ? '"' : '') + (guard ? "'" : '');
  for (const piece of pieces) yield quote ? piece.replace(/"/g, '""') : piece;
  if (quote) yield '"';
}

/** Header and extra columns of an export. */
function columns(papers: Paper[], groups: ExportGroup[]): { extraKeys: string[]; header: string } {
  const fixed = new Set<string>([...CSV_COLUMNS, CSV_STAMP_COLUMN]);
  // Extra source columns, in first-seen order; a name clash gets a "source_" prefix.
  const extraKeys: string[] = [];
  const seen = new Set<string>();
  for (const g of groups) for (const i of g.papers) {
    const extra = papers[i]?.extra;
    if (extra) for (const k of Object.keys(extra)) {
      if (!seen.has(k)) { seen.add(k); extraKeys.push(k); }
    }
  }
  const extraHeader = extraKeys.map((k) => (fixed.has(k) ? 'source_' + k : k));
  return { extraKeys, header: [...CSV_COLUMNS, ...extraHeader, CSV_STAMP_COLUMN].map(csvCell).join(',') };
}

/**
 * The CSV file as parts, one row (with its line end) per part; a row holding a very long
 * value comes as several. `toCsv` joins them; the app collects them in time slices.
 */
export function* csvParts(papers: Paper[], groups: ExportGroup[], prov: Provenance): Generator<string, void, void> {
  const { extraKeys, header } = columns(papers, groups);
  // The stamp is the same on every row: quoted once (100,000 rows re-escaped it each time).
  const stamp = csvCell(stampJson(prov));
  yield header + '\r\n';
  for (const g of groups) {
    const id = csvCell(g.id);
    const label = csvCell(g.label);
    let lastPath: string[] | undefined;
    let pathCell = '';
    for (let pos = 0; pos < g.papers.length; pos++) {
      const i = g.papers[pos];
      const p = papers[i];
      if (!p) continue;
      const path = paperPath(g, i);
      if (path !== lastPath) pathCell = csvCell(pathText((lastPath = path)));
      const extra = p.extra ?? {};
      const cells: (string | number | undefined)[] = [
        p.title, p.authors.join('; '), p.year, p.venue, p.url, p.doi,
        p.arxivId, (p.keywords ?? []).join('; '), p.abstract, p.source.file, p.source.row,
      ];
      for (const k of extraKeys) cells.push(Object.prototype.hasOwnProperty.call(extra, k) ? extra[k] : '');
      const head = `${id},${label},${pathCell},${csvCell(pos + 1)}`;
      if (!cells.some((c) => typeof c === 'string' && c.length > SEGMENT)) {
        let line = head;
        for (const c of cells) line += ',' + csvCell(c);
        yield line + ',' + stamp + '\r\n';
        continue;
      }
      yield head;
      for (const c of cells) {
        yield ',';
        yield* csvCellParts(c);
      }
      yield ',' + stamp + '\r\n';
    }
  }
}

export function toCsv(papers: Paper[], groups: ExportGroup[], prov: Provenance): string {
  return [...csvParts(papers, groups, prov)].join('');
}
