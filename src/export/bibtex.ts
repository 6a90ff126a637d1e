import type { Paper } from '../types.ts';
import { editRawEntry, rawKey, safeEntry, safeKey } from './bibtex-scan.ts';
import { paperPath, pathText, type ExportGroup } from './groups.ts';
import { stampLine, type Provenance } from './provenance.ts';
import { safeUrl } from './safe-url.ts';
import { collapseSpace } from '../util/text.ts';
import { SEGMENT, segments } from '../util/slice.ts';

const LATEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}', '{': '\\{', '}': '\\}', '#': '\\#', '$': '\\$', '%': '\\%',
  '&': '\\&', '_': '\\_', '~': '\\textasciitilde{}', '^': '\\textasciicircum{}', '`': '\\textasciigrave{}',
};

/** Plain text → a LaTeX-safe braced-field value; whitespace runs (incl. blank lines = \par) collapse. */
export function escapeBibtex(text: string): string {
  // Besides the specials, TeX ligatures would change the text when read back:
  // ` is a left quote, -- and --- are dashes, '' is a right double quote.
  return collapseSpace(text)
    .trim()
    .replace(/[\\{}#$%&_~^`]/g, (c) => LATEX_SPECIALS[c])
    .replace(/([-'])(?=\1)/g, '$1{}');
}

/**
 * `escapeBibtex` in pieces for a long text (a 30-million-character abstract): cut only
 * between two characters that are not white space, `-`, `'` or half a surrogate pair, so
 * no white-space run, ligature guard or character is split; the first piece is trimmed at
 * its start and the last at its end. Joined, the same text as `escapeBibtex`.
 */
export function* escapeBibtexParts(text: string, size = SEGMENT): Generator<string, void, void> {
  if (text.length <= size) {
    yield escapeBibtex(text);
    return;
  }
  const it = segments(text, size, plainForBibtex);
  let cur = it.next();
  let first = true;
  while (!cur.done) {
    const next = it.next();
    let piece = collapseSpace(cur.value);
    if (first) piece = piece.trimStart();
    if (next.done) piece = piece.trimEnd();
    yield piece.replace(/[\\{}#$%&_~^`]/g, (c) => LATEX_SPECIALS[c]).replace(/([-'])(?=\1)/g, '$1{}');
    first = false;
    cur = next;
  }
}

const plainForBibtex = (c: number) => c !== 45 && c !== 39 && (c < 0xd800 || c > 0xdfff) && !/\s/.test(String.fromCharCode(c));

/** A value written by `escapeBibtex`, or its parts when the text is long. */
type Value = string | { parts: () => Iterable<string> };
const escaped = (text: string): Value => (text.length > SEGMENT ? { parts: () => escapeBibtexParts(text) } : escapeBibtex(text));

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

function generated(p: Paper, key: string, label: string): string | Iterable<string> {
  const fields: [string, Value][] = [];
  // Outer braces protect the case: styles would otherwise lowercase "BERT" to "bert".
  const title = escaped(p.title);
  fields.push(['title', typeof title === 'string' ? `{${title}}` : { parts: () => braced(title.parts()) }]);
  if (p.authors.length) fields.push(['author', authorField(p.authors)]);
  if (p.year !== undefined) fields.push(['year', String(p.year)]);
  if (p.venue) fields.push(['journal', escaped(p.venue)]);
  const url = safeUrl(p.url);
  if (url) fields.push(['url', verbatimValue(url)]);
  if (p.doi) fields.push(['doi', verbatimValue(p.doi)]);
  if (p.arxivId) fields.push(['eprint', verbatimValue(p.arxivId)], ['archiveprefix', 'arXiv']);
  if (p.abstract) fields.push(['abstract', escaped(p.abstract)]);
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
      if (name !== 'bibtype' && !have.has(name) && /^[a-z][a-z0-9_-]*$/.test(name) && v) fields.push([name, escaped(v)]);
    }
  }
  if (fields.every(([, v]) => typeof v === 'string')) return `@${type}{${key},\n${fields.map(([k, v]) => `  ${k} = {${v as string}}`).join(',\n')}\n}`;
  return entryParts(type, key, fields);
}

function* braced(parts: Iterable<string>): Generator<string, void, void> {
  yield '{';
  yield* parts;
  yield '}';
}

function* entryParts(type: string, key: string, fields: [string, Value][]): Generator<string, void, void> {
  yield `@${type}{${key},\n`;
  for (let k = 0; k < fields.length; k++) {
    const [name, v] = fields[k];
    yield `${k ? ',\n' : ''}  ${name} = {`;
    if (typeof v === 'string') yield v;
    else yield* v.parts();
    yield '}';
  }
  yield '\n}';
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

/** The BibTeX file as parts, one entry (or a long entry's pieces) each; see `toBibtex`. */
export function* bibtexParts(papers: Paper[], groups: ExportGroup[], prov: Provenance): Generator<string, void, void> {
  const used: KeySet = { used: new Set(), next: new Map() };
  yield `@comment{${commentText(stampLine(prov))}}`;
  for (const g of groups) {
    let lastPath: string[] | undefined;
    let path = '';
    let label = '';
    for (const i of g.papers) {
      const p = papers[i];
      if (!p) continue;
      // The paper's place in the topic tree as one keyword ("Vision › Segmentation"); the label alone without a tree.
      const at = paperPath(g, i);
      if (at !== lastPath) {
        path = pathText((lastPath = at));
        label = keywordValue(path);
      }
      const oldKey = p.raw ? rawKey(p.raw) : undefined;
      let entry: string | Iterable<string>;
      if (p.raw && safeKey(oldKey)) {
        const key = uniqueKey(oldKey, used);
        const edited = editRawEntry(p.raw.trim(), label, key === oldKey ? undefined : key, (name) => resolvedField(p, name));
        // Damaged entries (ingest recovered them) and entries that fail the safety check
        // (a session or map file can carry any `raw`) are regenerated under their own key.
        const copied = edited === null ? null : safeEntry(edited);
        entry = copied ?? generated(p, key, path);
      } else {
        entry = generated(p, uniqueKey(baseKey(p), used), path);
      }
      if (typeof entry === 'string') yield '\n\n' + entry;
      else {
        yield '\n\n';
        yield* entry;
      }
    }
  }
  yield '\n';
}

/**
 * One entry per exported row (duplicates included). Entries that came from BibTeX are
 * written as they came in — only the cluster label is merged into `keywords` and a
 * clashing key renamed; all other entries are generated. Keys are unique (case-insensitive).
 * Provenance leads as an `@comment`.
 */
export function toBibtex(papers: Paper[], groups: ExportGroup[], prov: Provenance): string {
  return [...bibtexParts(papers, groups, prov)].join('');
}
