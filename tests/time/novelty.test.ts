import { describe, expect, it } from 'vitest';
import { newSince, novelty } from '../../src/time/novelty.ts';
import { colourableFields, colourByDate, colourByField, packHex } from '../../src/time/color-by.ts';
import { buildTimeline } from '../../src/time/periods.ts';
import { parseIsoDate } from '../../src/ingest/dates.ts';
import type { ClusterInfo, Paper } from '../../src/types.ts';

const cl = (id: number, size: number): ClusterInfo => ({ id, label: `c${id}`, terms: [], size, members: [], cx: 0, cy: 0 });

describe('novelty', () => {
  it('joined clusters, formed clusters (2/3 new), unclustered', () => {
    const clusterOf = [0, 0, 0, 0, 1, 1, 1, 2, -1];
    const isNew = Uint8Array.from([0, 0, 0, 1, 1, 1, 0, 0, 1]);
    const n = novelty(isNew, clusterOf, [cl(0, 4), cl(1, 3), cl(2, 1)]);
    expect(n.count).toBe(4);
    expect(n.joined).toEqual([{ id: 0, n: 1 }]);
    expect(n.formed).toEqual([{ id: 1, n: 2, size: 3 }]);
    expect(n.unclustered).toBe(1);
  });
  it('new since a day: month and year dates count when their period starts on or after it', () => {
    const dates = ['2025-03-01', '2025-02-28', '2025-03', '2025', '2026', undefined].map((s) => (s ? parseIsoDate(s)! : undefined));
    expect(Array.from(newSince(dates, '2025-03-01'))).toEqual([1, 0, 1, 0, 1, 0]);
  });
});

describe('colour by', () => {
  const paper = (file: string, venue?: string): Paper => ({ id: file, title: 't', abstract: '', authors: [], venue, source: { file, row: 1, format: 'csv' } });
  it('offers fields with few values that most papers have', () => {
    const ps = [paper('a.csv', 'ICML'), paper('a.csv', 'NeurIPS'), paper('b.csv', 'ICML'), paper('b.csv')];
    expect(colourableFields(ps)).toEqual(['source file', 'venue']);
    expect(colourableFields([paper('a.csv'), paper('a.csv')])).toEqual([]);
  });
  it('field colours: most frequent value first, missing grey, legend counts add up', () => {
    const ps = [paper('a', 'X'), paper('b', 'Y'), paper('c', 'Y'), paper('d')];
    const c = colourByField(ps, 'venue');
    expect(c.legend.map((e) => [e.label, e.count])).toEqual([['Y', 2], ['X', 1], ['none', 1]]);
    expect(c.css[1]).toBe(c.css[2]);
    expect(c.packed[1]).toBe(packHex(c.css[1]));
    expect(c.css[3]).toBe(c.legend[2].color);
  });
  it('date colours run from the first to the last period; undated grey', () => {
    const t = buildTimeline(['2025-01', '2025-02', '2025-03', undefined].map((s) => (s ? parseIsoDate(s)! : undefined)));
    const c = colourByDate(t);
    expect(new Set(c.css.slice(0, 3)).size).toBe(3);
    expect(c.legend.map((e) => e.label)).toEqual(['2025-01', '2025-02', '2025-03', 'no month']);
  });
});
