/**
 * Column / field mapping: which source column holds which Paper field. Used by the
 * CSV parser (column headers) and the JSON parser (object keys).
 */

export type MappedField = 'title' | 'abstract' | 'authors' | 'year' | 'url' | 'doi' | 'arxivId' | 'venue' | 'keywords';
export type ColumnMapping = Partial<Record<MappedField, string>>;

/** Synonyms per field, best first, lower case and with separators collapsed to one space. */
const SYNONYMS: Record<MappedField, string[]> = {
  // Exporters' own names: IEEE Xplore "Document Title", SpringerLink "Item Title", Web of Science
  // tags (TI, AB, AF/AU, PY, DI, SO, DE) as in its tab-delimited export and in screening sheets.
  title: ['title', 'paper title', 'document title', 'item title', 'article title', 'primary title', 'ti', 'name'],
  abstract: ['abstract', 'summary', 'abstract note', 'abstractnote', 'ab', 'description'],
  authors: ['authors', 'author', 'creators', 'creator', 'author names', 'af', 'au', 'first authors', 'author full names'],
  year: ['year', 'publication year', 'py', 'date', 'published', 'pub year', 'publication date', 'publicationdate', 'date published'],
  url: ['url', 'link', 'pdf', 'pdf url', 'abs url', 'html url', 'pdf link'],
  doi: ['doi', 'di', 'item doi'],
  arxivId: ['arxiv id', 'arxivid', 'arxiv', 'eprint', 'id', 'paper id'],
  venue: ['venue', 'journal', 'booktitle', 'conference', 'publication title', 'container title', 'source title', 'so', 'journal title'],
  keywords: ['keywords', 'tags', 'categories', 'keyword', 'subjects', 'author keywords', 'de', 'manual tags'],
};

export const MAPPED_FIELDS = Object.keys(SYNONYMS) as MappedField[];

/** "Paper_Title" -> "paper title". */
export function normaliseHeader(h: string): string {
  return h
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[\s_\-.:]+/g, ' ')
    .trim();
}

/**
 * Guesses which header feeds which field. Exact synonym matches win by synonym rank;
 * a header can feed only one field. `ambiguous` lists fields for which several headers
 * matched equally well (the first one is used; the UI should ask).
 */
export function guessMapping(headers: string[]): { mapping: ColumnMapping; ambiguous: string[] } {
  const mapping: ColumnMapping = {};
  const ambiguous: string[] = [];
  const used = new Set<string>();
  const norm = headers.map(normaliseHeader);
  for (const field of MAPPED_FIELDS) {
    const syns = SYNONYMS[field];
    let bestRank = Infinity;
    const best: string[] = [];
    norm.forEach((h, i) => {
      if (used.has(headers[i])) return;
      const rank = syns.indexOf(h);
      if (rank < 0) return;
      if (rank < bestRank) {
        bestRank = rank;
        best.length = 0;
        best.push(headers[i]);
      } else if (rank === bestRank) best.push(headers[i]);
    });
    if (best.length > 0) {
      mapping[field] = best[0];
      used.add(best[0]);
      if (best.length > 1) ambiguous.push(field);
    }
  }
  return { mapping, ambiguous };
}
