/**
 * Shared helpers for every ingest parser: text normalisation, author splitting,
 * year/id parsing, and the one place where a raw record becomes a checked Paper.
 */
import type { Format, IngestResult, Paper, Problem, Severity } from '../types.ts';
import { applyDates } from './dates.ts';
import { MAX_ABSTRACT_CHARS, MAX_TITLE_CHARS } from '../util/limits.ts';
import { collapseSpace } from '../util/text.ts';

/** One input file. `bytes` is preferred: it lets decodeText detect the encoding. */
export interface InputFile {
  name: string;
  bytes?: Uint8Array;
  text?: string;
}

/** Texts longer than this (characters) are truncated for the model; the full text stays in the Paper. */
export const LONG_TEXT_CHARS = 20_000;

export const NO_PAPERS_MESSAGE = 'No papers found';

/**
 * Bidi embedding/override/isolate controls (U+202A-U+202E, U+2066-U+2069). Kept in the text
 * (it is the user's data, shown with dir="auto"), but flagged: they can make text display in
 * a misleading order ("Trojan Source").
 */
export const BIDI_CONTROL_RE = /[\u202A-\u202E\u2066-\u2069]/;
export const BIDI_MESSAGE = 'contains a right-to-left override character (U+202E or another bidi control): the text may display in a misleading order';

export function problem(severity: Severity, message: string, file: string, row?: number, line?: number): Problem {
  const p: Problem = { severity, message, file };
  if (row !== undefined) p.row = row;
  if (line !== undefined) p.line = line;
  return p;
}

/**
 * Collapses runs of spaces/tabs/newlines inside a paragraph to one space and keeps
 * paragraph breaks (a blank line) as "\n\n". Nothing else is changed: text stays text.
 */
export function normaliseText(s: string): string {
  if (!/\s\s|[\t\r\n\f\v\u00a0\u2028\u2029]/.test(s)) return s.trim();
  return s
    .split(/[ \t\f\v\u00a0]*\r?\n[ \t\f\v\u00a0\r]*\n\s*/)
    .map((para) => collapseSpace(para).trim())
    .filter((para) => para.length > 0)
    .join('\n\n');
}

/** New-style (2403.01234v2) or old-style (hep-th/9901001) arXiv identifier, without prefix. */
export const ARXIV_ID_RE = /^(?:\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?$/;

/** Extracts an arXiv id from "arXiv:2403.01234", "https://arxiv.org/abs/2403.01234v2", etc.; null if none. */
export function parseArxivId(value: string): string | null {
  const s = value.trim();
  const m = /^(?:arxiv:\s*|https?:\/\/(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html)\/)?(.+?)(?:\.pdf)?\/?$/i.exec(s);
  if (!m) return null;
  return ARXIV_ID_RE.test(m[1]) ? m[1] : null;
}

/** A four-digit year inside a string such as "2021", "2021-03-04", "March 2021" (1000..2999), else undefined. */
export function parseYear(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 1000 && value < 3000 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /(?:^|[^\d])([12]\d{3})(?![\d])/.exec(value);
  return m ? Number(m[1]) : undefined;
}

/** "Last, First" -> "First Last" (kept as is when there is no single comma). */
function flipName(name: string): string {
  const parts = name.split(',').map((p) => p.trim());
  if (parts.length === 2 && parts[0] && parts[1]) return `${parts[1]} ${parts[0]}`;
  if (parts.length === 3 && parts[0] && parts[2]) return `${parts[2]} ${parts[0]}, ${parts[1]}`;
  return name.trim();
}

/** "['Marx, Karl', 'Lindgren, Astrid']" (a list written out by Python or JSON) -> its strings; else null. */
function listLiteral(s: string): string[] | null {
  if (!/^\[\s*(['"]).*\1\s*\]$/.test(s)) return null;
  const out: string[] = [];
  const re = /'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g;
  for (let m = re.exec(s); m; m = re.exec(s)) out.push((m[1] ?? m[2]).replace(/\\(.)/g, '$1'));
  return out;
}

/**
 * Splits an author string the way exporters join names:
 * - "Last, First; Last, First" (Zotero, Web of Science, Scopus) and "A. Name; B. Name" (IEEE):
 *   on ";" only, each "Last, First" flipped;
 * - "A and B" (BibTeX style), "Last, First" flipped;
 * - "A | B" (OpenReview);
 * - a single "Doe, Jane"; otherwise "A, B & C".
 * Parenthesised affiliations ("A. Author (MIT)") are not authors and are left out.
 */
export function splitAuthors(value: string): string[] {
  let s = value.replace(/\s+/g, ' ').trim();
  if (!s) return [];
  const list = listLiteral(s);
  if (list) return list.map(flipName).filter(Boolean);
  if (s.includes('(')) {
    // Affiliations in (possibly nested) parentheses.
    for (let k = 0; k < 5 && /\([^()]*\)/.test(s); k++) s = s.replace(/\s*\([^()]*\)/g, '');
    s = s.replace(/\s+/g, ' ').trim();
  }
  if (s.includes(';')) {
    return s
      .split(/\s*;\s*/)
      .map((a) => ((a.match(/,/g) ?? []).length === 1 ? flipName(a) : a.trim()))
      .filter((a) => a.length > 0);
  }
  if (s.includes('|')) return s.split(/\s*\|\s*/).map((a) => a.trim()).filter(Boolean);
  const andParts = s.split(/\s+and\s+/i);
  if (andParts.length > 1 && andParts.every((p) => (p.match(/,/g) ?? []).length === 1)) {
    return andParts.map(flipName).filter(Boolean);
  }
  if (andParts.length === 1 && (s.match(/,/g) ?? []).length === 1 && !/\s/.test(s.split(',')[0].trim())) {
    // A single "Doe, Jane" is one flipped name, not two authors.
    return [flipName(s)];
  }
  // "Park, J., Evans, R. M." (Mendeley, APA-style lists): surname, initials, surname, initials.
  const commaParts = s.split(/\s*,\s*/);
  if (commaParts.length >= 2 && commaParts.length % 2 === 0 && commaParts.every((p, i) => (i % 2 === 1) === /^(?:\p{Lu}\.?[\s-]*){1,4}$/u.test(p))) {
    const out: string[] = [];
    for (let i = 0; i < commaParts.length; i += 2) out.push(`${commaParts[i + 1]} ${commaParts[i]}`);
    return out;
  }
  return s
    .split(/\s*(?:,|&|\band\b)\s*/i)
    .map((a) => a.trim())
    .filter((a) => a.length > 0 && a.toLowerCase() !== 'others' && a.toLowerCase() !== 'et al.');
}

/**
 * SpringerLink joins its authors with nothing between them ("Araz R. AlievNigar T. Ismayilova"):
 * a new name starts where a lower-case letter is followed by a capital, unless the part before
 * is a name prefix (McDonald, MacLeod, DeWitt, LeCun, VanLehn, O'Brien-style).
 */
export function splitConcatenatedAuthors(value: string): string[] {
  const s = value.replace(/\s+/g, ' ').trim();
  if (!s) return [];
  if (/[;|]/.test(s)) return splitAuthors(s);
  const out: string[] = [];
  let start = 0;
  for (let i = 1; i < s.length; i++) {
    if (!/\p{Ll}/u.test(s[i - 1]) || !/\p{Lu}/u.test(s[i])) continue;
    const word = /[\p{L}'’-]+$/u.exec(s.slice(start, i))?.[0] ?? '';
    if (/^(?:Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|Der|Del|Dos|St)$/.test(word)) continue;
    if (!s.slice(start, i).includes(' ')) continue; // a name has at least two words
    out.push(s.slice(start, i).trim());
    start = i;
  }
  out.push(s.slice(start).trim());
  return out.filter(Boolean);
}

/** Splits a keyword string on ; or , (or returns the array's strings). */
export function splitKeywords(value: unknown): string[] | undefined {
  const list = Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : typeof value === 'string'
      ? value.split(/\s*[;,]\s*/)
      : [];
  const out = list.map((k) => k.trim()).filter((k) => k.length > 0);
  return out.length > 0 ? out : undefined;
}

/** The fields a parser extracted for one record, before checks. */
export interface RawRecord {
  title?: string;
  abstract?: string;
  authors?: string[];
  year?: number;
  url?: string;
  doi?: string;
  arxivId?: string;
  venue?: string;
  keywords?: string[];
  /** Preferred id (e.g. BibTeX key or an `id` column) when no arXiv id / DOI exists. */
  key?: string;
  raw?: string;
  extra?: Record<string, string>;
}

/**
 * Checks a record and turns it into a Paper (or null when it has neither title nor abstract).
 * Problems go to `problems`. The id is provisional; `assignUniqueIds` makes ids unique.
 */
export function buildPaper(
  rec: RawRecord,
  file: string,
  row: number,
  format: Format,
  problems: Problem[],
  line?: number,
): Paper | null {
  const title = rec.title ? normaliseText(rec.title) : '';
  const abstract = rec.abstract ? normaliseText(rec.abstract) : '';
  if (!title && !abstract) {
    problems.push(problem('error', 'neither title nor abstract: skipped', file, row, line));
    return null;
  }
  if (!abstract) problems.push(problem('warning', 'no abstract: embedded by title', file, row, line));
  if (BIDI_CONTROL_RE.test(title) || BIDI_CONTROL_RE.test(abstract)) problems.push(problem('warning', BIDI_MESSAGE, file, row, line));
  // Display limits (util/limits.ts): named here so the preview lists every paper they cut.
  if (title.length > MAX_TITLE_CHARS) {
    problems.push(problem('info', `long title (${title.length.toLocaleString('en-US')} characters): the page shows and searches the first ${MAX_TITLE_CHARS.toLocaleString('en-US')}; exports keep the full text`, file, row, line));
  }
  if (abstract.length > MAX_ABSTRACT_CHARS) {
    problems.push(problem('info', `long abstract (${abstract.length.toLocaleString('en-US')} characters): the page shows, highlights and searches the first ${MAX_ABSTRACT_CHARS.toLocaleString('en-US')}; exports keep the full text`, file, row, line));
  }
  if (title.length + abstract.length > LONG_TEXT_CHARS) {
    problems.push(problem('warning', 'long abstract: truncated for the model; full text kept for export', file, row, line));
  }
  const source: Paper['source'] = { file, row, format };
  if (line !== undefined) source.line = line;
  const doi = rec.doi?.trim().replace(/^https?:\/\/(?:dx\.)?doi\.org\//i, '').replace(/^doi:\s*/i, '') || undefined;
  const arxivId = rec.arxivId?.trim() || undefined;
  const paper: Paper = {
    id: arxivId ?? doi ?? (rec.key?.trim() || `${file}:${row}`),
    title,
    abstract,
    authors: (rec.authors ?? []).map((a) => a.replace(/\s+/g, ' ').trim()).filter((a) => a.length > 0),
    source,
  };
  if (rec.year !== undefined) paper.year = rec.year;
  if (rec.url?.trim()) paper.url = rec.url.trim();
  if (doi) paper.doi = doi;
  if (arxivId) paper.arxivId = arxivId;
  if (rec.venue?.trim()) paper.venue = normaliseText(rec.venue);
  if (rec.keywords && rec.keywords.length > 0) paper.keywords = rec.keywords;
  if (rec.raw !== undefined) paper.raw = rec.raw;
  if (rec.extra && Object.keys(rec.extra).length > 0) paper.extra = rec.extra;
  return paper;
}

/** A record for unknown fields that cannot be polluted through a `__proto__` key. */
export function emptyExtra(): Record<string, string> {
  return Object.create(null) as Record<string, string>;
}

/**
 * Makes ids unique in place: the first paper keeps its id; a later clash falls back to
 * `${file}:${row}`, then to a numbered suffix. Linear time.
 */
export function assignUniqueIds(papers: Paper[]): void {
  const seen = new Set<string>();
  for (const p of papers) {
    let id = p.id;
    if (seen.has(id)) id = `${p.source.file}:${p.source.row}`;
    if (seen.has(id)) {
      let n = 2;
      while (seen.has(`${id}#${n}`)) n++;
      id = `${id}#${n}`;
    }
    p.id = id;
    seen.add(id);
  }
}

/**
 * A finished single-file result: unique ids, each paper's date (the one place dates are set,
 * so every reader gets them), and the "No papers found" error when empty.
 */
export function finish(papers: Paper[], problems: Problem[], file: string, format: Format): IngestResult {
  assignUniqueIds(papers);
  applyDates(papers);
  if (papers.length === 0 && !problems.some((p) => p.severity === 'error' && p.message.startsWith(NO_PAPERS_MESSAGE))) {
    problems.push(problem('error', `${NO_PAPERS_MESSAGE} in ${file}`, file));
  }
  return { papers, problems, formats: { [file]: format } };
}
