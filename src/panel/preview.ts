/**
 * The pre-embedding preview (RELIABILITY P15): what was read from each file, the first
 * few papers, every problem with its place, and the Map / Cancel decision. Nothing is
 * embedded until the user confirms.
 */
import type { IngestResult, Problem, Severity } from '../types.ts';
import { button, clip, el, plural } from './dom.ts';

export interface PreviewValue {
  result: IngestResult;
  /** Rows whose text duplicates an earlier row (they are mapped once, exported all). */
  dupCount: number;
}

export interface PreviewOptions {
  onConfirm(): void;
  onCancel(): void;
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

export function createPreview(container: HTMLElement, opts: PreviewOptions) {
  const root = el('section', { class: 'ps-preview', attrs: { 'data-testid': 'preview', 'aria-label': 'Preview of the input' } });
  root.hidden = true;
  container.append(root);

  function render(v: PreviewValue | null) {
    root.replaceChildren();
    root.hidden = v === null;
    if (!v) return;
    const { papers, problems, formats } = v.result;
    const n = papers.length;

    const perFile = new Map<string, number>();
    for (const f of Object.keys(formats)) perFile.set(f, 0);
    for (const p of papers) perFile.set(p.source.file, (perFile.get(p.source.file) ?? 0) + 1);
    const fileLine = (file: string, count: number) => {
      const fmt = formats[file] ?? papers.find((p) => p.source.file === file)?.source.format;
      return `${count === 1 ? 'paper' : 'papers'} found in ${file}${fmt ? ` (${fmt})` : ''}`;
    };

    const count = el('span', { attrs: { 'data-testid': 'preview-count' }, text: n.toLocaleString('en-US') });
    const title = el('h2', { class: 'ps-preview-title' }, count, ' ');
    if (n === 0) title.append('papers found');
    else if (perFile.size === 1) title.append(fileLine([...perFile.keys()][0], n));
    else title.append(`papers found in ${perFile.size} files`);
    root.append(title);

    if (perFile.size > 1) {
      root.append(el('ul', { class: 'ps-files' }, ...[...perFile].map(([f, c]) => el('li', { attrs: { dir: 'auto' }, text: `${c.toLocaleString('en-US')} ${fileLine(f, c)}` }))));
    }

    if (n === 0) {
      root.append(el('p', { class: 'ps-empty', text: 'No papers found. Paste a listing or drop a CSV, JSON, JSONL, BibTeX or RIS file with at least a title per paper.' }));
    } else {
      const missing = papers.reduce((s, p) => s + (p.abstract.trim() === '' ? 1 : 0), 0);
      const stats: string[] = [];
      if (v.dupCount > 0) stats.push(`${plural(v.dupCount, 'duplicate')} (mapped once, all kept in exports)`);
      if (missing > 0) stats.push(`${plural(missing, 'paper')} without an abstract (title used)`);
      if (stats.length) root.append(el('p', { class: 'ps-stats', text: stats.join(' · ') }));

      const sample = el('ol', { class: 'ps-sample' });
      for (const p of papers.slice(0, SAMPLE)) {
        const li = el('li', {}, el('div', { class: 'ps-title', text: p.title || '(untitled)', attrs: { dir: 'auto' } }));
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
        el('ul', {}, ...sortedProblems.slice(0, MAX_PROBLEMS).map(problemItem)));
      if (problems.length > MAX_PROBLEMS) details.append(el('p', { class: 'ps-muted', text: `…and ${plural(problems.length - MAX_PROBLEMS, 'more problem')}` }));
      // Errors mean papers were dropped: show them open so nobody maps a partial file unknowingly.
      details.open = errors > 0 || problems.length <= 5;
      root.append(details);
    }

    const confirm = button(n ? `Map ${plural(n, 'paper')}` : 'Nothing to map', 'btn primary', () => opts.onConfirm(), { 'data-testid': 'preview-confirm' });
    confirm.disabled = n === 0;
    root.append(el('div', { class: 'ps-actions' }, confirm, button('Cancel', 'btn', () => opts.onCancel(), { 'data-testid': 'preview-cancel' })));
  }

  return {
    update(v: PreviewValue | null) {
      render(v);
    },
    destroy() {
      root.remove();
    },
  };
}
