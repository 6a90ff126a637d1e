/**
 * The pre-embedding preview (RELIABILITY P15): what was read from each file, the first
 * few papers, every problem with its place, per-file encoding and column choices, and the
 * Map / Cancel decision. Nothing is embedded until the user confirms. While files are being
 * read it shows a progress line with its own Cancel instead.
 */
import type { IngestResult, Paper, Problem, Severity } from '../types.ts';
import type { FileInfo } from '../app/ingest-batch.ts';
import type { ColumnMapping } from '../ingest/mapping.ts';
import { NO_PAPERS_MESSAGE } from '../ingest/common.ts';
import { summariseDates } from '../ingest/dates.ts';
import { button, clip, el, plural } from './dom.ts';
import { encodingPicker, mappingForm } from './preview-controls.ts';
import { clipText, MAX_META_CHARS, MAX_TITLE_CHARS } from '../util/limits.ts';

export interface PreviewValue {
  result: IngestResult;
  /** Rows whose text duplicates an earlier row (they are mapped once, exported all). */
  dupCount: number;
  /** Per-file facts for the encoding picker and column-mapping form (absent: no controls). */
  files?: FileInfo[];
  /** A map is shown: offer to add these papers to it instead of mapping them alone. */
  canAdd?: boolean;
}

/** Above this many papers the preview offers to map only the first ones (RELIABILITY P5). */
export const MAP_CAP = 10_000;
/** Rough embedding cost per abstract on one core (WASM, measured ~70 ms), for the time estimate. */
const MS_PER_ABSTRACT_PER_CORE = 70;

export interface PreviewOptions {
  /** Maps the papers; `limit` maps only the first `limit` of them. */
  onConfirm(limit?: number): void;
  /** Adds the papers to the current map (offered when `canAdd`). */
  onAdd?(): void;
  onCancel(): void;
  /** Cancel of a read in progress. */
  onCancelRead?(): void;
  onMapping?(file: string, mapping: ColumnMapping): void;
  onEncoding?(file: string, encoding: string): void;
}

/** A read in progress: `fraction` 0..1, or null when unknown. */
export interface ReadProgress {
  label: string;
  fraction: number | null;
}

/** Glyphs are plain ASCII drawn in a coloured disc by panel.css (emoji fonts are not everywhere). */
/** Papers shown as a sample, and problems listed before "and N more". */
export const SAMPLE = 5;
export const MAX_PROBLEMS = 50;
const SNIPPET = 160;

const ICON: Record<Severity, { glyph: string; word: string }> = {
  error: { glyph: '!', word: 'Error' },
  warning: { glyph: '!', word: 'Warning' },
  info: { glyph: 'i', word: 'Note' },
};
const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function where(p: Problem): string {
  const parts = [p.file];
  if (p.row !== undefined) parts.push(`row ${p.row}`);
  if (p.line !== undefined) parts.push(`line ${p.line}`);
  return parts.join(':');
}

function problemItem(p: Problem): HTMLLIElement {
  const icon = ICON[p.severity] ?? ICON.info;
  return el('li', { class: `ps-problem ps-${p.severity}` },
    el('span', { class: 'ps-problem-icon', text: icon.glyph, attrs: { 'aria-hidden': 'true' } }),
    el('span', { class: 'ps-sr-only', text: `${icon.word}: ` }),
    el('span', { class: 'ps-problem-msg', text: p.message, attrs: { dir: 'auto' } }),
    el('span', { class: 'ps-problem-where', text: where(p), attrs: { dir: 'auto' } }));
}

function meta(p: Paper): string {
  const parts: string[] = [];
  if (p.authors.length) parts.push(p.authors.length > 3 ? `${p.authors.slice(0, 3).join(', ')} et al.` : p.authors.join(', '));
  if (p.date) parts.push(p.date.iso);
  else if (p.year !== undefined) parts.push(String(p.year));
  if (p.venue) parts.push(p.venue);
  return parts.join(' · ');
}

/** The message to lead with when nothing was read: the first real error, else a hint. */
function emptyMessage(problems: Problem[]): string {
  const err = problems.find((p) => p.severity === 'error' && !p.message.startsWith(NO_PAPERS_MESSAGE));
  return err
    ? err.message
    : 'No papers found. Paste a listing or drop a CSV, JSON, JSONL, BibTeX, RIS, Web of Science or PubMed file with at least a title per paper.';
}

/** "Dates: 60 to the day, 8 to the month, 2 year only, 5 without a date" (RELIABILITY: say what was read). */
export function datesLine(papers: readonly Paper[]): HTMLParagraphElement {
  const d = summariseDates(papers);
  const parts: string[] = [];
  if (d.day) parts.push(`${d.day.toLocaleString('en-US')} to the day`);
  if (d.month) parts.push(`${d.month.toLocaleString('en-US')} to the month`);
  if (d.year) parts.push(`${d.year.toLocaleString('en-US')} year only`);
  if (d.none) parts.push(`${d.none.toLocaleString('en-US')} without a date`);
  const dated = d.day + d.month + d.year;
  const text = dated ? `Dates: ${parts.join(', ')}` : 'No dates found (none of the papers has a date, arXiv id or year)';
  return el('p', { class: 'ps-stats ps-dates', text, attrs: { 'data-testid': 'preview-dates', 'data-day': String(d.day), 'data-month': String(d.month), 'data-year': String(d.year), 'data-none': String(d.none) } });
}

export function createPreview(container: HTMLElement, opts: PreviewOptions) {
  const root = el('section', { class: 'ps-preview', attrs: { 'data-testid': 'preview', 'aria-label': 'Preview of the input' } });
  root.hidden = true;
  container.append(root);
  let current: PreviewValue | null = null;
  let reading: ReadProgress | null = null;

  function renderProgress(p: ReadProgress) {
    root.replaceChildren();
    root.hidden = false;
    const pct = p.fraction === null ? '' : ` ${Math.round(p.fraction * 100)}%`;
    const bar = el('progress', { attrs: { max: '1', 'aria-label': 'Reading progress' } });
    if (p.fraction !== null) bar.value = p.fraction;
    root.append(el('div', { class: 'ps-reading', attrs: { 'data-testid': 'preview-progress', role: 'status' } },
      el('span', { class: 'ps-reading-text', text: `${p.label}${pct}`, attrs: { dir: 'auto' } }),
      bar,
      button('Cancel', 'btn small', () => opts.onCancelRead?.(), { 'data-testid': 'preview-progress-cancel' })));
  }

  function controls(files: FileInfo[]): HTMLElement | null {
    const parts: HTMLElement[] = [];
    for (const f of files) {
      if (f.offerEncoding && opts.onEncoding) parts.push(encodingPicker(f, (enc) => opts.onEncoding?.(f.name, enc)));
      if (f.offerMapping && opts.onMapping) parts.push(mappingForm(f, (m) => opts.onMapping?.(f.name, m)));
    }
    return parts.length ? el('div', { class: 'ps-file-controls' }, ...parts) : null; // spread-ok: at most two controls
  }

  function render(v: PreviewValue | null) {
    root.replaceChildren();
    root.hidden = v === null;
    if (!v) return;
    const { papers, problems, formats } = v.result;
    const n = papers.length;

    const perFile = new Map<string, number>();
    for (const f of Object.keys(formats)) perFile.set(f, 0);
    for (const f of v.files ?? []) if (!perFile.has(f.name)) perFile.set(f.name, 0);
    for (const p of papers) perFile.set(p.source.file, (perFile.get(p.source.file) ?? 0) + 1);
    const fileLine = (file: string, count: number) => {
      const fmt = formats[file] ?? papers.find((p) => p.source.file === file)?.source.format;
      const exporter = v.result.exporters?.[file];
      const kind = [fmt, exporter].filter(Boolean).join(', ');
      return `${count === 1 ? 'paper' : 'papers'} found in ${file}${kind ? ` (${kind})` : ''}`;
    };

    const count = el('span', { attrs: { 'data-testid': 'preview-count' }, text: n.toLocaleString('en-US') });
    const title = el('h2', { class: 'ps-preview-title' }, count, ' ');
    if (n === 0) title.append('papers found');
    else if (perFile.size === 1) title.append(fileLine([...perFile.keys()][0], n));
    else title.append(`papers found in ${perFile.size} files`);
    root.append(title);

    if (perFile.size > 1) {
      root.append(el('ul', { class: 'ps-files' }, ...[...perFile].map(([f, c]) => // spread-ok: one item per file the user chose
        el('li', { attrs: { dir: 'auto', 'data-file': f, 'data-count': String(c) }, text: `${c.toLocaleString('en-US')} ${fileLine(f, c)}` }))));
    }

    if (n === 0) {
      root.append(el('p', { class: 'ps-empty ps-lead', text: emptyMessage(problems), attrs: { 'data-testid': 'preview-message', dir: 'auto' } }));
    }
    const tools = controls(v.files ?? []);
    if (tools) root.append(tools);

    if (n > 0) {
      const missing = papers.reduce((s, p) => s + (p.abstract.trim() === '' ? 1 : 0), 0);
      const stats: string[] = [];
      if (v.dupCount > 0) stats.push(`${plural(v.dupCount, 'duplicate')} (mapped once, all kept in exports)`);
      if (missing > 0) stats.push(`${plural(missing, 'paper')} without an abstract (title used)`);
      if (stats.length) root.append(el('p', { class: 'ps-stats', text: stats.join(' · '), attrs: { 'data-testid': 'preview-stats' } }));
      root.append(datesLine(papers));

      const sample = el('ol', { class: 'ps-sample' });
      for (const p of papers.slice(0, SAMPLE)) {
        const li = el('li', {}, el('div', { class: 'ps-title', text: clipText(p.title, MAX_TITLE_CHARS) || '(untitled)', attrs: { dir: 'auto' } }));
        const m = meta(p);
        if (m) li.append(el('div', { class: 'ps-meta', text: clipText(m, MAX_META_CHARS), attrs: { dir: 'auto' } }));
        if (p.abstract.trim()) li.append(el('div', { class: 'ps-snippet', text: clip(p.abstract, SNIPPET), attrs: { dir: 'auto' } }));
        sample.append(li);
      }
      root.append(sample);
      if (n > SAMPLE) root.append(el('p', { class: 'ps-muted', text: `…and ${plural(n - SAMPLE, 'more paper')}` }));
    }

    if (problems.length) {
      const sortedProblems = [...problems].sort((a, b) => (RANK[a.severity] ?? 3) - (RANK[b.severity] ?? 3));
      const errors = problems.filter((p) => p.severity === 'error').length;
      const details = el('details', { class: 'ps-problems' },
        el('summary', { text: `${plural(problems.length, 'problem')}${errors ? ` (${plural(errors, 'error')})` : ''}` }),
        el('ul', {}, ...sortedProblems.slice(0, MAX_PROBLEMS).map(problemItem))); // spread-ok: at most MAX_PROBLEMS
      if (problems.length > MAX_PROBLEMS) details.append(el('p', { class: 'ps-muted', text: `…and ${plural(problems.length - MAX_PROBLEMS, 'more problem')}` }));
      // Errors mean papers were dropped: show them open so nobody maps a partial file unknowingly.
      details.open = errors > 0 || problems.length <= 5;
      root.append(details);
    }

    // Nothing read (an arXiv id list, an unreadable file): no Map button at all.
    const actions = el('div', { class: 'ps-actions' });
    if (n > MAP_CAP) {
      // Embedding is the slow part: say how long "all" takes and default to a first slice.
      const cores = Math.max(1, Math.min(4, globalThis.navigator?.hardwareConcurrency ?? 2));
      const minutes = Math.ceil((n * MS_PER_ABSTRACT_PER_CORE) / cores / 60_000);
      root.append(
        el('p', {
          class: 'ps-cap',
          attrs: { 'data-testid': 'preview-cap' },
          text: `Mapping all ${n.toLocaleString('en-US')} papers takes about ${minutes} min on this device (embeddings are cached, so it is paid once). You can map the first ${MAP_CAP.toLocaleString('en-US')} now and add the rest later.`,
        }),
      );
      actions.append(button(`Map the first ${MAP_CAP.toLocaleString('en-US')}`, 'btn primary', () => opts.onConfirm(MAP_CAP), { 'data-testid': 'preview-confirm-cap' }));
      actions.append(button(`Map all ${plural(n, 'paper')}`, 'btn', () => opts.onConfirm(), { 'data-testid': 'preview-confirm' }));
    } else if (n > 0) {
      actions.append(button(`Map ${plural(n, 'paper')}`, 'btn primary', () => opts.onConfirm(), { 'data-testid': 'preview-confirm' }));
    }
    if (n > 0 && v.canAdd && opts.onAdd) {
      actions.append(button(`Add ${plural(n, 'paper')} to the current map`, 'btn', () => opts.onAdd?.(), { 'data-testid': 'preview-add' }));
    }
    actions.append(button('Cancel', 'btn', () => opts.onCancel(), { 'data-testid': 'preview-cancel' }));
    root.append(actions);
  }

  return {
    update(v: PreviewValue | null) {
      current = v;
      reading = null;
      render(v);
    },
    /** Shows a read in progress in place of the preview; null restores the preview. */
    progress(p: ReadProgress | null) {
      reading = p;
      if (p) renderProgress(p);
      else render(current);
    },
    get reading() {
      return reading !== null;
    },
    destroy() {
      root.remove();
    },
  };
}
