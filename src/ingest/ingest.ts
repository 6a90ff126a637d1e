/**
 * Entry points: text or files in, IngestResult out. Detects each input's format, runs its
 * parser, merges several files and keeps ids unique across them.
 */
import type { IngestResult, Paper, Problem } from '../types.ts';
import { assignUniqueIds, problem, type InputFile } from './common.ts';
import { decodeText, stripBom } from './decode.ts';
import { detectArxivIds, detectFormat, listingEvidence } from './detect.ts';
import { parseTagged } from './tagged.ts';
import { parseBibtex } from './bibtex.ts';
import { parseCsv } from './csv.ts';
import { parseJson, parseJsonl } from './json.ts';
import { parseListing } from './listing.ts';
import { parseRis } from './ris.ts';

export const ARXIV_IDS_MESSAGE =
  'This looks like a list of arXiv ids. Fetching the papers would need a network connection, and Paperscope never makes one on its own: ' +
  'export the listing with abstracts (CSV or BibTeX) from arXiv or your reference manager and drop that file instead.';

export const NOT_A_FORMAT_MESSAGE = 'not a format Paperscope reads';
const READS =
  'Paperscope reads CSV/TSV with a title or abstract column, JSON, JSON Lines, BibTeX, RIS, Web of Science and PubMed/MEDLINE exports, and listings of titles with abstracts';

export interface IngestOptions {
  /** Called with 0..1 while parsing (coarse: large JSONL reports as it goes). */
  onProgress?: (fraction: number) => void;
}

export function ingestText(text: string, fileName = 'pasted text', opts: IngestOptions = {}): IngestResult {
  let body = stripBom(text);
  const file = fileName;
  opts.onProgress?.(0);
  const fmt = detectFormat(body, fileName);
  // Lone CR line endings (classic Mac, some WoS exports) read as LF for the line-based formats.
  if (fmt !== 'csv' && fmt !== 'tsv' && fmt !== 'json' && fmt !== 'jsonl' && /\r(?!\n)/.test(body.slice(0, 100_000))) {
    body = body.replace(/\r\n?/g, '\n');
  }
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
    case 'wos':
      result = parseTagged(body, file, 'wos');
      break;
    case 'medline':
      result = parseTagged(body, file, 'medline');
      break;
    case 'listing':
      result = parseListing(body, file);
      break;
    default: {
      const looked = body.trim() ? (listingEvidence(body).looked ?? 'text of no known shape') : 'empty';
      result = { papers: [], problems: [problem('error', `${NOT_A_FORMAT_MESSAGE}: it looks like ${looked}. ${READS}.`, file)], formats: {} };
    }
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
