/**
 * CSV / TSV via papaparse (arrays, not header mode, so header names such as
 * `__proto__` never become object keys). The first non-empty row is the header.
 */
import Papa from 'papaparse';
import type { IngestResult, Paper, Problem } from '../types.ts';
import { buildPaper, finish, problem } from './common.ts';
import { guessMapping, type ColumnMapping } from './mapping.ts';
import { recordFromPairs } from './record.ts';
import { tableExporter } from './exporters.ts';

export interface CsvOptions {
  mapping?: ColumnMapping;
  /** Field delimiter; auto-detected when omitted. */
  delimiter?: string;
}

export type CsvResult = IngestResult & { columns: string[]; mapping: ColumnMapping; exporter?: string };

/** Header names made unique and non-empty: "a, a, " -> "a, a (2), column 3". */
function uniqueHeaders(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((h, i) => {
    const base = h.trim() || `column ${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

function isBlankRow(row: string[]): boolean {
  return row.every((c) => c.trim() === '');
}

/** Rows of a tab-delimited file that does not quote its fields: one line a row, quotes are text. */
function unquotedRows(text: string): string[][] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => l.split('\t'));
}

/**
 * Web of Science (and other database) tab-delimited exports never quote a field, so a title that
 * starts with a quote is text: the header says which kind of file this is (WoS field tags).
 */
function unquotedTsvHeader(text: string): boolean {
  const end = text.indexOf('\n');
  const head = (end < 0 ? text : text.slice(0, end)).replace(/^\ufeff/, '').split('\t').map((c) => c.trim());
  return head[0] === 'PT' || (head.includes('UT') && head.includes('TI') && head.includes('AU'));
}

/**
 * Rows read as Python's csv module does with strict=False: inside a quoted field, `""` is a
 * quote, a quote before a delimiter or line end closes the field, and any other quote is text
 * after which the field goes on unquoted.
 */
function lenientRows(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const n = text.length;
  const endField = () => {
    row.push(field);
    field = '';
  };
  while (i < n) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        const next = text[i + 1];
        if (next === '"') {
          field += '"';
          i += 2;
          continue;
        }
        if (next === undefined || next === delimiter || next === '\n' || next === '\r') {
          quoted = false;
          i++;
          continue;
        }
        // A stray quote: text, and the rest of the field is read unquoted (as Python does).
        field += '"';
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === '"' && text[i + 1] === '"') {
      field += '"'; // a doubled quote after a stray one is one quote
      i += 2;
    } else if (c === delimiter) {
      endField();
      i++;
    } else if (c === '\n' || c === '\r') {
      endField();
      rows.push(row);
      row = [];
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}

export function parseCsv(text: string, file: string, opts: CsvOptions = {}): CsvResult {
  const tsv = opts.delimiter === '\t';
  const format = tsv ? 'tsv' : 'csv';
  const problems: Problem[] = [];
  const noQuotes = tsv && unquotedTsvHeader(text);
  const parsed: { data: string[][]; errors: Papa.ParseError[]; meta: { delimiter: string } } = noQuotes
    ? { data: unquotedRows(text), errors: [], meta: { delimiter: '\t' } }
    : Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, delimiter: opts.delimiter ?? '' });
  let rows = parsed.data;
  // A tab-delimited file with a quote that breaks the rows: read it again with quotes as text
  // (one line a row) and keep whichever reading gives rows of the header's width.
  if (tsv && !noQuotes && parsed.errors.some((e) => e.code === 'MissingQuotes' || e.code === 'InvalidQuotes')) {
    const width = rows.find((r) => !isBlankRow(r))?.length ?? 0;
    const plain = unquotedRows(text);
    const bad = (rs: string[][]) => rs.filter((r) => !isBlankRow(r) && r.length !== width).length;
    if (bad(plain) < bad(rows)) {
      rows = plain;
      parsed.errors = [];
      problems.push(problem('info', 'quotes read as text: this tab-delimited file does not quote its fields', file));
    }
  }
  // IEEE Xplore writes quotes inside quoted fields unescaped ("… on "Computer as a Tool"",):
  // when PapaParse reports such quotes and rows come out with the wrong number of fields, the
  // file is read again the lenient way (a quote not followed by a delimiter or line end is text).
  if (parsed.errors.some((e) => e.code === 'InvalidQuotes')) {
    const width = rows.find((r) => !isBlankRow(r))?.length ?? 0;
    const lenient = lenientRows(text, parsed.meta.delimiter || ',');
    const bad = (rs: string[][]) => rs.filter((r) => !isBlankRow(r) && r.length !== width).length;
    if (lenient.length > 0 && bad(lenient) < bad(rows)) {
      rows = lenient;
      parsed.errors = parsed.errors.filter((e) => e.code !== 'InvalidQuotes');
      problems.push(problem('info', 'quotes inside quoted fields were not escaped (as IEEE Xplore writes them): read leniently', file));
    }
  }
  let h = 0;
  while (h < rows.length && isBlankRow(rows[h])) h++;
  if (h >= rows.length) {
    return { ...finish([], problems, file, format), columns: [], mapping: {} };
  }
  const columns = uniqueHeaders(rows[h].map((c, i) => (i === 0 ? c.replace(/^\ufeff/, '') : c)));
  const exporter = tableExporter(columns);
  const guessed = guessMapping(columns);
  const mapping = opts.mapping ?? guessed.mapping;
  if (!opts.mapping && guessed.ambiguous.length > 0) {
    problems.push(problem('info', `several columns could be ${guessed.ambiguous.join(', ')}: used the first; change the column mapping if wrong`, file));
  }
  if (mapping.title === undefined && mapping.abstract === undefined) {
    problems.push(problem('error', `no title or abstract column found (columns: ${columns.join(', ')}); choose the columns to use`, file));
    return { ...finish([], problems, file, format), columns, mapping };
  }
  if (mapping.abstract === undefined) {
    problems.push(problem('warning', 'no abstract column: papers are embedded by title only', file));
  }

  // papaparse reports errors by index into `data`; data row n (1-based) is index h + n.
  for (const e of parsed.errors) {
    const row = e.row !== undefined && e.row >= h ? e.row - h : undefined;
    if (e.code === 'MissingQuotes') {
      problems.push(problem('error', 'unclosed quote: later rows may have merged into this one', file, row));
    } else if (e.code === 'InvalidQuotes') {
      problems.push(problem('warning', 'malformed quotes in this row: check its fields', file, row));
    } else if (e.code !== 'UndetectableDelimiter') {
      problems.push(problem('warning', e.message, file, row));
    }
  }

  const papers: Paper[] = [];
  for (let i = h + 1; i < rows.length; i++) {
    const cells = rows[i];
    if (isBlankRow(cells)) continue;
    const row = i - h;
    // Web of Science ends every data row with a tab: empty cells past the header are not a problem.
    if (cells.length !== columns.length && !(cells.length > columns.length && cells.slice(columns.length).every((c) => c.trim() === ''))) {
      problems.push(problem('warning', `row has ${cells.length} fields, expected ${columns.length}`, file, row));
    }
    const pairs: Array<[string, string]> = [];
    const n = Math.max(cells.length, columns.length);
    for (let c = 0; c < n; c++) pairs.push([columns[c] ?? `column ${c + 1}`, cells[c] ?? '']);
    const paper = buildPaper(recordFromPairs(pairs, mapping, {}, exporter?.splitAuthors), file, row, format, problems);
    if (paper) papers.push(paper);
  }
  const out: CsvResult = { ...finish(papers, problems, file, format), columns, mapping };
  if (exporter) {
    out.exporter = exporter.name;
    out.exporters = { [file]: exporter.name };
  }
  return out;
}
