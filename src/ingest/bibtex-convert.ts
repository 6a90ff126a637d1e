/**
 * LaTeX -> Unicode for one entry's fields, through the one built-in converter (latex.ts),
 * so an entry converts the same way in a 1 KB file and in a 10 MB one. Authors are split on
 * top-level " and ", "Last, First" flipped; a trailing "and others" is dropped and counted.
 */
import { latexToText } from './latex.ts';

export interface Converted {
  text: Map<string, string>;
  /** Author names, "First Last". */
  authors?: string[];
  keywords?: string[];
  /** True when the author list ended in "and others" (dropped: not a person). */
  othersDropped?: boolean;
}

/** Splits a raw BibTeX author list on top-level " and " (any case, any white space). */
function splitAnd(raw: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let start = 0;
  const n = raw.length;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c === 123) depth++;
    else if (c === 125) depth--;
    else if (depth === 0 && (c === 32 || c === 9 || c === 10 || c === 13)) {
      // " and " at brace depth 0
      let j = i + 1;
      while (j < n && /\s/.test(raw[j])) j++;
      if (j + 3 < n && raw.slice(j, j + 3).toLowerCase() === 'and' && /\s/.test(raw[j + 3])) {
        names.push(raw.slice(start, i));
        j += 3;
        while (j < n && /\s/.test(raw[j])) j++;
        start = j;
        i = j - 1;
      }
    }
  }
  names.push(raw.slice(start));
  return names;
}

/** Splits on commas at brace depth 0 (a braced "{Barnes and Noble, Inc.}" is one part). */
function commaParts(name: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(name.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(name.slice(start));
  return parts.map((p) => p.trim());
}

export function bibAuthors(raw: string): { authors: string[]; othersDropped: boolean } {
  let othersDropped = false;
  const authors: string[] = [];
  for (const name of splitAnd(raw)) {
    const trimmed = name.trim();
    if (!trimmed) continue;
    // "and others" (also written "{Others}", as Google Scholar exports do) is not a person.
    if (/^\{?\s*others\s*\}?$/i.test(trimmed)) {
      othersDropped = true;
      continue;
    }
    const parts = commaParts(trimmed).map((p) => latexToText(p).replace(/\s+/g, ' ').trim());
    let full: string;
    if (parts.length === 2) full = `${parts[1]} ${parts[0]}`;
    else if (parts.length === 3) full = `${parts[2]} ${parts[0]}, ${parts[1]}`;
    else full = parts.join(', ');
    full = full.trim();
    if (full) authors.push(full);
  }
  return { authors, othersDropped };
}

/** Converts every field of one entry. */
export function convertFields(fields: Map<string, string>): Converted {
  const text = new Map<string, string>();
  for (const [k, v] of fields) if (k !== 'author' && k !== 'keywords') text.set(k, latexToText(v));
  const out: Converted = { text };
  const a = fields.get('author');
  if (a !== undefined) {
    const { authors, othersDropped } = bibAuthors(a);
    out.authors = authors;
    if (othersDropped) out.othersDropped = true;
  }
  const kw = fields.get('keywords');
  if (kw !== undefined) out.keywords = latexToText(kw).split(/\s*[;,]\s*/).map((k) => k.trim()).filter(Boolean);
  return out;
}
