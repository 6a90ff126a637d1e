/**
 * RIS: records from "TY  - " to "ER  - ". Untagged lines continue the previous field.
 * A record missing its ER is kept and reported.
 */
import type { IngestResult, Paper, Problem } from '../types.ts';
import { buildPaper, emptyExtra, finish, parseArxivId, parseYear, problem, splitKeywords } from './common.ts';

// [\s\S], not ".": a U+2028/U+2029 inside a value is text, not the end of the line.
const TAG_RE = /^([A-Z][A-Z0-9])  ?-(?: ([\s\S]*))?$/;

interface RisRecord {
  line: number;
  fields: Map<string, string[]>;
  rawLines: string[];
  /** AU/A1 values in the order of their lines (Zotero writes A1 and AU mixed). */
  authors: string[];
}

function first(r: RisRecord, ...tags: string[]): string | undefined {
  for (const t of tags) {
    const v = r.fields.get(t);
    if (v && v[0]?.trim()) return v[0];
  }
  return undefined;
}

function all(r: RisRecord, ...tags: string[]): string[] {
  const out: string[] = [];
  for (const t of tags) for (const v of r.fields.get(t) ?? []) if (v.trim()) out.push(v.trim());
  return out;
}

/** "Doe, Jane" -> "Jane Doe"; RIS puts one author per AU line. */
function risName(a: string): string {
  const parts = a.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 2) return `${parts[1]} ${parts[0]}`;
  if (parts.length === 3) return `${parts[1]} ${parts[0]}, ${parts[2]}`;
  return a.trim();
}

const KNOWN = new Set(['TY', 'ER', 'TI', 'T1', 'AB', 'N2', 'AU', 'A1', 'PY', 'Y1', 'DA', 'UR', 'DO', 'JO', 'T2', 'JF', 'BT', 'KW', 'ID']);

export function parseRis(text: string, file: string): IngestResult {
  const problems: Problem[] = [];
  const records: RisRecord[] = [];
  let cur: RisRecord | null = null;
  let lastTag = '';
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((rawLine, i) => {
    const lineNo = i + 1;
    const m = TAG_RE.exec(rawLine.trimEnd());
    if (m) {
      const tag = m[1];
      const value = m[2] ?? '';
      if (tag === 'TY') {
        if (cur) {
          problems.push(problem('warning', `record has no ER line before the next TY at line ${lineNo}: kept`, file, records.length, cur.line));
        }
        cur = { line: lineNo, fields: new Map(), rawLines: [rawLine], authors: [] };
        records.push(cur);
      } else if (!cur) {
        if (tag !== 'ER') problems.push(problem('warning', `${tag} line outside a record (no TY before it): ignored`, file, undefined, lineNo));
        return;
      } else {
        cur.rawLines.push(rawLine);
        if (tag === 'ER') {
          cur = null;
          return;
        }
      }
      if (cur) {
        if ((tag === 'AU' || tag === 'A1') && value.trim()) cur.authors.push(value.trim());
        const list = cur.fields.get(tag);
        if (list) list.push(value);
        else cur.fields.set(tag, [value]);
      }
      lastTag = tag;
    } else if (cur && rawLine.trim()) {
      // Continuation of a wrapped value (long abstracts are often wrapped).
      cur.rawLines.push(rawLine);
      const list = cur.fields.get(lastTag);
      if (list && list.length > 0) list[list.length - 1] += `\n${rawLine.trim()}`;
    }
  });
  if (cur !== null) {
    problems.push(problem('warning', 'record has no ER line at the end of the file: kept', file, records.length, (cur as RisRecord).line));
  }

  const papers: Paper[] = [];
  records.forEach((r, i) => {
    const extra = emptyExtra();
    for (const [tag, values] of r.fields) {
      // A full date (PY 2021/03/04/, DA) is also kept in `extra`: ingest/dates.ts reads its month and day.
      const fullDate = /^(?:PY|Y1|DA)$/.test(tag) && !/^\d{4}\/*$/.test(values[0]?.trim() ?? '');
      if ((!KNOWN.has(tag) || fullDate) && values.some((v) => v.trim())) extra[tag] = values.join('; ');
    }
    const url = first(r, 'UR');
    // The full date ("2016/03/01/", "2019 Mar") is kept beside the year for date-aware views.
    const date = first(r, 'DA', 'PY', 'Y1')?.trim();
    if (date && !/^\d{4}$/.test(date)) extra.date = date;
    const paper = buildPaper(
      {
        title: first(r, 'TI', 'T1'),
        abstract: first(r, 'AB', 'N2'),
        authors: r.authors.map(risName),
        year: parseYear(first(r, 'PY', 'Y1', 'DA')),
        url,
        doi: first(r, 'DO'),
        arxivId: url ? (parseArxivId(url) ?? undefined) : undefined,
        venue: first(r, 'JO', 'T2', 'JF', 'BT'),
        keywords: splitKeywords(all(r, 'KW')),
        key: first(r, 'ID'),
        raw: r.rawLines.join('\n'),
        extra,
      },
      file,
      i + 1,
      'ris',
      problems,
      r.line,
    );
    if (paper) papers.push(paper);
  });
  return finish(papers, problems, file, 'ris');
}
