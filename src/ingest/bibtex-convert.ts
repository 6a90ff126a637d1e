/**
 * LaTeX -> Unicode for one entry's text fields. @retorquere/bibtex-parser does the
 * conversion (accents, symbols, names) when it reports no error for the entry; its HTML
 * markup (<i>, <b>, <span>, <a>) is stripped so the result is plain text. Any `<`/`>` of the
 * user's own text is swapped for private-use placeholders first, so stripping can never
 * touch it. Anything else falls back to the built-in converter in latex.ts.
 */
import { parse as parseBib, type Creator } from '@retorquere/bibtex-parser';
import { latexToText } from './latex.ts';

export interface Converted {
  text: Map<string, string>;
  /** Author names, "First Last". */
  authors?: string[];
  keywords?: string[];
}

const LT = '\ue010';
const GT = '\ue011';

function balanced(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 123) depth++;
    else if (c === 125 && --depth < 0) return false;
  }
  return depth === 0;
}

function plain(s: string): string {
  return s
    .replace(/<\/?[a-zA-Z][^<>]*>/g, '')
    .replace(/\ue010/g, '<')
    .replace(/\ue011/g, '>')
    .replace(/[ıȷ](?=[\u0300-\u036f])/g, (c) => (c === 'ı' ? 'i' : 'j'))
    .normalize('NFC');
}

function creatorName(c: Creator): string {
  if (c.name) return c.name;
  const last = [c.prefix, c.lastName].filter(Boolean).join(' ');
  const full = [c.firstName, last].filter(Boolean).join(' ');
  return c.suffix ? `${full}, ${c.suffix}` : full;
}

/** Splits a raw BibTeX author list on top-level " and ", then flips "Last, First". */
export function bibAuthors(raw: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (depth === 0 && /\s/.test(c) && /^\s+and\s/i.test(raw.slice(i, i + 6))) {
      names.push(raw.slice(start, i));
      i += raw.slice(i).match(/^\s+and\s+/i)![0].length - 1;
      start = i + 1;
    }
  }
  names.push(raw.slice(start));
  return names
    .map((n) => latexToText(n).replace(/\s+/g, ' ').trim())
    .filter((n) => n.length > 0 && n.toLowerCase() !== 'others')
    .map((n) => {
      const parts = n.split(',').map((p) => p.trim());
      if (parts.length === 2) return `${parts[1]} ${parts[0]}`.trim();
      if (parts.length === 3) return `${parts[2]} ${parts[0]}, ${parts[1]}`.trim();
      return n;
    });
}

/** Built-in conversion of every field. */
export function convertFast(fields: Map<string, string>): Converted {
  const text = new Map<string, string>();
  for (const [k, v] of fields) if (k !== 'author' && k !== 'keywords') text.set(k, latexToText(v));
  const out: Converted = { text };
  const a = fields.get('author');
  if (a !== undefined) out.authors = bibAuthors(a);
  const kw = fields.get('keywords');
  if (kw !== undefined) out.keywords = latexToText(kw).split(/\s*[;,]\s*/).filter(Boolean);
  return out;
}

/**
 * Fields longer than this (characters) skip the library and use the built-in converter:
 * the library's time grows faster than the field (a 60,000-character abstract took ~6 s
 * on this project's machine, a 600,000-character one minutes), so one long field froze
 * the read (issue 16).
 */
export const LIBRARY_FIELD_MAX = 5_000;

/** Library conversion of the listed fields; null when the library reports any error. */
export function convertWithLibrary(fields: Map<string, string>, names: string[]): Converted | null {
  const parts: string[] = [];
  for (const name of names) {
    const v = fields.get(name);
    if (v === undefined || v.length > LIBRARY_FIELD_MAX || !balanced(v)) continue;
    parts.push(`${name} = {${v.replace(/</g, LT).replace(/>/g, GT)}}`);
  }
  if (parts.length === 0) return { text: new Map() };
  let lib: ReturnType<typeof parseBib>;
  try {
    lib = parseBib(`@misc{k,\n${parts.join(',\n')}\n}`, { english: false, sentenceCase: false });
  } catch {
    return null;
  }
  if (lib.errors.length > 0 || lib.entries.length !== 1) return null;
  const f = lib.entries[0].fields;
  const text = new Map<string, string>();
  const out: Converted = { text };
  for (const [k, v] of Object.entries(f)) {
    if (k === 'author' && Array.isArray(v)) out.authors = (v as Creator[]).map(creatorName).map(plain).filter(Boolean);
    else if (k === 'keywords' && Array.isArray(v)) out.keywords = (v as string[]).map(plain).filter(Boolean);
    else if (typeof v === 'string') text.set(k, plain(v));
    else if (Array.isArray(v)) text.set(k, v.map((x) => (typeof x === 'string' ? plain(x) : '')).join(', '));
  }
  return out;
}
