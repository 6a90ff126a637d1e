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
  clusters: {
    id: number;
    label: string;
    /** Labels from the top of the topic tree down to this cluster. */
    path: string[];
    terms: string[];
    size: number;
    papers: ExportedPaper[];
    /** Subtopics of this cluster: their papers by `index`. */
    subtopics?: { id: number; label: string; path: string[]; papers: number[] }[];
  }[];
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
      const subtopics = g.subtopics.map((t) => ({ id: t.id, label: t.label, path: [...g.path, t.label], papers: t.papers.filter((i) => papers[i]) }));
      return { id: g.id, label: g.label, path: [...g.path], terms: [...g.terms], size: list.length, papers: list, ...(subtopics.length ? { subtopics } : {}) };
    }),
  };
  return JSON.stringify(out, null, 2);
}
