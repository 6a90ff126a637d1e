/**
 * A papers listing copied from a web page as text: page chrome, then for each paper a
 * title line, optional author / vote / "Submitted by" lines, and an abstract paragraph.
 * Heuristic: a title is a short line that is not chrome and not several sentences; an
 * abstract is a long paragraph (or a shorter one that reads as sentences) after a title.
 */
import type { IngestResult, Paper, Problem } from '../types.ts';
import { buildPaper, emptyExtra, finish, problem } from './common.ts';
import { LISTING_DAY } from './dates.ts';

/** A paragraph at least this long (characters) is an abstract. */
export const ABSTRACT_MIN_CHARS = 200;
/** A title is at most this long (characters). */
export const TITLE_MAX_CHARS = 250;

const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
const CHROME_EXACT = new Set([
  'new', 'subscribe', 'get trending papers in your email inbox!', 'daily papers', 'trending papers', 'trending',
  'upvote', 'upvoted', 'view paper', 'previous', 'next', 'papers', 'search', 'log in', 'login', 'sign up', 'pricing',
  'models', 'datasets', 'spaces', 'docs', 'collections', 'community', 'submit', 'submit paper', 'pdf', 'arxiv',
  'arxiv page', 'project page', 'github', 'code', 'abstract', 'abstract:', 'summary', 'summary:', 'authors', 'authors:',
  'show more', 'show less', 'read more', 'more', 'less', 'today', 'yesterday', 'this week', 'this month', 'comments',
]);
const CHROME_RE: RegExp[] = [
  /^by\s*\S+ and the research community$/i,
  /^(?:submitted|published|updated|posted)\s+(?:by|on)\b/i,
  new RegExp(`^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\\s+)?${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?$`, 'i'),
  new RegExp(`^\\d{1,2}\\s+${MONTH}(?:,?\\s+\\d{4})?$`, 'i'),
  /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*$/i,
  /^\d{4}-\d{2}-\d{2}$/,
  /^[+-]?[\d.,]+\s*[kKmM]?$/, // vote / comment counts
  /^[·•|\-–—*#\s]+$/,
  /^[·•]?\s*\d+\s+(?:authors?|comments?|upvotes?|votes?|likes?|collections?)$/i,
];

/**
 * A day header of a listing: "Mar 12", "Tuesday, March 12", "12 Mar 2024", "2024-03-12", or arXiv's
 * "Tue, 12 Mar 2024 (showing 25 of 120 entries)". Several days pasted together each keep theirs.
 */
const DAY_HEADER_RE = new RegExp(
  `^((?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?,?\\s+)?(?:${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?|\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH},?(?:\\s+\\d{4})?|\\d{4}-\\d{2}-\\d{2}))(?:\\s*\\((?:showing|\\d)[^)]*\\))?$`,
  'i',
);

/** The date text of a day-header line (without any "(showing …)" note), else null. */
export function dayHeader(line: string): string | null {
  const m = DAY_HEADER_RE.exec(line.trim());
  return m ? m[1] : null;
}

export function isChrome(line: string): boolean {
  return CHROME_EXACT.has(line.toLowerCase()) || CHROME_RE.some((re) => re.test(line)) || dayHeader(line) !== null;
}

function isTitleLine(line: string): boolean {
  if (line.length < 3 || line.length > TITLE_MAX_CHARS || !/\p{L}/u.test(line)) return false;
  // Several sentences ending in a full stop read as prose, not a title.
  return !(line.endsWith('.') && /[.!?]\s+\p{Lu}/u.test(line));
}

/** "Jane Doe, John Smith, Wei Zhang" or "Jane Doe and John Smith": 2+ short capitalised names. */
function isAuthorLine(line: string): boolean {
  if (/[:?!]/.test(line) || line.endsWith('.')) return false;
  const parts = line.split(/\s*(?:,|;|\band\b|&)\s*/).filter(Boolean);
  if (parts.length < 2) return false;
  return parts.every((p) => {
    const words = p.split(/\s+/);
    return words.length >= 1 && words.length <= 4 && words.every((w) => /^[\p{Lu}][\p{L}'.-]*$/u.test(w) || /^(?:van|von|de|der|da|del|di|la|le)$/.test(w));
  });
}

function readsAsProse(text: string): boolean {
  return text.length >= 100 && /[.!?)]$/.test(text) && (/[.!?]\s+\p{Lu}/u.test(text) || text.split(/\s+/).length >= 15);
}

interface Block {
  lines: string[];
  line: number;
}

interface Pending {
  title: string;
  line: number;
  authors?: string[];
}

/**
 * Non-blank, non-chrome lines grouped into paragraphs; blank and chrome lines separate them.
 * A paragraph holding an abstract-length line is not hard-wrapped, so each of its lines is a
 * unit of its own (titles and abstracts pasted without blank lines between them).
 */
function blocksOf(text: string): Block[] {
  const out: Block[] = [];
  for (const b of paragraphsOf(text)) {
    if (b.lines.length > 1 && b.lines.some((l) => l.length >= ABSTRACT_MIN_CHARS)) {
      b.lines.forEach((l, k) => out.push({ lines: [l], line: b.line + k }));
    } else out.push(b);
  }
  return out;
}

function paragraphsOf(text: string): Block[] {
  const blocks: Block[] = [];
  let cur: Block | null = null;
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = raw.replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim();
    if (!line || isChrome(line)) {
      cur = null;
      return;
    }
    if (!cur) {
      cur = { lines: [], line: i + 1 };
      blocks.push(cur);
    }
    cur.lines.push(line);
  });
  return blocks;
}

export function parseListing(text: string, file: string): IngestResult {
  const problems: Problem[] = [];
  const papers: Paper[] = [];
  const orphans: Pending[] = [];
  let pending: Pending | null = null;
  // Day headers by line: each paper takes the last one above it (ingest/dates.ts turns it into its date).
  const days: { line: number; text: string }[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const d = dayHeader(raw.replace(/[\s\u00a0\u200b\ufeff]+/g, ' '));
    if (d) days.push({ line: i + 1, text: d });
  });
  const dayAt = (line: number) => {
    let text: string | undefined;
    for (const d of days) if (d.line < line) text = d.text;
    return text;
  };
  const emit = (title: string, abstract: string, line: number, authors?: string[]) => {
    const dayText = dayAt(line);
    const extra = emptyExtra();
    if (dayText) extra[LISTING_DAY] = dayText;
    const rec = { title, abstract: abstract.replace(/^(?:abstract|summary)\s*[:.]\s*/i, ''), authors, extra };
    const paper = buildPaper(rec, file, papers.length + 1, 'listing', problems, line);
    if (paper) papers.push(paper);
  };

  for (const b of blocksOf(text)) {
    const joined = b.lines.join(' ');
    const longEnough = joined.length >= ABSTRACT_MIN_CHARS || (pending !== null && readsAsProse(joined));
    if (longEnough) {
      if (pending) {
        emit(pending.title, joined, pending.line, pending.authors);
      } else if (b.lines.length > 1 && isTitleLine(b.lines[0]) && !readsAsProse(b.lines[0])) {
        // A title followed directly by its abstract, without a blank line.
        emit(b.lines[0], b.lines.slice(1).join(' '), b.line);
      } else {
        problems.push(problem('warning', 'paragraph without a title before it: kept as an untitled paper', file, papers.length + 1, b.line));
        emit('', joined, b.line);
      }
      pending = null;
      continue;
    }
    for (let k = 0; k < b.lines.length; k++) {
      const line = b.lines[k];
      const lineNo = b.line + k;
      if (pending && !pending.authors && isAuthorLine(line)) {
        pending.authors = line.split(/\s*(?:,|;|\band\b|&)\s*/).filter(Boolean);
      } else if (pending && k > 0 && !pending.authors && (/[:\-–,]$/.test(pending.title) || /^\p{Ll}/u.test(line))) {
        pending.title += ` ${line}`; // a title wrapped onto a second line
      } else {
        if (pending) orphans.push(pending);
        pending = isTitleLine(line) ? { title: line, line: lineNo } : null;
        if (!pending) problems.push(problem('info', `line not read as a title or abstract: "${line.slice(0, 80)}"`, file, undefined, lineNo));
      }
    }
  }
  if (pending) orphans.push(pending);

  if (papers.length === 0 && orphans.length > 0) {
    // No abstracts anywhere: a plain list of titles.
    for (const o of orphans) emit(o.title, '', o.line, o.authors);
  } else {
    for (const o of orphans) {
      problems.push(problem('info', `"${o.title.slice(0, 80)}" has no abstract after it: not read as a paper`, file, undefined, o.line));
    }
  }
  return finish(papers, problems, file, 'listing');
}
