import type { Paper } from '../types.ts';
import { editRawEntry, rawKey, safeEntry, safeKey } from './bibtex-scan.ts';
import { paperPath, pathText, type ExportGroup } from './groups.ts';
import { stampLine, type Provenance } from './provenance.ts';
import { safeUrl } from './safe-url.ts';

const LATEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}', '{': '\\{', '}': '\\}', '#': '\\#', '$': '\\$', '%': '\\%',
  '&': '\\&', '_': '\\_', '~': '\\textasciitilde{}', '^': '\\textasciicircum{}', '`': '\\textasciigrave{}',
};

/** Plain text → a LaTeX-safe braced-field value; whitespace runs (incl. blank lines = \par) collapse. */
export function escapeBibtex(text: string): string {
  // Besides the specials, TeX ligatures would change the text when read back:
  // ` is a left quote, -- and --- are dashes, '' is a right double quote.
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\{}#$%&_~^`]/g, (c) => LATEX_SPECIALS[c])
    .replace(/([-'])(?=\1)/g, '$1{}');
}

/**
 * A cluster label as one keyword. Parsers read `keywords` verbatim (no LaTeX), so no
 * escapes: braces and backslashes are dropped (they would unbalance the value), and
 * `,`/`;` — the list separators — become " / " so the label stays ONE keyword.
 */
export function keywordValue(label: string): string {
  return label.replace(/[{}\\]/g, '').replace(/\s*[,;]\s*/g, ' / ').replace(/\s+/g, ' ').trim();
}

/** URL/DOI/eprint are verbatim fields: keep the text, but encode what would break a braced value. */
function verbatimValue(s: string): string {
  return s.trim().replace(/[{}\\\s]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

function authorField(authors: string[]): string {
  // A name holding the word "and" (an organisation) is braced so it stays one name.
  return authors.map((a) => escapeBibtex(a)).filter(Boolean).map((a) => (/\band\b/i.test(a) ? `{${a}}` : a)).join(' and ');
}

/** ASCII-folded letters/digits only, so the key is valid in every BibTeX dialect. */
function asciiWord(s: string): string {
  return s.normalize('NFKD').replace(/[^A-Za-z0-9]/g, '');
}

function baseKey(p: Paper): string {
  const first = p.authors[0] ?? '';
  // "Last, First" or "First Last"
  const last = first.includes(',') ? first.split(',')[0] : first.trim().split(/\s+/).pop() ?? '';
  const word = p.title.split(/\s+/).map(asciiWord).find((w) => w.length > 3) ?? '';
  const key = asciiWord(last).toLowerCase() + (p.year ?? '') + word.toLowerCase();
  return key || (p.arxivId ? 'arxiv' + asciiWord(p.arxivId) : 'paper');
}

/** Makes keys unique: "smith2020graph", then "smith2020grapha", "…b", …, "…z", then "…_27". */
function uniqueKey(base: string, keys: KeySet): string {
  let key = base;
  // Resume where the last search for this base stopped: 100,000 duplicates of one paper
  // would otherwise cost n² set lookups (issue 16).
  const lower = base.toLowerCase();
  let n = keys.next.get(lower) ?? 0;
  if (keys.used.has(lower)) {
    do key = n < 26 ? base + String.fromCharCode(97 + n) : `${base}_${n + 1}`;
    while (keys.used.has(key.toLowerCase()) && ++n);
    keys.next.set(lower, n + 1);
  }
  keys.used.add(key.toLowerCase());
  return key;
}

/** Keys already used (lower-cased), and per base the next suffix to try. */
interface KeySet {
  used: Set<string>;
  next: Map<string, number>;
}

function generated(p: Paper, key: string, label: string): string {
  const fields: [string, string][] = [];
  // Outer braces protect the case: styles would otherwise lowercase "BERT" to "bert".
  fields.push(['title', `{${escapeBibtex(p.title)}}`]);
  if (p.authors.length) fields.push(['author', authorField(p.authors)]);
  if (p.year !== undefined) fields.push(['year', String(p.year)]);
  if (p.venue) fields.push(['journal', escapeBibtex(p.venue)]);
  const url = safeUrl(p.url);
  if (url) fields.push(['url', verbatimValue(url)]);
  if (p.doi) fields.push(['doi', verbatimValue(p.doi)]);
  if (p.arxivId) fields.push(['eprint', verbatimValue(p.arxivId)], ['archiveprefix', 'arXiv']);
  if (p.abstract) fields.push(['abstract', escapeBibtex(p.abstract)]);
  const kws = [...(p.keywords ?? []).map(keywordValue), keywordValue(label)].filter(Boolean);
  const uniq = kws.filter((k, i) => kws.findIndex((o) => o.toLowerCase() === k.toLowerCase()) === i);
  if (uniq.length) fields.push(['keywords', uniq.join(', ')]);
  // A BibTeX entry that could not be copied (ingest repaired it) keeps its type and other fields.
  let type = p.venue ? 'article' : 'misc';
  if (p.source.format === 'bibtex' && p.extra) {
    if (/^[a-z]+$/i.test(p.extra.bibtype ?? '')) type = p.extra.bibtype.toLowerCase();
    const have = new Set(fields.map(([k]) => k));
    for (const [k, v] of Object.entries(p.extra)) {
      const name = k.toLowerCase();
      if (name !== 'bibtype' && !have.has(name) && /^[a-z][a-z0-9_-]*$/.test(name) && v) fields.push([name, escapeBibtex(v)]);
    }
  }
  return `@${type}{${key},\n${fields.map(([k, v]) => `  ${k} = {${v}}`).join(',\n')}\n}`;
}

/** A field's expanded value from the Paper (for raw entries whose macros the export cannot define). */
function resolvedField(p: Paper, name: string): string | undefined {
  switch (name) {
    case 'title': return p.title ? escapeBibtex(p.title) : undefined;
    case 'abstract': return p.abstract ? escapeBibtex(p.abstract) : undefined;
    case 'journal': case 'booktitle': case 'journaltitle': return p.venue ? escapeBibtex(p.venue) : undefined;
    case 'author': return p.authors.length ? authorField(p.authors) : undefined;
    case 'year': return p.year !== undefined ? String(p.year) : undefined;
    case 'keywords': return p.keywords?.length ? p.keywords.map(keywordValue).join(', ') : undefined;
    case 'url': case 'doi': case 'eprint': {
      const v = name === 'url' ? p.url : name === 'doi' ? p.doi : p.arxivId;
      return v ? verbatimValue(v) : undefined;
    }
    default: {
      const v = p.extra && Object.prototype.hasOwnProperty.call(p.extra, name) ? p.extra[name] : undefined;
      return v ? escapeBibtex(v) : undefined;
    }
  }
}

/**
 * Text safe inside `@comment{…}` for every reader. Classic BibTeX does not skip a comment's
 * body: it reads on after the word `@comment`, so an `@` inside starts a real entry
 * (`@misc(injected, …)` from a crafted `model` string). Biber reads to the matching brace.
 * So `@` becomes "(at)", braces and parentheses are dropped, and line breaks and other
 * control characters become spaces.
 */
export function commentText(text: string): string {
  return text.replace(/@/g, '(at)').replace(/[{}()]/g, '').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}

/**
 * One entry per exported row (duplicates included). Entries that came from BibTeX are
 * written as they came in — only the cluster label is merged into `keywords` and a
 * clashing key renamed; all other entries are generated. Keys are unique (case-insensitive).
 * Provenance leads as an `@comment`.
 */
export function toBibtex(papers: Paper[], groups: ExportGroup[], prov: Provenance): string {
  const used: KeySet = { used: new Set(), next: new Map() };
  const out = [`@comment{${commentText(stampLine(prov))}}`];
  for (const g of groups) {
    for (const i of g.papers) {
      const p = papers[i];
      if (!p) continue;
      // The paper's place in the topic tree as one keyword ("Vision › Segmentation"); the label alone without a tree.
      const path = pathText(paperPath(g, i));
      const label = keywordValue(path);
      const oldKey = p.raw ? rawKey(p.raw) : undefined;
      if (p.raw && safeKey(oldKey)) {
        const key = uniqueKey(oldKey, used);
        const edited = editRawEntry(p.raw.trim(), label, key === oldKey ? undefined : key, (name) => resolvedField(p, name));
        // Damaged entries (ingest recovered them) and entries that fail the safety check
        // (a session or map file can carry any `raw`) are regenerated under their own key.
        const copied = edited === null ? null : safeEntry(edited);
        out.push(copied ?? generated(p, key, path));
      } else {
        out.push(generated(p, uniqueKey(baseKey(p), used), path));
      }
    }
  }
  return out.join('\n\n') + '\n';
}
