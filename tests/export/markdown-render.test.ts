// @vitest-environment jsdom
import { describe, it, expect } from 'vitest';
import MarkdownIt from 'markdown-it';
import { groupsForExport, toMarkdown } from '../../src/export/index.ts';
import { layoutOf, paper, PROV } from './helpers.ts';

/** Renders with a real CommonMark renderer, HTML allowed (the worst case: GitHub-like viewers), and parses the result. */
function render(md: string): Document {
  const html = new MarkdownIt({ html: true, linkify: false }).render(md);
  return new DOMParser().parseFromString(html, 'text/html');
}

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '[click](javascript:alert(1))',
  '![x](https://evil.example/track.png)',
  '`code` | pipe | *em* _em_ **strong**',
  '&lt;b&gt;entity&lt;/b&gt;',
  '<a href="javascript:alert(1)">x</a>',
  '1. looks like a list',
  '# looks like a heading',
  'back\\slash \\[not a link\\](x)',
  '<!-- comment -->',
];

describe('Markdown export rendered by markdown-it', () => {
  const papers = HOSTILE.map((title, i) => paper(i, { title, authors: [title], venue: title, url: i % 2 ? 'javascript:alert(1)' : 'https://ok.example/p?a=(1)' }));
  const layout = layoutOf(papers.map((_, i) => i % 3));
  const labels = new Map([[0, '<script>alert(1)</script> | [x](javascript:y)']]);
  const md = toMarkdown(papers, groupsForExport(papers, layout, labels), PROV);
  const doc = render(md);

  it('creates no element from paper text: no script, img, raw HTML or foreign links', () => {
    expect(doc.querySelectorAll('script, img, iframe, table')).toHaveLength(0);
    const hrefs = [...doc.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs.length).toBe(Math.ceil(HOSTILE.length / 2));
    for (const h of hrefs) expect(h).toBe('https://ok.example/p?a=%281%29');
  });

  it('shows each title exactly as written', () => {
    const items = [...doc.querySelectorAll('li')];
    expect(items).toHaveLength(papers.length);
    const texts = items.map((li) => li.textContent ?? '');
    for (const title of HOSTILE) expect(texts.some((t) => t.startsWith(title + ' — '))).toBe(true);
    expect(doc.querySelector('h2')!.textContent).toBe('<script>alert(1)</script> | [x](javascript:y) (4)');
  });
});
