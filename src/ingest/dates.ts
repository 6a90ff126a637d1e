/**
 * Dates for papers, from what the input already carries: a listing's day header, a date
 * field of any common shape (ISO, RIS "2021/03/04/", PubMed "2021 Mar 4", CSL-JSON
 * date-parts, "12 March 2024", BibTeX month + year, Web of Science "MAR 15" + PY), an arXiv
 * id or URL (yymm, old-style ids such as hep-th/9901001 included), else the year.
 * Pure: no parser calls it but `finish` (common.ts), the one place every reader ends in.
 */
import type { DatePrecision, Paper, PaperDate } from '../types.ts';

export type { DatePrecision, PaperDate };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_WORD = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const WEEKDAY = '(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?,?\\s+)?';

const pad = (n: number) => String(n).padStart(2, '0');
const monthOf = (word: string) => MONTHS.indexOf(word.slice(0, 3).toLowerCase()) + 1;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const okYear = (y: number) => Number.isInteger(y) && y >= 1000 && y < 3000;

/** A checked date; null when the parts do not make a real date. */
export function makeDate(y: number, m?: number, d?: number): PaperDate | null {
  if (!okYear(y)) return null;
  if (m === undefined) return { iso: String(y), precision: 'year' };
  if (!(m >= 1 && m <= 12)) return null;
  if (d === undefined) return { iso: `${y}-${pad(m)}`, precision: 'month' };
  if (!(d >= 1 && d <= daysIn(y, m))) return null;
  return { iso: `${y}-${pad(m)}-${pad(d)}`, precision: 'day' };
}

/** Precision of an ISO string at some precision ("2024" year, "2024-03" month, "2024-03-12" day), else null. */
export function parseIsoDate(s: unknown): PaperDate | null {
  if (typeof s !== 'string') return null;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
  if (!m) return null;
  return makeDate(Number(m[1]), m[2] ? Number(m[2]) : undefined, m[3] ? Number(m[3]) : undefined);
}

/**
 * The month an arXiv id was issued in: new-style "2403.01234" (April 2007 on) → 2024-03,
 * old-style "hep-th/9901001" → 1999-01. Also reads "arXiv:…" and arxiv.org URLs, and the
 * arXiv DOI 10.48550/arXiv.2403.01234.
 */
export function arxivIdDate(value: string | undefined): PaperDate | null {
  if (!value) return null;
  const s = value.trim();
  let m = /(?:^|arxiv[:.]\s*|arxiv\.org\/(?:abs|pdf|html)\/)(\d{2})(\d{2})\.\d{4,5}(?:v\d+)?(?:\.pdf)?\/?$/i.exec(s);
  if (m) {
    const yy = Number(m[1]);
    if (yy < 7 || (yy === 7 && Number(m[2]) < 4)) return null; // new-style ids began in April 2007
    return makeDate(2000 + yy, Number(m[2]));
  }
  m = /(?:^|arxiv:\s*|arxiv\.org\/(?:abs|pdf|html)\/)[a-z][a-z-]*(?:\.[a-z]{2})?\/(\d{2})(\d{2})\d{3}(?:v\d+)?(?:\.pdf)?\/?$/i.exec(s);
  if (m) {
    const yy = Number(m[1]);
    if (yy < 91 && yy > 7) return null; // old-style ids ran from 1991 to March 2007
    return makeDate(yy >= 91 ? 1900 + yy : 2000 + yy, Number(m[2]));
  }
  return null;
}

export interface DateTextOptions {
  /** A year to complete a date written without one ("Mar 12", WoS "MAR 15" next to PY). */
  year?: number;
  /** For a day without a year and no `year`: the latest such day not after now + 1 day (a listing pasted today). */
  now?: Date;
}

/** The year for a month/day written without one: the latest year in which it is not in the future. */
function inferYear(m: number, d: number, now: Date): number {
  const limit = now.getTime() + 86_400_000;
  const y = now.getUTCFullYear();
  return Date.UTC(y, m - 1, d) <= limit ? y : y - 1;
}

/**
 * Reads one date written in any of the usual ways; null when there is no date in it.
 * Numeric d/m/y with both parts ≤ 12 is ambiguous and kept at year precision.
 */
export function parseDateText(raw: string, opts: DateTextOptions = {}): PaperDate | null {
  const s = raw.trim().replace(/\s+/g, ' ');
  if (!s) return null;
  let m: RegExpExecArray | null;
  // CSL-JSON {"date-parts": [[2021, 3, 4]]} (kept as JSON text by the JSON reader).
  if ((m = /"date-parts"\s*:\s*\[\s*\[\s*"?(\d{4})"?(?:\s*,\s*"?(\d{1,2})"?)?(?:\s*,\s*"?(\d{1,2})"?)?/.exec(s))) {
    return makeDate(Number(m[1]), m[2] ? Number(m[2]) : undefined, m[3] ? Number(m[3]) : undefined);
  }
  // ISO and its cousins: 2021-03-04, 2021-03-04T10:00:00Z, 2021/03/04/, 2021/03//, 2021.03.04, 2021-03.
  if ((m = /^(\d{4})(?:[-/.](\d{1,2})?(?:[-/.](\d{1,2})?)?)?\/?(?:[T ]\d{1,2}:\d{2}.*)?(?:\/.*)?$/.exec(s))) {
    const y = Number(m[1]);
    if (m[2] && m[3]) return makeDate(y, Number(m[2]), Number(m[3])) ?? makeDate(y);
    if (m[2]) return makeDate(y, Number(m[2])) ?? makeDate(y);
    return makeDate(y);
  }
  // 20210304 (PubMed EDAT-style compact dates).
  if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(s))) return makeDate(Number(m[1]), Number(m[2]), Number(m[3]));
  // 04/03/2021 or 3/4/2021: day first or month first; ambiguous when both are ≤ 12.
  if ((m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s))) {
    const a = Number(m[1]), b = Number(m[2]), y = Number(m[3]);
    if (a > 12) return makeDate(y, b, a) ?? makeDate(y);
    if (b > 12) return makeDate(y, a, b) ?? makeDate(y);
    return makeDate(y);
  }
  // 2021 Mar 4, 2021 Mar, 2021 Mar-Apr (PubMed DP).
  if ((m = new RegExp(`^(\\d{4}),? ${MONTH_WORD}(?:[-/][a-z]+\\.?)?(?: (\\d{1,2}))?\\b`, 'i').exec(s))) {
    return makeDate(Number(m[1]), monthOf(m[2]), m[3] ? Number(m[3]) : undefined) ?? makeDate(Number(m[1]));
  }
  // Tue, 12 Mar 2024 …; 12 March 2024; 12 Mar (no year); "12 March, 2024".
  if ((m = new RegExp(`^${WEEKDAY}(\\d{1,2})(?:st|nd|rd|th)? ${MONTH_WORD},?(?: (\\d{4}))?\\b`, 'i').exec(s))) {
    return withYear(m[3], monthOf(m[2]), Number(m[1]), opts);
  }
  // March 12, 2024; Mar 12; Tuesday, March 12; March 2024; Mar.
  if ((m = new RegExp(`^${WEEKDAY}${MONTH_WORD}(?: (\\d{1,2})(?:st|nd|rd|th)?(?!\\d))?,?(?: (\\d{4}))?\\b`, 'i').exec(s))) {
    const mo = monthOf(m[1]);
    if (m[2]) return withYear(m[3], mo, Number(m[2]), opts);
    if (m[3]) return makeDate(Number(m[3]), mo);
    if (opts.year !== undefined && new RegExp(`^${MONTH_WORD}$`, 'i').test(s)) return makeDate(opts.year, mo);
    return null;
  }
  // Spring 2021, "Published 2021", a bare year anywhere.
  if ((m = /(?:^|[^\d])([12]\d{3})(?!\d)/.exec(s))) return makeDate(Number(m[1]));
  return null;
}

function withYear(yearText: string | undefined, mo: number, d: number, opts: DateTextOptions): PaperDate | null {
  if (yearText) return makeDate(Number(yearText), mo, d) ?? makeDate(Number(yearText));
  if (opts.year !== undefined) return makeDate(opts.year, mo, d) ?? makeDate(opts.year, mo);
  if (opts.now) return makeDate(inferYear(mo, d, opts.now), mo, d);
  return null;
}

/** Listing key under which the listing reader keeps each paper's day header (also shown as metadata). */
export const LISTING_DAY = 'listing day';

/**
 * Source fields that hold a date, most telling first (normalised: lower case, letters and
 * digits only). A day header of a listing leads; an update date comes last.
 */
const DATE_KEYS = [
  'listingday', 'published', 'publishedat', 'publicationdate', 'pubdate', 'datepublished', 'submitted', 'submittedat',
  'created', 'createdat', 'date', 'issued', 'da', 'py', 'y1', 'dp', 'edat', 'crdt', 'pd', 'firstpublished', 'onlinedate',
  'coverdate', 'prismcoverdate', 'year', 'updated', 'updatedate', 'lastmodified',
];
const RANK = new Map(DATE_KEYS.map((k, i) => [k, i]));
const norm = (k: string) => k.toLowerCase().replace(/[^a-z0-9]/g, '');
const FINER: Record<DatePrecision, number> = { year: 0, month: 1, day: 2 };

/**
 * The paper's date at the finest precision its fields give. Order: a date field finer than a
 * year (and in the paper's year, when it has one); else the arXiv id's month (when within a
 * year of the year, if any); else any year.
 */
export function dateOf(p: Paper, now: Date = new Date()): PaperDate | null {
  const fields: [number, string, string][] = [];
  for (const [k, v] of Object.entries(p.extra ?? {})) {
    const r = RANK.get(norm(k));
    if (r !== undefined && typeof v === 'string' && v.trim()) fields.push([r, k, v]);
  }
  fields.sort((a, b) => a[0] - b[0]);
  const monthText = p.extra ? Object.entries(p.extra).find(([k]) => norm(k) === 'month')?.[1] : undefined;
  let best: PaperDate | null = null;
  for (const [, , v] of fields) {
    const d = parseDateText(v, { year: p.year, now });
    // A date that contradicts the paper's year (an "online" or "added" date a year later) is not its date.
    if (d && p.year !== undefined && Number(d.iso.slice(0, 4)) !== p.year) continue;
    if (d && (!best || FINER[d.precision] > FINER[best.precision])) best = d;
    if (best?.precision === 'day') break;
  }
  if (best && best.precision !== 'year') return best;
  const arxiv = arxivIdDate(p.arxivId) ?? arxivIdDate(p.url) ?? arxivIdDate(p.doi) ?? arxivIdDate(p.id);
  const year = best ? Number(best.iso) : p.year;
  if (arxiv && (year === undefined || Math.abs(Number(arxiv.iso.slice(0, 4)) - year) <= 1)) return arxiv;
  if (year !== undefined && monthText) {
    const d = parseDateText(`${monthText} ${year}`);
    if (d) return d;
  }
  return best ?? (year !== undefined ? makeDate(year) : null) ?? arxiv;
}

export interface DateSummary {
  day: number;
  month: number;
  year: number;
  none: number;
}

/** Sets `date` on every paper that has one (in place) and counts them by precision. */
export function applyDates(papers: Paper[], now: Date = new Date()): DateSummary {
  const out: DateSummary = { day: 0, month: 0, year: 0, none: 0 };
  for (const p of papers) {
    const d = dateOf(p, now);
    if (d) {
      p.date = d;
      out[d.precision]++;
    } else {
      delete p.date;
      out.none++;
    }
  }
  return out;
}

/** Counts papers by the precision of the date they already carry. */
export function summariseDates(papers: readonly Paper[]): DateSummary {
  const out: DateSummary = { day: 0, month: 0, year: 0, none: 0 };
  for (const p of papers) out[p.date?.precision ?? 'none']++;
  return out;
}
