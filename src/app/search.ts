/**
 * Keyword search over titles and abstracts: every whitespace-separated term
 * must occur (case-insensitive). Returns matching paper indices in input order.
 */
import type { Paper } from '../types.ts';

export function keywordSearch(papers: Paper[], query: string): number[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!terms.length) return [];
  const hits: number[] = [];
  papers.forEach((p, i) => {
    const hay = `${p.title}\n${p.abstract}\n${p.authors.join(' ')}`.toLowerCase();
    if (terms.every((t) => hay.includes(t))) hits.push(i);
  });
  return hits;
}
