/**
 * Keyword search over titles and abstracts: every whitespace-separated term
 * must occur (case-insensitive). Returns matching paper indices in input order.
 * Only the characters the page keeps for display are searched (util/limits.ts).
 */
import type { Paper } from '../types.ts';
import { head, MAX_ABSTRACT_CHARS, MAX_META_CHARS, MAX_TITLE_CHARS } from '../util/limits.ts';

export function keywordSearch(papers: Paper[], query: string): number[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!terms.length) return [];
  const hits: number[] = [];
  papers.forEach((p, i) => {
    // The kept characters only (see util/limits.ts): a 30 MB abstract is not lower-cased per keystroke.
    const hay = `${head(p.title, MAX_TITLE_CHARS)}\n${head(p.abstract, MAX_ABSTRACT_CHARS)}\n${head(p.authors.slice(0, 100).join(' '), MAX_META_CHARS)}`.toLowerCase();
    if (terms.every((t) => hay.includes(t))) hits.push(i);
  });
  return hits;
}
