/**
 * Keyword search over titles and abstracts: every whitespace-separated term
 * must occur (case-insensitive). Returns matching paper indices in input order.
 * Only the characters the page keeps for display are searched (util/limits.ts).
 *
 * The page runs it in time slices (`searchTask` with util/slice.ts), cancelled by the next
 * keystroke: 100,000 papers took over a second in one task (issue 16).
 */
import type { Paper } from '../types.ts';
import { head, MAX_ABSTRACT_CHARS, MAX_META_CHARS, MAX_TITLE_CHARS } from '../util/limits.ts';
import { runSync, type Task } from '../util/slice.ts';

/** Papers searched between checkpoints. */
const STEP = 256;

export function* searchTask(papers: Paper[], query: string): Task<number[]> {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!terms.length) return [];
  const hits: number[] = [];
  for (let i = 0; i < papers.length; i++) {
    if (i % STEP === STEP - 1) yield;
    const p = papers[i];
    // The kept characters only (see util/limits.ts): a 30 MB abstract is not lower-cased per keystroke.
    const hay = `${head(p.title, MAX_TITLE_CHARS)}\n${head(p.abstract, MAX_ABSTRACT_CHARS)}\n${head(p.authors.slice(0, 100).join(' '), MAX_META_CHARS)}`.toLowerCase();
    if (terms.every((t) => hay.includes(t))) hits.push(i);
  }
  return hits;
}

export function keywordSearch(papers: Paper[], query: string): number[] {
  return runSync(searchTask(papers, query));
}
