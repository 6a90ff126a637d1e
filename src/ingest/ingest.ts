/**
 * Entry points: text or files in, IngestResult out. Detects each input's format, runs its
 * parser, merges several files and keeps ids unique across them.
 */
import type { IngestResult, Paper, Problem } from '../types.ts';
import { assignUniqueIds, finish, problem, type InputFile } from './common.ts';
import { decodeText, stripBom } from './decode.ts';
import { detectArxivIds, detectFormat } from './detect.ts';
import { parseBibtex } from './bibtex.ts';
import { parseCsv } from './csv.ts';
import { parseJson, parseJsonl } from './json.ts';
import { parseListing } from './listing.ts';
import { parseRis } from './ris.ts';

export const ARXIV_IDS_MESSAGE =
  'This looks like a list of arXiv ids. Fetching the papers would need a network connection, and Paperscope never makes one on its own: ' +
  'export the listing with abstracts (CSV or BibTeX) from arXiv or your reference manager and drop that file instead.';

export interface IngestOptions {
  /** Called with 0..1 while parsing (coarse: large JSONL reports as it goes). */
  onProgress?: (fraction: number) => void;
}

export function ingestText(text: string, fileName = 'pasted text', opts: IngestOptions = {}): IngestResult {
  const body = stripBom(text);
  const file = fileName;
  opts.onProgress?.(0);
  const fmt = detectFormat(body, fileName);
  let result: IngestResult;
  switch (fmt) {
    case 'arxiv-ids': {
      const n = detectArxivIds(body)?.length ?? 0;
      result = { papers: [], problems: [problem('error', `${ARXIV_IDS_MESSAGE} (${n} id${n === 1 ? '' : 's'} found)`, file)], formats: {} };
      break;
    }
    case 'csv':
      result = parseCsv(body, file);
      break;
    case 'tsv':
      result = parseCsv(body, file, { delimiter: '\t' });
      break;
    case 'json':
    case 'session':
    case 'map-result':
      result = parseJson(body, file);
      break;
    case 'jsonl':
      result = parseJsonl(body, file, opts.onProgress);
      break;
    case 'bibtex':
      result = parseBibtex(body, file);
      break;
    case 'ris':
      result = parseRis(body, file);
      break;
    case 'listing':
      result = parseListing(body, file);
      break;
    default:
      result = finish([], [problem('error', 'unrecognised file format: expected a papers listing, CSV, TSV, JSON, JSONL, BibTeX or RIS', file)], file, 'listing');
      result.formats = {};
  }
  opts.onProgress?.(1);
  return result;
}

/** Several files at once. Bytes are decoded (UTF-8, else windows-1252 with a warning). */
export function ingestFiles(files: InputFile[]): IngestResult {
  const papers: Paper[] = [];
  const problems: Problem[] = [];
  const formats: IngestResult['formats'] = {};
  for (const f of files) {
    let text = f.text ?? '';
    if (f.text === undefined && f.bytes) {
      const d = decodeText(f.bytes, undefined, f.name);
      text = d.text;
      for (const p of d.problems) problems.push(p);
    }
    const r = ingestText(text, f.name);
    for (const p of r.papers) papers.push(p);
    for (const p of r.problems) problems.push(p);
    Object.assign(formats, r.formats);
  }
  assignUniqueIds(papers);
  return { papers, problems, formats };
}
