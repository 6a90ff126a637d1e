/**
 * JSON shapes written by known tools, brought to plain paper fields before the generic
 * reader (json-record.ts) maps them:
 * - daily-papers API: `{paper: {title, summary, authors: [{name}], publishedAt}, …}`;
 * - CSL-JSON (Zotero, Manubot, citation.js): `issued: {"date-parts": [[2006, 3]]}`, `container-title`;
 * - Kaggle arXiv metadata: `authors_parsed: [[last, first, suffix]]`, TeX accents, `versions[0].created`;
 * - OpenAlex works: `display_name`, `abstract_inverted_index`, `authorships[].author.display_name`;
 * - Semantic Scholar: `paperId`, `externalIds: {DOI, ArXiv}`, `tldr.text`.
 * Only own keys are read; the result is a fresh object, so `__proto__` keys stay inert.
 */
import { latexToText } from './latex.ts';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function own(o: Obj, k: string): unknown {
  return Object.hasOwn(o, k) ? o[k] : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v : undefined;
}

/** Keys under which a tool nests the paper itself. */
const NESTED = ['paper', 'citingPaper', 'citedPaper', 'work', 'document', 'publication'];

function hasText(o: Obj): boolean {
  return ['title', 'abstract', 'summary', 'display_name'].some((k) => typeof own(o, k) === 'string');
}

/** OpenAlex: {"word": [positions]} -> the text. Positions are bounded so a crafted index cannot allocate wildly. */
export function invertedIndexText(index: Obj): string {
  const words: string[] = [];
  let count = 0;
  for (const word of Object.keys(index)) {
    const at = index[word];
    if (!Array.isArray(at)) continue;
    for (const p of at) {
      if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 200_000) continue;
      if (++count > 200_000) break;
      words[p] = word;
    }
  }
  return words.filter((w) => w !== undefined).join(' ');
}

/** CSL date {"date-parts": [[y, m, d]]} or {raw|literal} -> "YYYY[-MM[-DD]]" or the raw text. */
function cslDate(v: unknown): string | undefined {
  if (!isObj(v)) return str(v);
  const parts = own(v, 'date-parts');
  if (Array.isArray(parts) && Array.isArray(parts[0])) {
    const [y, m, d] = parts[0] as unknown[];
    const num = (x: unknown) => (typeof x === 'number' ? x : typeof x === 'string' && /^\d+$/.test(x) ? Number(x) : undefined);
    const yy = num(y);
    if (yy === undefined) return undefined;
    const pad = (n: number) => String(n).padStart(2, '0');
    const mm = num(m);
    const dd = num(d);
    return `${yy}${mm ? `-${pad(mm)}${dd ? `-${pad(dd)}` : ''}` : ''}`;
  }
  return str(own(v, 'raw')) ?? str(own(v, 'literal'));
}

/** "C. Bal\\'azs" -> "C. Balázs" (arXiv metadata writes accents in TeX). */
function texName(s: string): string {
  return /[\\{}]/.test(s) ? latexToText(s).replace(/\s+/g, ' ').trim() : s.trim();
}

export interface Shaped {
  obj: Obj;
  /** The tool whose shape was recognised, for the preview. */
  exporter?: string;
}

/** Recognises a known shape and returns plain fields (title, abstract, authors, year, date, doi, …). */
export function shapeJsonPaper(input: Obj): Shaped {
  let o: Obj = input;
  let exporter: string | undefined;
  for (const k of NESTED) {
    const inner = own(input, k);
    if (isObj(inner) && hasText(inner)) {
      o = Object.assign(Object.create(null) as Obj, input, inner);
      delete o[k];
      exporter = k === 'paper' && (own(inner, 'summary') !== undefined || own(input, 'publishedAt') !== undefined) ? 'daily papers' : undefined;
      break;
    }
  }
  const out: Obj = Object.create(null) as Obj;
  for (const k of Object.keys(o)) out[k] = o[k];
  const take = (k: string) => {
    const v = out[k];
    delete out[k];
    return v;
  };

  // OpenAlex
  if (Object.hasOwn(out, 'abstract_inverted_index') || Object.hasOwn(out, 'authorships')) {
    exporter ??= 'OpenAlex';
    const inv = take('abstract_inverted_index');
    if (isObj(inv) && !str(out.abstract)) out.abstract = invertedIndexText(inv);
    const ships = take('authorships');
    if (Array.isArray(ships) && out.authors === undefined) {
      out.authors = ships
        .map((a) => (isObj(a) ? (isObj(a.author) ? str(a.author.display_name) : undefined) ?? str(a.raw_author_name) : undefined))
        .filter((a): a is string => a !== undefined);
    }
    const dn = take('display_name');
    if (!str(out.title) && str(dn)) out.title = dn;
    const loc = take('primary_location');
    if (isObj(loc) && isObj(loc.source) && str(loc.source.display_name) && out.venue === undefined) out.venue = loc.source.display_name;
    const hv = take('host_venue');
    if (isObj(hv) && str(hv.display_name) && out.venue === undefined) out.venue = hv.display_name;
    const ids = take('ids');
    if (isObj(ids) && str(ids.arxiv) && out.arxiv_id === undefined) out.arxiv_id = ids.arxiv;
    if (typeof out.id === 'string' && /openalex\.org/.test(out.id)) out.openalex = take('id');
  }

  // Semantic Scholar
  if (Object.hasOwn(out, 'paperId') || Object.hasOwn(out, 'externalIds')) {
    exporter ??= 'Semantic Scholar';
    const ext = take('externalIds');
    if (isObj(ext)) {
      if (str(ext.DOI) && out.doi === undefined) out.doi = ext.DOI;
      if (str(ext.ArXiv) && out.arxiv_id === undefined) out.arxiv_id = ext.ArXiv;
    }
    const tldr = take('tldr');
    if (!str(out.abstract) && isObj(tldr) && str(tldr.text)) out.tldr = tldr.text;
  }

  // Kaggle arXiv metadata
  const parsed = take('authors_parsed');
  if (Array.isArray(parsed)) {
    exporter ??= 'arXiv metadata (Kaggle)';
    const names = parsed
      .map((p) => {
        if (!Array.isArray(p)) return '';
        const [last, first, suffix] = p.map((x) => (typeof x === 'string' ? texName(x) : ''));
        return [first, last].filter(Boolean).join(' ') + (suffix ? `, ${suffix}` : '');
      })
      .filter(Boolean);
    if (names.length > 0) {
      delete out.author;
      out.authors = names;
    }
  }
  if (typeof out.authors === 'string' && /[\\{]/.test(out.authors)) out.authors = texName(out.authors);
  if (typeof out.title === 'string' && /\\|\$|\{/.test(out.title) && exporter === 'arXiv metadata (Kaggle)') out.title = latexToText(out.title);
  const versions = out.versions;
  if (Array.isArray(versions) && isObj(versions[0]) && str(versions[0].created) && out.date === undefined && out.year === undefined) {
    out.date = versions[0].created;
    delete out.versions;
  }
  if (out.year === undefined && out.date === undefined && str(out.update_date)) out.date = take('update_date');

  // CSL-JSON
  let cslKey: string | undefined;
  for (const k of ['issued', 'published-print', 'published-online', 'published', 'created']) {
    if (isObj(out[k]) && (Object.hasOwn(out[k] as Obj, 'date-parts') || Object.hasOwn(out[k] as Obj, 'raw') || Object.hasOwn(out[k] as Obj, 'literal'))) {
      cslKey = k;
      break;
    }
  }
  if (cslKey) {
    exporter ??= 'CSL-JSON';
    const d = cslDate(out[cslKey]);
    for (const k of ['issued', 'published-print', 'published-online', 'published', 'created', 'accessed', 'deposited', 'indexed']) {
      if (isObj(out[k]) && Object.hasOwn(out[k] as Obj, 'date-parts')) delete out[k];
    }
    if (d && out.date === undefined) out.date = d;
  }

  // Daily papers: the paper's own publication time.
  if (exporter === 'daily papers' && out.date === undefined && str(out.publishedAt)) out.date = take('publishedAt');
  return { obj: out, exporter };
}
