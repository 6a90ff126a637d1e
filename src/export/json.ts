import type { Paper } from '../types.ts';
import type { ExportGroup } from './groups.ts';
import type { Provenance } from './provenance.ts';

/** One paper as exported: every Paper field except `raw` (the BibTeX export carries that), plus its row index. */
export interface ExportedPaper extends Omit<Paper, 'raw'> {
  /** Index of the paper in the mapped input (0-based). */
  index: number;
  /** 1-based position within its cluster, most representative first. */
  rank: number;
}

export interface JsonExport {
  provenance: Provenance;
  clusters: { id: number; label: string; terms: string[]; size: number; papers: ExportedPaper[] }[];
}

/** Built from plain objects and serialised with JSON.stringify only (RELIABILITY S4). */
export function toJson(papers: Paper[], groups: ExportGroup[], prov: Provenance): string {
  const out: JsonExport = {
    provenance: prov,
    clusters: groups.map((g) => {
      const list: ExportedPaper[] = [];
      g.papers.forEach((i, pos) => {
        const p = papers[i];
        if (!p) return;
        // Spread defines own properties, so a hostile key such as "__proto__" stays plain data.
        const { raw: _raw, ...rest } = p;
        list.push({ index: i, rank: pos + 1, ...rest });
      });
      return { id: g.id, label: g.label, terms: [...g.terms], size: list.length, papers: list };
    }),
  };
  return JSON.stringify(out, null, 2);
}
