// @vitest-environment jsdom
import { describe, it, expect } from 'vitest';
import { createPreview, SAMPLE } from '../../src/panel/preview.ts';
import type { IngestResult, Paper } from '../../src/types.ts';
import type { FileInfo } from '../../src/app/ingest-batch.ts';

function paper(i: number, file = 'hf-daily-papers-listing.txt', over: Partial<Paper> = {}): Paper {
  return { id: `p${i}`, title: `Title ${i}`, abstract: 'x'.repeat(300), authors: [], source: { file, row: i + 1, format: 'listing' }, ...over };
}

function mount() {
  document.body.replaceChildren();
  const host = document.createElement('div');
  document.body.append(host);
  const calls: string[] = [];
  const view = createPreview(host, {
    onConfirm: () => calls.push('confirm'),
    onCancel: () => calls.push('cancel'),
    onCancelRead: () => calls.push('cancel-read'),
    onMapping: (file, mapping) => calls.push(`mapping ${file} ${JSON.stringify(mapping)}`),
    onEncoding: (file, enc) => calls.push(`encoding ${file} ${enc}`),
  });
  return { host, calls, view, root: () => host.querySelector<HTMLElement>('[data-testid="preview"]')! };
}

describe('preview', () => {
  it('summarises one file, samples papers, counts duplicates and missing abstracts', () => {
    const { root, view, calls } = mount();
    const papers = Array.from({ length: 68 }, (_, i) => paper(i, undefined, i === 3 ? { abstract: '' } : {}));
    const result: IngestResult = { papers, problems: [], formats: { 'hf-daily-papers-listing.txt': 'listing' } };
    view.update({ result, dupCount: 2 });
    expect(root().hidden).toBe(false);
    expect(root().querySelector('h2')!.textContent).toBe('68 papers found in hf-daily-papers-listing.txt (listing)');
    expect(root().querySelector('[data-testid="preview-count"]')!.textContent).toBe('68');
    expect(root().querySelectorAll('.ps-sample > li')).toHaveLength(SAMPLE);
    const snippet = root().querySelector('.ps-snippet')!.textContent!;
    expect(snippet).toBe('x'.repeat(160) + '…');
    expect(root().querySelector('.ps-stats')!.textContent).toContain('2 duplicates');
    expect(root().querySelector('.ps-stats')!.textContent).toContain('1 paper without an abstract');
    const confirm = root().querySelector<HTMLButtonElement>('[data-testid="preview-confirm"]')!;
    expect(confirm.textContent).toBe('Map 68 papers');
    confirm.click();
    root().querySelector<HTMLButtonElement>('[data-testid="preview-cancel"]')!.click();
    expect(calls).toEqual(['confirm', 'cancel']);
  });

  it('lists problems with severity and place, errors first, as text only', () => {
    const { root, view } = mount();
    const result: IngestResult = {
      papers: [paper(0, 'a.csv', { title: '<img src=x onerror=alert(1)>', abstract: '<script>alert(1)</script>' }), paper(1, 'b.bib')],
      problems: [
        { severity: 'warning', message: 'Row has 3 fields, expected 4', file: 'a.csv', row: 7 },
        { severity: 'error', message: '<img src=x onerror=alert(1)> unclosed brace', file: 'b.bib', row: 2, line: 14 },
      ],
      formats: { 'a.csv': 'csv', 'b.bib': 'bibtex', 'empty.json': 'json' },
    };
    view.update({ result, dupCount: 0 });
    expect(root().querySelector('h2')!.textContent).toBe('2 papers found in 3 files');
    expect([...root().querySelectorAll('.ps-files li')].map((l) => l.textContent)).toEqual([
      '1 paper found in a.csv (csv)', '1 paper found in b.bib (bibtex)', '0 papers found in empty.json (json)']);
    const items = [...root().querySelectorAll('.ps-problem')];
    expect(items[0].classList.contains('ps-error')).toBe(true);
    expect(items[0].textContent).toContain('b.bib:row 2:line 14');
    expect(items[1].textContent).toContain('Warning: Row has 3 fields');
    expect(root().querySelector('img, script')).toBeNull();
    expect(root().querySelector('.ps-sample .ps-title')!.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(root().querySelector<HTMLDetailsElement>('details.ps-problems')!.open).toBe(true);
  });

  it('says "No papers found" and shows no Map button when nothing was read; hides on null', () => {
    const { root, view } = mount();
    view.update({ result: { papers: [], problems: [], formats: { 'pasted text': 'listing' } }, dupCount: 0 });
    expect(root().textContent).toContain('No papers found');
    expect(root().querySelector('[data-testid="preview-count"]')!.textContent).toBe('0');
    expect(root().querySelector('[data-testid="preview-confirm"]')).toBeNull();
    expect(root().querySelector('[data-testid="preview-cancel"]')).not.toBeNull();
    view.update(null);
    expect(root().hidden).toBe(true);
  });

  it('leads with the arXiv-id message and offers no Map button', () => {
    const { root, view } = mount();
    const message = 'This looks like a list of arXiv ids. Fetching the papers would need a network connection (5 ids found)';
    view.update({ result: { papers: [], problems: [
      { severity: 'error', message, file: 'pasted text' },
      { severity: 'error', message: 'No papers found in pasted text', file: 'pasted text' }], formats: {} }, dupCount: 0 });
    expect(root().querySelector('[data-testid="preview-message"]')!.textContent).toBe(message);
    expect(root().querySelector('[data-testid="preview-confirm"]')).toBeNull();
    expect([...root().querySelectorAll('button')].some((b) => /^Map/.test(b.textContent ?? ''))).toBe(false);
  });

  it('shows a read in progress with a percentage and its own Cancel, then the preview again', () => {
    const { root, view, calls } = mount();
    view.update({ result: { papers: [paper(0)], problems: [], formats: {} }, dupCount: 0 });
    view.progress({ label: 'Reading papers.jsonl…', fraction: 0.4 });
    const line = root().querySelector('[data-testid="preview-progress"]')!;
    expect(line.textContent).toContain('Reading papers.jsonl… 40%');
    expect(root().querySelector<HTMLProgressElement>('progress')!.value).toBeCloseTo(0.4);
    expect(root().querySelector('[data-testid="preview-confirm"]')).toBeNull();
    root().querySelector<HTMLButtonElement>('[data-testid="preview-progress-cancel"]')!.click();
    expect(calls).toEqual(['cancel-read']);
    view.progress(null);
    expect(root().querySelector('[data-testid="preview-progress"]')).toBeNull();
    expect(root().querySelector('[data-testid="preview-confirm"]')!.textContent).toBe('Map 1 paper');
  });

  it('offers a column form for a CSV without title/abstract columns and reports the chosen mapping', () => {
    const { root, view, calls } = mount();
    const info: FileInfo = { name: 'odd.csv', format: 'csv', count: 0, offerEncoding: false, offerMapping: true,
      columns: ['Heading', 'Summary text', '<b>x</b>'], mapping: {}, ambiguous: [] };
    view.update({ result: { papers: [], problems: [{ severity: 'error', message: 'no title or abstract column found', file: 'odd.csv' }], formats: { 'odd.csv': 'csv' } }, dupCount: 0, files: [info] });
    const form = root().querySelector('[data-testid="mapping-form"]')!;
    expect(form.querySelector('legend')!.textContent).toBe('Columns of odd.csv');
    const selects = [...form.querySelectorAll('select')];
    expect(selects.map((s) => s.dataset.field)).toEqual(['title', 'abstract', 'authors', 'year', 'url', 'doi', 'arxivId', 'venue', 'keywords']);
    expect([...selects[0].options].map((o) => o.textContent)).toEqual(['(none)', 'Heading', 'Summary text', '<b>x</b>']);
    expect(form.querySelector('b')).toBeNull();
    // Every select has a visible label.
    for (const s of selects) expect(form.querySelector(`label[for="${s.id}"]`)).not.toBeNull();
    selects[0].value = 'Heading';
    selects[1].value = 'Summary text';
    form.querySelector<HTMLButtonElement>('[data-testid="mapping-apply"]')!.click();
    expect(calls).toEqual(['mapping odd.csv {"title":"Heading","abstract":"Summary text"}']);
  });

  it('preselects the current mapping and marks ambiguous fields', () => {
    const { root, view } = mount();
    const info: FileInfo = { name: 'a.csv', format: 'csv', count: 1, offerEncoding: false, offerMapping: true,
      columns: ['Paper Title', 'paper_title', 'Abstract'], mapping: { title: 'Paper Title', abstract: 'Abstract' }, ambiguous: ['title'] };
    view.update({ result: { papers: [paper(0, 'a.csv')], problems: [], formats: { 'a.csv': 'csv' } }, dupCount: 0, files: [info] });
    const title = root().querySelector<HTMLSelectElement>('select[data-field="title"]')!;
    expect(title.value).toBe('Paper Title');
    expect(title.classList.contains('ps-ambiguous')).toBe(true);
    expect(root().querySelector('.ps-mapping-hint')!.textContent).toMatch(/Several columns could be the Title/);
    expect(root().querySelector<HTMLSelectElement>('select[data-field="doi"]')!.selectedOptions[0].textContent).toBe('(none)');
  });

  it('offers an encoding picker for a file that was not UTF-8 and reports the choice', () => {
    const { root, view, calls } = mount();
    const info: FileInfo = { name: 'w.csv', format: 'csv', count: 1, encoding: 'windows-1252', offerEncoding: true, offerMapping: false };
    const plain: FileInfo = { name: 'ok.bib', format: 'bibtex', count: 1, encoding: 'utf-8', offerEncoding: false, offerMapping: false };
    view.update({ result: { papers: [paper(0, 'w.csv'), paper(1, 'ok.bib')], problems: [], formats: { 'w.csv': 'csv', 'ok.bib': 'bibtex' } }, dupCount: 0, files: [info, plain] });
    const pickers = [...root().querySelectorAll<HTMLSelectElement>('[data-testid="encoding-picker"]')];
    expect(pickers).toHaveLength(1);
    expect([...pickers[0].options].map((o) => o.value)).toEqual(['utf-8', 'windows-1252', 'iso-8859-1', 'utf-16le']);
    expect(pickers[0].value).toBe('windows-1252');
    pickers[0].value = 'iso-8859-1';
    pickers[0].dispatchEvent(new Event('change'));
    expect(calls).toEqual(['encoding w.csv iso-8859-1']);
  });

  it('shows per-file counts including files that gave nothing, and each paper\'s authors and year', () => {
    const { root, view } = mount();
    const papers = [paper(0, 'a.csv', { authors: ['Ana Ruiz', 'Tom Becker'], year: 2024 }), paper(1, 'b.ris')];
    view.update({ result: { papers, problems: [], formats: { 'a.csv': 'csv', 'b.ris': 'ris' } }, dupCount: 0,
      files: [{ name: 'a.csv', format: 'csv', count: 1, offerEncoding: false, offerMapping: false },
        { name: 'b.ris', format: 'ris', count: 1, offerEncoding: false, offerMapping: false },
        { name: 'c.txt', format: 'unknown', count: 0, offerEncoding: false, offerMapping: false }] });
    expect([...root().querySelectorAll('.ps-files li')].map((l) => l.getAttribute('data-count'))).toEqual(['1', '1', '0']);
    expect(root().querySelector('.ps-sample .ps-meta')!.textContent).toBe('Ana Ruiz, Tom Becker · 2024');
  });
});
