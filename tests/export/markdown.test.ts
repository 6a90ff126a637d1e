import { describe, it, expect } from 'vitest';
import { escapeMarkdown, groupsForExport, toMarkdown } from '../../src/export/index.ts';
import { layoutOf, paper, PROV } from './helpers.ts';

describe('escapeMarkdown', () => {
  it('escapes pipes, brackets, parentheses, backticks, emphasis and angle brackets', () => {
    expect(escapeMarkdown('a | b [c](d) `e` *f* _g_ <script>')).toBe('a \\| b \\[c\\]\\(d\\) \\`e\\` \\*f\\* \\_g\\_ \\<script\\>');
    expect(escapeMarkdown('back\\slash')).toBe('back\\\\slash');
    expect(escapeMarkdown('two\nlines')).toBe('two lines');
    expect(escapeMarkdown('&lt;b&gt; & co')).toBe('\\&lt;b\\&gt; & co');
  });
});

describe('toMarkdown', () => {
  const papers = [
    paper(0, { title: 'Graph | tables [x](javascript:alert(1))', url: 'https://ex.org/a_(b)' }),
    paper(1, { title: '<script>alert(1)</script>', url: 'javascript:alert(1)' }),
    paper(2, { title: 'Data URL', url: 'data:text/html,<b>x</b>', authors: ['A', 'B', 'C', 'D'] }),
    paper(0, { title: 'Graph | tables [x](javascript:alert(1))', url: 'https://ex.org/a_(b)' }),
  ];
  const layout = layoutOf([0, 0, 1, 0], [0, 1, 2, 0]);
  const md = toMarkdown(papers, groupsForExport(papers, layout, new Map([[1, 'Deep `learning` | misc']])), PROV);

  it('groups by cluster with counts, duplicates included', () => {
    expect(md).toContain('## label 0 (3)');
    expect(md).toContain('## Deep \\`learning\\` \\| misc (1)');
    expect(md.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(4);
  });

  it('links only http(s) URLs, percent-encoding parentheses', () => {
    expect(md).toContain('- [Graph \\| tables \\[x\\]\\(javascript:alert\\(1\\)\\)](https://ex.org/a_%28b%29)');
    expect(md).not.toMatch(/\]\((javascript|data):/);
    expect(md).toContain('- \\<script\\>alert\\(1\\)\\</script\\> — Author 1');
    expect(md).toContain('- Data URL — A, B, C et al.');
  });

  it('keeps an unlinked title that looks like a list marker inside its item', () => {
    const out = toMarkdown([paper(0, { title: '1. Intro' }), paper(1, { title: '- dash' })], groupsForExport([paper(0), paper(1)], layoutOf([0, 0]), new Map()), PROV);
    expect(out).toContain('- 1\\. Intro — Author 0');
    expect(out).toContain('- \\- dash — Author 1');
  });

  it('ends with a plain-text provenance footer', () => {
    const last = md.trim().split('\n').at(-1)!;
    expect(last).toMatch(/^_Exported by Paperscope 0\.1\.0/);
    expect(last).toContain(PROV.inputHash);
    expect(md).not.toContain('<!--');
  });
});
