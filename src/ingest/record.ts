/**
 * Turns a flat list of (column, string value) pairs plus a ColumnMapping into a RawRecord.
 * Shared by the CSV and JSON parsers so both read the same synonyms the same way.
 */
import { emptyExtra, parseArxivId, parseYear, splitAuthors, splitKeywords, type RawRecord } from './common.ts';
import { normaliseHeader, type ColumnMapping, type MappedField } from './mapping.ts';

/** Fields whose value is already given (e.g. JSON author arrays) override the string form. */
export interface Preset {
  authors?: string[];
  keywords?: string[];
}

/** Column -> field, built once per mapping object (a CSV reuses one mapping for every row). */
const byColumnCache = new WeakMap<ColumnMapping, Map<string, MappedField>>();
function columnsOf(mapping: ColumnMapping): Map<string, MappedField> {
  let byColumn = byColumnCache.get(mapping);
  if (!byColumn) {
    byColumn = new Map();
    for (const [field, col] of Object.entries(mapping) as Array<[MappedField, string | undefined]>) {
      if (col !== undefined) byColumn.set(col, field);
    }
    byColumnCache.set(mapping, byColumn);
  }
  return byColumn;
}

export function recordFromPairs(
  pairs: Array<[string, string]>,
  mapping: ColumnMapping,
  preset: Preset = {},
  authorSplit: (value: string) => string[] = splitAuthors,
): RawRecord {
  const byColumn = columnsOf(mapping);
  const rec: RawRecord = {};
  const extra = emptyExtra();
  for (const [col, value] of pairs) {
    const field = byColumn.get(col);
    const v = value.trim();
    if (field === undefined) {
      if (v) extra[col] = value;
      continue;
    }
    switch (field) {
      case 'title':
        rec.title = value;
        break;
      case 'abstract':
        rec.abstract = value;
        break;
      case 'authors':
        rec.authors = preset.authors ?? authorSplit(value);
        break;
      case 'year':
        rec.year = parseYear(v);
        // The full date text ("2024-06-14", "Mon, 2 Apr 2007") is kept beside the year.
        if (v && v !== String(rec.year)) extra[col] = value;
        break;
      case 'url':
        if (v) rec.url = v;
        break;
      case 'doi':
        if (v) rec.doi = v;
        break;
      case 'venue':
        if (v) rec.venue = v;
        break;
      case 'keywords':
        rec.keywords = preset.keywords ?? splitKeywords(value);
        break;
      case 'arxivId': {
        const id = parseArxivId(v);
        if (id) rec.arxivId = id;
        else if (v) {
          // A generic "id" column is a fine paper id even when it is not an arXiv id.
          const h = normaliseHeader(col);
          if (h === 'id' || h === 'paper id') rec.key = v;
          extra[col] = value;
        }
        break;
      }
    }
  }
  if (preset.authors && rec.authors === undefined) rec.authors = preset.authors;
  if (preset.keywords && rec.keywords === undefined) {
    const kw = preset.keywords.map((k) => k.trim()).filter((k) => k.length > 0);
    if (kw.length > 0) rec.keywords = kw;
  }
  if (!rec.arxivId && rec.url) rec.arxivId = parseArxivId(rec.url) ?? undefined;
  if (!rec.arxivId) delete rec.arxivId;
  rec.extra = extra;
  return rec;
}
