/**
 * Which tool wrote a table, from its column names: used to name the exporter in the preview
 * and to split its author column the way that exporter joins names.
 */
import { splitAuthors, splitConcatenatedAuthors } from './common.ts';
import { normaliseHeader } from './mapping.ts';

export interface TableExporter {
  name: string;
  splitAuthors: (value: string) => string[];
}

const has = (h: Set<string>, ...names: string[]) => names.every((n) => h.has(n));

export function tableExporter(columns: string[]): TableExporter | undefined {
  const h = new Set(columns.map(normaliseHeader));
  const generic = (name: string): TableExporter => ({ name, splitAuthors });
  if (has(h, 'pt', 'ti') && (h.has('ut') || h.has('au') || h.has('so'))) return generic('Web of Science');
  if (has(h, 'document title') && (h.has('pdf link') || h.has('author affiliations') || h.has('ieee terms'))) return generic('IEEE Xplore');
  if (has(h, 'item title') && (h.has('content type') || h.has('item doi'))) return { name: 'SpringerLink', splitAuthors: splitConcatenatedAuthors };
  if (has(h, 'source title') && (h.has('eid') || h.has('author(s) id') || h.has('authors with affiliations') || h.has('link'))) return generic('Scopus');
  if (has(h, 'item type', 'abstract note')) return generic('Zotero');
  if (h.has('ti') && h.has('ab')) return generic('screening sheet (Web of Science tags)');
  if (h.has('forum') || (h.has('decision') && h.has('abstract'))) return generic('OpenReview');
  if (has(h, 'acronym') || (h.has('issue date') && h.has('conf loc'))) return generic('ACM Digital Library');
  if (h.has('mendeley tags') || (h.has('file attached') && h.has('read'))) return generic('Mendeley');
  return undefined;
}
