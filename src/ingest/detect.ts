/**
 * Format detection from content first; the file extension only breaks ties.
 */
import type { Format } from '../types.ts';
import { parseArxivId } from './common.ts';
import { guessMapping } from './mapping.ts';

export type DetectedFormat = Format | 'arxiv-ids' | 'unknown';

const EXT: Record<string, Format> = {
  csv: 'csv', tsv: 'tsv', tab: 'tsv', json: 'json', jsonl: 'jsonl', ndjson: 'jsonl', bib: 'bibtex', bibtex: 'bibtex',
  ris: 'ris', nbib: 'medline', txt: 'listing', md: 'listing',
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

/** The first `n` non-blank lines; any line ending (CRLF, LF, or CR alone as old Macs and WoS write). */
function firstLines(text: string, n: number): string[] {
  const out: string[] = [];
  const re = /[^\r\n]*(?:\r\n|\r|\n|$)/y;
  let start = 0;
  while (out.length < n && start < text.length) {
    re.lastIndex = start;
    const m = re.exec(text);
    if (!m || m[0].length === 0) break;
    const line = m[0].replace(/[\r\n]+$/, '');
    if (line.trim()) out.push(line);
    start += m[0].length;
  }
  return out;
}

/** Web of Science plain text: "FN …"/"VR …" header or "PT J" records, with TI/AU/SO tags. */
function looksLikeWos(lines: string[]): boolean {
  const first = lines[0].replace(/^\ufeff/, '');
  if (!/^(?:FN |VR |PT [A-Z]\b)/.test(first)) return false;
  return lines.some((l) => /^(?:TI|AU|AF|SO|UT|AB) \S/.test(l));
}

/** PubMed/MEDLINE (.nbib, "Send to: file, MEDLINE"): PMID- lines with TI/AU/DP tags. */
function looksLikeMedline(lines: string[]): boolean {
  return lines.some((l) => /^PMID- ?\d/.test(l)) && lines.some((l) => /^(?:TI|AU|FAU|DP|AB) {0,3}- \S/.test(l));
}

/** A field tag at the start of a line: "TI  - ", "AU ", "PMID- ". */
const TAG_LINE = /^[A-Z][A-Z0-9]{1,3} {0,3}(?:- |\s\S)/;

export interface ListingEvidence {
  ok: boolean;
  /** What the text looked like, when it is not a listing. */
  looked?: string;
}

/**
 * A listing is recognised by its shape: short title lines followed by prose paragraphs, or a
 * plain list of title-like lines. Field-tagged records, tables, code and binary data are not.
 */
export function listingEvidence(text: string): ListingEvidence {
  const head = text.slice(0, 200_000);
  const lines = firstLines(head, 400);
  if (lines.length === 0) return { ok: false, looked: 'empty text' };
  // eslint-disable-next-line no-control-regex
  const controls = (head.match(/[\u0000-\u0008\u000e-\u001f]/g) ?? []).length;
  if (controls > 0 && controls / head.length > 0.001) return { ok: false, looked: 'binary data, not text' };
  const tagged = lines.filter((l) => TAG_LINE.test(l));
  if (tagged.length >= 3 && tagged.length / lines.length > 0.4) {
    const tags = [...new Set(tagged.map((l) => /^[A-Z][A-Z0-9]{1,3}/.exec(l)![0]))].slice(0, 8);
    return { ok: false, looked: `field-tagged records of a kind it does not know (tags ${tags.join(', ')})` };
  }
  const tabbed = lines.filter((l) => (l.match(/\t/g) ?? []).length >= 2);
  if (tabbed.length >= 2 && tabbed.length / lines.length > 0.5) {
    const cols = lines[0].split('\t').map((c) => c.trim()).filter(Boolean).slice(0, 8);
    return { ok: false, looked: `a table with no title or abstract column (first row: ${cols.join(', ')})` };
  }
  const code = (head.match(/[{};=<>]/g) ?? []).length;
  if (code / head.length > 0.02) return { ok: false, looked: 'source code or markup' };
  const prose = lines.some((l) => l.length >= 100 && /[.!?)]\s*$/.test(l.trim()) && l.trim().split(/\s+/).length >= 15);
  const titleLike = lines.filter((l) => {
    const t = l.trim();
    const letters = (t.match(/\p{L}/gu) ?? []).length;
    return t.length >= 10 && t.length <= 250 && t.split(/\s+/).length >= 2 && letters >= t.replace(/\s/g, '').length * 0.6;
  });
  if (prose || titleLike.length >= 2) return { ok: true };
  return { ok: false, looked: `plain text with no titles or abstracts (first line: "${lines[0].trim().slice(0, 60)}")` };
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
  if (looksLikeWos(lines)) return 'wos';
  if (looksLikeMedline(lines)) return 'medline';
  if (lines.some((l) => /^\s*@\s*[A-Za-z]+\s*[{(]/.test(l))) return 'bibtex';
  if (lines.some((l) => /^\ufeff?TY {1,2}- ?/.test(l))) return 'ris';
  if (headerMaps(lines, '\t')) return 'tsv';
  if (headerMaps(lines, ',') || headerMaps(lines, ';')) return 'csv';
  if (ext === 'csv' || ext === 'tsv') return ext;
  if (/\u0000/.test(head)) return 'unknown';
  return listingEvidence(body).ok ? 'listing' : 'unknown';
}
