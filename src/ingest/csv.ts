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

export function parseCsv(text: string, file: string, opts: CsvOptions = {}): CsvResult {
  const tsv = opts.delimiter === '\t';
  const format = tsv ? 'tsv' : 'csv';
  const problems: Problem[] = [];
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, delimiter: opts.delimiter ?? '' });
  const rows = parsed.data;
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
