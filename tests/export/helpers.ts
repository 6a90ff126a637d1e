import type { ClusterInfo, Layout, Paper } from '../../src/types.ts';
import type { Provenance } from '../../src/export/index.ts';
import { DEFAULT_SETTINGS } from '../../src/types.ts';

export function paper(i: number, over: Partial<Paper> = {}): Paper {
  return {
    id: `p${i}`,
    title: `Paper number ${i}`,
    abstract: `Abstract of paper ${i}.`,
    authors: [`Author ${i}`],
    year: 2020 + (i % 5),
    source: { file: 'in.csv', row: i + 1, format: 'csv' },
    ...over,
  };
}

/** A layout from a cluster id per paper; members in the given order (or index order). */
export function layoutOf(cluster: number[], dupOf?: number[], members?: Record<number, number[]>): Layout {
  const n = cluster.length;
  const ids = [...new Set(cluster.filter((c) => c >= 0))].sort((a, b) => a - b);
  const clusters: ClusterInfo[] = ids.map((id) => {
    const m = members?.[id] ?? cluster.map((c, i) => (c === id ? i : -1)).filter((i) => i >= 0);
    return { id, label: `label ${id}`, terms: [`term${id}a`, `term${id}b`], size: m.length, members: m, cx: 0, cy: 0 };
  });
  return {
    x: new Float32Array(n), y: new Float32Array(n),
    cluster: Int32Array.from(cluster),
    dupOf: Int32Array.from(dupOf ?? cluster.map((_, i) => i)),
    clusters,
  };
}

export const PROV: Provenance = {
  app: 'Paperscope', version: '0.1.0', model: 'use-lite-512', settings: { ...DEFAULT_SETTINGS }, seed: 42,
  nPapers: 3, inputHash: 'ab'.repeat(32), exportedAt: '2025-01-01T00:00:00.000Z', representation: 'USE + TF-IDF',
};
