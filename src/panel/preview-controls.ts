/**
 * Per-file controls in the preview: the encoding picker (a file that was not UTF-8) and
 * the column-mapping form (a CSV/TSV whose title/abstract columns were not found or were
 * ambiguous). Both only report the user's choice; the caller re-reads the file.
 */
import type { ColumnMapping, MappedField } from '../ingest/mapping.ts';
import { MAPPED_FIELDS } from '../ingest/mapping.ts';
import type { FileInfo } from '../app/ingest-batch.ts';
import { button, el } from './dom.ts';

export const ENCODINGS = ['utf-8', 'windows-1252', 'iso-8859-1', 'utf-16le'] as const;

const FIELD_LABEL: Record<MappedField, string> = {
  title: 'Title',
  abstract: 'Abstract',
  authors: 'Authors',
  year: 'Year',
  url: 'URL',
  doi: 'DOI',
  arxivId: 'arXiv id',
  venue: 'Venue',
  keywords: 'Keywords',
};

/** Value of the "(none)" option; header names can be any text, so it is not a plausible name. */
const NONE = '\u0000none';

let uid = 0;

function select(id: string, values: readonly string[], current: string | undefined, labels: (v: string) => string = (v) => v): HTMLSelectElement {
  const s = el('select', { attrs: { id } });
  for (const v of values) {
    const o = el('option', { text: labels(v) });
    o.value = v;
    o.selected = v === current;
    s.append(o);
  }
  return s;
}

export function encodingPicker(info: FileInfo, onPick: (encoding: string) => void): HTMLElement {
  const id = `ps-enc-${++uid}`;
  const values = ENCODINGS.includes(info.encoding as (typeof ENCODINGS)[number]) ? ENCODINGS : [...ENCODINGS, info.encoding ?? 'utf-8'];
  const s = select(id, values, info.encoding);
  s.dataset.testid = 'encoding-picker';
  s.addEventListener('change', () => onPick(s.value));
  return el('div', { class: 'ps-encoding', attrs: { 'data-file': info.name } },
    el('label', { attrs: { for: id }, text: `Text encoding of ${info.name}` }),
    s,
    el('span', { class: 'ps-muted', text: 'If accents or quotes look wrong in the papers below, try another encoding.' }));
}

export function mappingForm(info: FileInfo, onApply: (mapping: ColumnMapping) => void): HTMLElement {
  const columns = info.columns ?? [];
  const mapping = info.mapping ?? {};
  const missing = mapping.title === undefined && mapping.abstract === undefined;
  const ambiguous = info.ambiguous ?? [];
  const hint = missing
    ? 'No title or abstract column was recognised. Choose the columns to use, then apply.'
    : ambiguous.length
      ? `Several columns could be the ${ambiguous.map((f) => FIELD_LABEL[f as MappedField] ?? f).join(', ')}: the first was used. Check the columns, then apply.`
      : 'Columns used for each field. Change them and apply to read the file again.';
  const selects = new Map<MappedField, HTMLSelectElement>();
  const grid = el('div', { class: 'ps-mapping-grid' });
  for (const field of MAPPED_FIELDS) {
    const id = `ps-map-${++uid}`;
    const s = select(id, [NONE, ...columns], mapping[field] ?? NONE, (v) => (v === NONE ? '(none)' : v));
    s.name = field;
    s.dataset.field = field;
    if (ambiguous.includes(field)) s.classList.add('ps-ambiguous');
    selects.set(field, s);
    grid.append(el('label', { attrs: { for: id }, text: FIELD_LABEL[field] }), s);
  }
  const apply = button('Apply columns', 'btn small primary', () => {
    const chosen: ColumnMapping = {};
    for (const [field, s] of selects) if (s.value !== NONE) chosen[field] = s.value;
    onApply(chosen);
  }, { 'data-testid': 'mapping-apply' });
  const box = el('fieldset', { class: 'ps-mapping', attrs: { 'data-testid': 'mapping-form', 'data-file': info.name } },
    el('legend', { text: `Columns of ${info.name}`, attrs: { dir: 'auto' } }),
    el('p', { class: 'ps-mapping-hint', text: hint }),
    grid,
    el('div', { class: 'ps-mapping-actions' }, apply));
  return box;
}
