/**
 * Field-tagged plain text: Web of Science "plain text" exports (two-letter tags, records from
 * PT to ER, continuation lines indented by three spaces) and PubMed/MEDLINE (.nbib / .txt:
 * tags padded to four characters then "- ", records start at PMID-, continuation lines
 * indented by six spaces). Any line ending (CRLF, LF, CR) and U+2028 inside a value are fine.
 */
import type { Format, IngestResult, Paper, Problem } from '../types.ts';
import { buildPaper, emptyExtra, finish, parseYear, problem, type RawRecord } from './common.ts';

export type TaggedDialect = 'wos' | 'medline';

interface TaggedRecord {
  line: number;
  fields: Map<string, string[]>;
  raw: string[];
}

const WOS_TAG = /^([A-Z][A-Z0-9])(?: ([\s\S]*))?$/;
const MEDLINE_TAG = /^([A-Z][A-Z0-9]{0,3}) *- ?([\s\S]*)$/;

/** Splits tagged text into records; unknown shapes are reported by line. */
function records(text: string, file: string, dialect: TaggedDialect, problems: Problem[]): TaggedRecord[] {
  const out: TaggedRecord[] = [];
  let cur: TaggedRecord | null = null;
  let last: { list: string[]; idx: number } | null = null;
  const lines = text.split(/\r\n|\r|\n/);
  const tagRe = dialect === 'wos' ? WOS_TAG : MEDLINE_TAG;
  for (let i = 0; i < lines.length; i++) {
    const line = i === 0 ? lines[i].replace(/^\ufeff/, '') : lines[i];
    if (!line.trim()) {
      if (dialect === 'medline') {
        cur = null;
        last = null;
      }
      continue;
    }
    const isCont = /^\s/.test(line);
    if (isCont) {
      if (last && cur) {
        cur.raw.push(line);
        last.list[last.idx] += `\n${line.trim()}`;
      }
      continue;
    }
    const m = tagRe.exec(line);
    if (!m) {
      problems.push(problem('warning', `line not in the tagged format: "${line.slice(0, 60)}"`, file, undefined, i + 1));
      continue;
    }
    const tag = m[1];
    const value = (m[2] ?? '').trim();
    if (dialect === 'wos') {
      if (tag === 'FN' || tag === 'VR' || tag === 'EF') {
        cur = null;
        last = null;
        continue;
      }
      if (tag === 'PT' || !cur) {
        if (tag !== 'PT' && tag !== 'ER') problems.push(problem('warning', `record without a PT line before it: started at ${tag}`, file, out.length + 1, i + 1));
        if (tag === 'ER') continue;
        cur = { line: i + 1, fields: new Map(), raw: [] };
        out.push(cur);
      }
      if (tag === 'ER') {
        cur.raw.push(line);
        cur = null;
        last = null;
        continue;
      }
    } else if (tag === 'PMID' || !cur) {
      cur = { line: i + 1, fields: new Map(), raw: [] };
      out.push(cur);
    }
    cur.raw.push(line);
    // Each tag occurrence is one string; continuation lines append to it on new lines
    // (WoS puts one author per continuation line).
    let list = cur.fields.get(tag);
    if (!list) {
      list = [];
      cur.fields.set(tag, list);
    }
    list.push(value);
    last = { list, idx: list.length - 1 };
  }
  return out;
}

function lines(r: TaggedRecord, tag: string): string[] {
  const out: string[] = [];
  for (const v of r.fields.get(tag) ?? []) for (const l of v.split('\n')) if (l.trim()) out.push(l.trim());
  return out;
}

function text(r: TaggedRecord, ...tags: string[]): string | undefined {
  for (const t of tags) {
    const v = r.fields.get(t);
    if (v && v.length > 0 && v.join('').trim()) return v.map((x) => x.replace(/\s*\n\s*/g, ' ')).join(' ').trim();
  }
  return undefined;
}

/** "Parkes-Loach, PS" / "Smith, John A" -> "PS Parkes-Loach" / "John A Smith". */
function flip(name: string): string {
  const i = name.indexOf(',');
  if (i === -1) return name.trim();
  const last = name.slice(0, i).trim();
  const first = name.slice(i + 1).trim();
  return first ? `${first} ${last}` : last;
}

function keywords(values: string[]): string[] | undefined {
  const out = values.join('; ').split(/\s*;\s*/).map((k) => k.trim()).filter(Boolean);
  return out.length > 0 ? out : undefined;
}

function wosRecord(r: TaggedRecord): RawRecord {
  const authors = (r.fields.has('AF') ? lines(r, 'AF') : lines(r, 'AU')).flatMap((l) => l.split(/\s*;\s*/)).filter(Boolean).map(flip);
  const extra = emptyExtra();
  const date = [text(r, 'PD'), text(r, 'PY')].filter(Boolean).join(' ');
  if (date) extra.date = date;
  for (const t of ['DT', 'LA', 'PU', 'VL', 'IS', 'BP', 'EP', 'PM', 'EA']) {
    const v = text(r, t);
    if (v) extra[t] = v;
  }
  return {
    title: text(r, 'TI'),
    abstract: text(r, 'AB'),
    authors,
    year: parseYear(text(r, 'PY') ?? text(r, 'EY') ?? text(r, 'EA')),
    doi: text(r, 'DI'),
    venue: text(r, 'SO'),
    keywords: keywords([...lines(r, 'DE'), ...lines(r, 'ID')]),
    key: text(r, 'UT'),
    raw: r.raw.join('\n'),
    extra,
  };
}

function medlineRecord(r: TaggedRecord): RawRecord {
  const full = lines(r, 'FAU');
  const authors = (full.length > 0 ? full.map(flip) : lines(r, 'AU')).filter(Boolean);
  const ids = [...lines(r, 'AID'), ...lines(r, 'LID')];
  const doi = ids.find((v) => /\[doi\]\s*$/.test(v))?.replace(/\s*\[doi\]\s*$/, '');
  const pmid = text(r, 'PMID');
  const extra = emptyExtra();
  const dp = text(r, 'DP');
  if (dp) extra.date = dp;
  if (pmid) extra.pmid = pmid;
  for (const t of ['PT', 'LA', 'VI', 'IP', 'PG']) {
    const v = text(r, t);
    if (v) extra[t] = v;
  }
  return {
    title: text(r, 'TI', 'BTI'),
    abstract: text(r, 'AB'),
    authors,
    year: parseYear(dp ?? text(r, 'DEP') ?? text(r, 'EDAT')),
    doi,
    url: pmid ? `https://pubmed.ncbi.nlm.nih.gov/${pmid}/` : undefined,
    venue: text(r, 'JT', 'TA'),
    keywords: keywords([...lines(r, 'MH'), ...lines(r, 'OT')].map((k) => k.replace(/^\*/, ''))),
    key: pmid ? `PMID:${pmid}` : undefined,
    raw: r.raw.join('\n'),
    extra,
  };
}

export function parseTagged(input: string, file: string, dialect: TaggedDialect): IngestResult {
  const problems: Problem[] = [];
  const format: Format = dialect === 'wos' ? 'wos' : 'medline';
  const papers: Paper[] = [];
  const recs = records(input, file, dialect, problems);
  recs.forEach((r, i) => {
    const rec = dialect === 'wos' ? wosRecord(r) : medlineRecord(r);
    const paper = buildPaper(rec, file, i + 1, format, problems, r.line);
    if (paper) papers.push(paper);
  });
  return finish(papers, problems, file, format);
}
