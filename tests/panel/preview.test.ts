// @vitest-environment jsdom
import { describe, it, expect } from 'vitest';
import { createPreview, SAMPLE } from '../../src/panel/preview.ts';
import type { IngestResult, Paper } from '../../src/types.ts';

function paper(i: number, file = 'hf-daily-papers-listing.txt', over: Partial<Paper> = {}): Paper {
  return { id: `p${i}`, title: `Title ${i}`, abstract: 'x'.repeat(300), authors: [], source: { file, row: i + 1, format: 'listing' }, ...over };
}

function mount() {
  document.body.replaceChildren();
  const host = document.createElement('div');
  document.body.append(host);
  const calls: string[] = [];
  const view = createPreview(host, { onConfirm: () => calls.push('confirm'), onCancel: () => calls.push('cancel') });
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

  it('says "No papers found" and disables Map when nothing was read; hides on null', () => {
    const { root, view } = mount();
    view.update({ result: { papers: [], problems: [], formats: { 'pasted text': 'listing' } }, dupCount: 0 });
    expect(root().textContent).toContain('No papers found');
    expect(root().querySelector('[data-testid="preview-count"]')!.textContent).toBe('0');
    expect(root().querySelector<HTMLButtonElement>('[data-testid="preview-confirm"]')!.disabled).toBe(true);
    view.update(null);
    expect(root().hidden).toBe(true);
  });
});
