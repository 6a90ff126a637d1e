// @vitest-environment jsdom
import { describe, it, expect } from 'vitest';
import { createPaperList, PAGE } from '../../src/panel/paper-list.ts';
import { termPattern } from '../../src/panel/highlight.ts';
import type { Paper } from '../../src/types.ts';

function paper(i: number, over: Partial<Paper> = {}): Paper {
  return { id: `p${i}`, title: `Paper ${i}`, abstract: `Abstract ${i}.`, authors: ['Ann Lee'], year: 2024, source: { file: 'f', row: i + 1, format: 'csv' }, ...over };
}

function mount(papers: Paper[], indices = papers.map((_, i) => i), terms: string[] = [], dups = () => 1) {
  document.body.replaceChildren();
  const host = document.createElement('div');
  document.body.append(host);
  const hovered: (number | null)[] = [];
  const view = createPaperList(host, { onHover: (i) => hovered.push(i) });
  view.update({ papers, indices, terms: () => terms, dupCount: dups, clusterLabel: () => 'graph · learning' });
  return { host, view, hovered, list: host.querySelector<HTMLElement>('[data-testid="paper-list"]')! };
}

describe('paper list', () => {
  it('renders a hostile title as literal text and creates no element from it (P9/S1)', () => {
    const evil = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const { list } = mount([paper(0, { title: evil, abstract: evil, authors: [evil], url: 'https://ok.org' })], [0], ['img']);
    expect(list.querySelector('img, script')).toBeNull();
    expect(list.querySelector('.ps-title')!.textContent).toBe(evil);
    expect(list.querySelector('.ps-title')!.getAttribute('dir')).toBe('auto');
  });

  it('links only http(s) URLs, opening them safely; javascript: and data: get no href', () => {
    const { list } = mount([
      paper(0, { url: 'https://arxiv.org/abs/1' }),
      paper(1, { url: 'javascript:alert(1)' }),
      paper(2, { url: 'data:text/html,<script>x</script>' }),
      paper(3, { url: 'javascript:alert(1)', doi: '10.1000/abc' }),
    ]);
    const hrefs = [...list.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(['https://arxiv.org/abs/1', 'https://doi.org/10.1000/abc']);
    for (const a of list.querySelectorAll('a')) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    }
    expect(list.querySelectorAll('.paper-item')).toHaveLength(4);
  });

  it('wraps cluster terms in <mark>, case-insensitively and whole-word only', () => {
    const abstract = 'Graph networks beat GRAPHS; a paragraph is not a graph. Self-supervised learning (learning!) helps. One language model, many modelers.';
    const { list } = mount([paper(0, { abstract })], [0], ['graph', 'self supervised', 'learning', '(', 'language models']);
    const marks = [...list.querySelectorAll('.ps-abstract mark')].map((m) => m.textContent);
    expect(marks).toEqual(['Graph', 'GRAPHS', 'graph', 'Self-supervised', 'learning', 'learning', 'language model']);
    expect(list.querySelector('.ps-abstract')!.textContent).toBe(abstract);
    expect(list.querySelector('details > summary')!.textContent).toBe('Abstract');
  });

  it('shows a count heading and a duplicate badge', () => {
    const { list } = mount([paper(0), paper(1), paper(2)], [0, 2], [], () => 3);
    expect(list.querySelector('h3')!.textContent).toBe('2 papers selected');
    expect(list.querySelector('.ps-badge')!.textContent).toBe('×3');
  });

  it('caps rendering and pages in more with "Show more" (5,000 papers)', () => {
    const papers = Array.from({ length: 5000 }, (_, i) => paper(i));
    const { list } = mount(papers);
    expect(list.querySelectorAll('.paper-item')).toHaveLength(PAGE);
    expect(list.querySelector('h3')!.textContent).toBe('5,000 papers selected');
    const more = list.querySelector<HTMLButtonElement>('.ps-more')!;
    expect(more.hidden).toBe(false);
    more.click();
    expect(list.querySelectorAll('.paper-item')).toHaveLength(2 * PAGE);
  });

  it('reports hover for map highlighting and shows an empty state', () => {
    const { host, hovered, view } = mount([paper(0), paper(1)]);
    const items = host.querySelectorAll('.paper-item');
    items[1].dispatchEvent(new MouseEvent('mouseenter'));
    items[1].dispatchEvent(new MouseEvent('mouseleave'));
    expect(hovered).toEqual([1, null]);
    view.update({ papers: [], indices: [], terms: () => [], dupCount: () => 1, clusterLabel: () => '' });
    expect(host.querySelector('h3')!.textContent).toBe('No papers selected');
    expect(host.querySelectorAll('.paper-item')).toHaveLength(0);
  });
});

describe('termPattern', () => {
  it('escapes regex metacharacters in terms', () => {
    const re = termPattern(['c++', 'a.b'])!;
    expect('use c++ and a.b, not axb'.match(re)).toEqual(['c++', 'a.b']);
    expect(termPattern([' ', 'x'])).toBeNull();
  });
});

describe('paper list: a rename', () => {
  it('changes the shown cluster tags in place, without rebuilding the items', () => {
    const papers = Array.from({ length: PAGE + 50 }, (_, i) => paper(i));
    const { list, view } = mount(papers);
    const before = [...list.querySelectorAll('.paper-item')];
    expect(before).toHaveLength(PAGE);
    view.relabel((i) => (i % 2 ? 'renamed topic' : ''));
    const after = [...list.querySelectorAll('.paper-item')];
    // The same elements (nothing rebuilt), with the new tags; an empty label drops the tag.
    expect(after.every((li, k) => li === before[k])).toBe(true);
    expect(after[1].querySelector('.ps-cluster-tag')!.textContent).toBe('renamed topic');
    expect(after[0].querySelector('.ps-cluster-tag')).toBeNull();
    view.relabel(() => 'back');
    expect(after[0].querySelector('.ps-cluster-tag')!.textContent).toBe('back');
    // The tag sits before the abstract, as a fresh render puts it.
    expect(after[0].querySelector('.ps-cluster-tag')!.nextElementSibling!.className).toBe('ps-details');
  });
});
