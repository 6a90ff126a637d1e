import { describe, it, expect } from 'vitest';
import { paperLink, safeUrl } from '../../src/export/index.ts';
import { paper } from './helpers.ts';

describe('safeUrl', () => {
  it('keeps http and https links', () => {
    expect(safeUrl('https://arxiv.org/abs/2401.00001')).toBe('https://arxiv.org/abs/2401.00001');
    expect(safeUrl('  http://example.org/a b ')).toBe('http://example.org/a%20b');
  });
  it.each(['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox', 'file:///etc/passwd', '/relative/path', 'example.org', '', undefined])('drops %s', (u) => {
    expect(safeUrl(u)).toBeUndefined();
  });
});

describe('paperLink', () => {
  it('falls back to a DOI link, then an arXiv link, when the URL is unsafe or missing', () => {
    expect(paperLink(paper(0, { url: 'javascript:alert(1)', doi: '10.1000/xyz.123' }))).toBe('https://doi.org/10.1000/xyz.123');
    expect(paperLink(paper(0, { arxivId: '2401.01234v2' }))).toBe('https://arxiv.org/abs/2401.01234v2');
    expect(paperLink(paper(0, { doi: 'javascript:alert(1)' }))).toBeUndefined();
    expect(paperLink(paper(0))).toBeUndefined();
  });
});
