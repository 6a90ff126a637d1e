/**
 * Format detection from content first; the file extension only breaks ties.
 */
import type { Format } from '../types.ts';
import { parseArxivId } from './common.ts';
import { guessMapping } from './mapping.ts';

export type DetectedFormat = Format | 'arxiv-ids' | 'unknown';

const EXT: Record<string, Format> = {
  csv: 'csv', tsv: 'tsv', tab: 'tsv', json: 'json', jsonl: 'jsonl', ndjson: 'jsonl', bib: 'bibtex', bibtex: 'bibtex',
  ris: 'ris', txt: 'listing', md: 'listing',
};

function extOf(fileName?: string): Format | undefined {
  const m = /\.([A-Za-z0-9]+)$/.exec(fileName ?? '');
  return m ? EXT[m[1].toLowerCase()] : undefined;
}

/** Input that is nothing but arXiv ids or arXiv URLs (any separators) -> the ids; else null. */
export function detectArxivIds(text: string): string[] | null {
  const tokens = text.replace(/arxiv:\s+/gi, 'arXiv:').split(/[\s,;]+/).filter((t) => t.length > 0);
  if (tokens.length === 0 || tokens.length > 100_000) return null;
  const ids: string[] = [];
  for (const t of tokens) {
    const id = parseArxivId(t);
    if (!id) return null;
    ids.push(id);
  }
  return ids;
}

function firstLines(text: string, n: number): string[] {
  const out: string[] = [];
  let start = 0;
  while (out.length < n && start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, '');
    if (line.trim()) out.push(line);
    start = end + 1;
  }
  return out;
}

function looksLikeJsonl(lines: string[]): boolean {
  if (lines.length < 2 || !lines.every((l) => l.trimStart().startsWith('{'))) return false;
  try {
    const v: unknown = JSON.parse(lines[0]);
    return v !== null && typeof v === 'object';
  } catch {
    return false;
  }
}

/**
 * A header row of delimited text whose columns name a title or abstract. A listing's first
 * title ("Name, Shame, and Blame") must not pass: with only one known column name, every
 * cell must be short and the next line must have as many cells.
 */
function headerMaps(lines: string[], delimiter: string): boolean {
  const split = (l: string) => l.split(delimiter).map((c) => c.trim().replace(/^"|"$/g, ''));
  const cells = split(lines[0]);
  if (cells.length < 2) return false;
  const { mapping } = guessMapping(cells);
  if (mapping.title === undefined && mapping.abstract === undefined) return false;
  if (Object.keys(mapping).length >= 2) return true;
  return cells.every((c) => c.length <= 30) && lines.length > 1 && split(lines[1]).length === cells.length;
}

export function detectFormat(text: string, fileName?: string): DetectedFormat {
  const ext = extOf(fileName);
  const body = text.replace(/^\ufeff/, '');
  if (!body.trim()) return ext ?? 'unknown';
  const head = body.slice(0, 200_000);
  if (detectArxivIds(head.length === body.length ? body : head) && detectArxivIds(body)) return 'arxiv-ids';
  const lines = firstLines(head, 50);
  const first = lines[0].trimStart();
  if (first.startsWith('[') || first.startsWith('{')) {
    if (ext === 'jsonl' || looksLikeJsonl(lines.slice(0, 5))) return 'jsonl';
    return 'json';
  }
  if (lines.some((l) => /^\s*@\s*[A-Za-z]+\s*[{(]/.test(l))) return 'bibtex';
  if (lines.some((l) => /^TY {1,2}- /.test(l))) return 'ris';
  if (headerMaps(lines, '\t')) return 'tsv';
  if (headerMaps(lines, ',') || headerMaps(lines, ';')) return 'csv';
  if (ext === 'csv' || ext === 'tsv') return ext;
  if (/\u0000/.test(head)) return 'unknown';
  return 'listing';
}
