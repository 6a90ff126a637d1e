import { describe, it, expect } from 'vitest';
import { groupsForExport, jsonExportParts, toJson, type JsonExport } from '../../src/export/index.ts';
import { layoutOf, paper, PROV } from './helpers.ts';

describe('toJson', () => {
  it('round-trips: provenance, clusters, every row with its fields (duplicates kept, raw dropped)', () => {
    const evil = paper(1, { title: '</script><script>alert(1)</script>', raw: '@misc{x, title={y}}', extra: JSON.parse('{"__proto__": "x", "note": "n"}') });
    const papers = [paper(0), evil, paper(0)];
    const layout = layoutOf([0, 1, 0], [0, 1, 0]);
    const out = JSON.parse(toJson(papers, groupsForExport(papers, layout, new Map()), PROV)) as JsonExport;
    expect(out.provenance).toEqual(PROV);
    expect(out.clusters.map((c) => [c.id, c.size])).toEqual([[0, 2], [1, 1]]);
    const p = out.clusters[1].papers[0];
    expect(p.title).toBe(evil.title);
    expect(p.index).toBe(1);
    expect(p.source).toEqual(evil.source);
    expect('raw' in p).toBe(false);
    expect(Object.prototype.hasOwnProperty.call(p.extra, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).note).toBeUndefined();
    expect(out.clusters[0].papers.map((q) => q.index)).toEqual([0, 2]);
  });
});

describe('jsonExportParts makes each paper when it writes it', () => {
  it('reads a few papers for the first parts, not all of them (and writes what toJson writes)', () => {
    let reads = 0;
    const papers = Array.from({ length: 3000 }, (_, i) => {
      const p = paper(i);
      const title = p.title;
      Object.defineProperty(p, 'title', { enumerable: true, get: () => (reads++, title) });
      return p;
    });
    const groups = groupsForExport(papers, layoutOf(papers.map((_, i) => i % 2)), new Map());
    reads = 0;
    const parts = jsonExportParts(papers, groups, PROV);
    const first: string[] = [];
    for (let k = 0; k < 20; k++) first.push(parts.next().value as string);
    // The old exporter built all 3,000 exported papers before its first part.
    expect(reads).toBeLessThan(20);
    const rest = [...parts];
    expect(reads).toBeGreaterThanOrEqual(3000);
    expect(first.join('') + rest.join('')).toBe(toJson(papers, groups, PROV));
  });
});
