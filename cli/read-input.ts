/**
 * Minimal input reader for the CLI and eval: JSON array, JSONL (optionally
 * .gz) and pasted listing text (title / blank / abstract / blank). The app's
 * full ingest layer lives in src/ingest/; this stays small on purpose and is
 * used when that layer is not available.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { basename } from 'node:path';
import type { Paper, Format } from '../src/types.ts';

export function readText(path: string): string {
  const buf = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8').replace(/^\uFEFF/, '');
}

type Rec = Record<string, unknown>;

function toPaper(r: Rec, i: number, file: string, format: Format): Paper {
  const s = (v: unknown) => (typeof v === 'string' ? v : v == null ? '' : String(v));
  const authors = Array.isArray(r.authors) ? r.authors.map(s) : s(r.authors) ? s(r.authors).split(/\s*(?:;|,| and )\s*/) : [];
  const year = Number(r.year);
  const extra: Record<string, string> = {};
  for (const k of ['label']) if (r[k] != null) extra[k] = s(r[k]);
  return {
    id: s(r.id) || `${file}:${i + 1}`,
    title: s(r.title),
    abstract: s(r.abstract ?? r.summary),
    authors,
    year: Number.isFinite(year) && year > 0 ? year : undefined,
    url: s(r.url) || undefined,
    source: { file, row: i + 1, format },
    extra,
  };
}

/** Splits a pasted listing into papers: a short block followed by a long block is a title and its abstract. */
export function splitListing(text: string, file = 'listing.txt'): Paper[] {
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n\s*\n/).map((b) => b.trim()).filter(Boolean);
  const papers: Paper[] = [];
  for (let i = 0; i + 1 < blocks.length; i++) {
    const t = blocks[i];
    const a = blocks[i + 1];
    if (t.length <= 300 && !t.includes('\n') && a.length >= 200) {
      papers.push({ id: `${file}:${papers.length + 1}`, title: t, abstract: a, authors: [], source: { file, row: papers.length + 1, format: 'listing' } });
      i++;
    }
  }
  return papers;
}

export function readPapers(path: string, limit = Infinity): Paper[] {
  const text = readText(path);
  const file = basename(path);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    return (JSON.parse(trimmed) as Rec[]).slice(0, limit).map((r, i) => toPaper(r, i, file, 'json'));
  }
  if (trimmed.startsWith('{')) {
    const lines = trimmed.split('\n').filter((l) => l.trim());
    const out: Paper[] = [];
    for (let i = 0; i < lines.length && out.length < limit; i++) out.push(toPaper(JSON.parse(lines[i]) as Rec, i, file, 'jsonl'));
    return out;
  }
  return splitListing(text, file).slice(0, limit);
}
