/**
 * Shared data types. Everything that crosses a module or thread boundary is
 * declared here, so the ingest, pipeline, worker and views agree on one shape.
 */

/** Input formats the ingest layer recognises (detected from content). */
export type Format = 'listing' | 'csv' | 'tsv' | 'json' | 'jsonl' | 'bibtex' | 'ris' | 'wos' | 'medline' | 'session' | 'map-result';

/** Where a paper came from: file name, 1-based row (record) and, for text formats, 1-based line. */
export interface SourceRef {
  file: string;
  /** 1-based record number within the file (CSV data row, JSON array index + 1, BibTeX entry number). */
  row: number;
  /** 1-based line in the file where the record starts, when the format has lines. */
  line?: number;
  format: Format;
}

/** How finely a paper's date is known. */
export type DatePrecision = 'day' | 'month' | 'year';

/** A date at the precision the input gives: iso is "2024", "2024-03" or "2024-03-12". */
export interface PaperDate {
  iso: string;
  precision: DatePrecision;
}

/** One paper as the user gave it. Text fields are plain text (never HTML). */
export interface Paper {
  /** Stable id, unique within a corpus (arXiv id, DOI, BibTeX key, or file:row). */
  id: string;
  title: string;
  /** May be '' when the source had no abstract; the title is then embedded alone. */
  abstract: string;
  authors: string[];
  year?: number;
  /** Set by the ingest layer from the paper's own fields (see ingest/dates.ts); absent when it has none. */
  date?: PaperDate;
  url?: string;
  doi?: string;
  arxivId?: string;
  venue?: string;
  keywords?: string[];
  source: SourceRef;
  /** The original record text for formats where it should be exported untouched (BibTeX entry). */
  raw?: string;
  /** Any other columns/fields the source carried, kept for export. */
  extra?: Record<string, string>;
}

export type Severity = 'error' | 'warning' | 'info';

/** A problem found while reading input; always tied to where it happened. */
export interface Problem {
  severity: Severity;
  message: string;
  file: string;
  row?: number;
  line?: number;
}

export interface IngestResult {
  papers: Paper[];
  problems: Problem[];
  /** Detected format per file. */
  formats: Record<string, Format>;
  /** Per file, the exporter recognised within the format ("IEEE Xplore", "CSL-JSON", …), when one was. */
  exporters?: Record<string, string>;
}

/** Settings that change the map. Part of every export's provenance stamp. */
export interface MapSettings {
  /** 0 = keywords only (TF-IDF/LSA), 1 = semantic only (USE). */
  semanticWeight: number;
  /** Cluster granularity: community-detection resolution (higher = more, smaller clusters). */
  resolution: number;
  /** UMAP / kNN neighbours (clamped to N-1). */
  nNeighbors: number;
  seed: number;
}

export const DEFAULT_SETTINGS: MapSettings = {
  semanticWeight: 0.4,
  resolution: 1.0,
  nNeighbors: 15,
  seed: 42,
};

/** One cluster of the final map. */
export interface ClusterInfo {
  /** Cluster id, as used in `Layout.cluster`. -1 is never a ClusterInfo (outliers). */
  id: number;
  /** Short label shown on the map: 2-4 keyphrases joined by " · ". User renames replace it. */
  label: string;
  /** The keyphrases behind the label, best first. */
  terms: string[];
  size: number;
  /** Paper indices, most representative first (closest to the cluster centre). */
  members: number[];
  /** Centre of the cluster in map coordinates (dense centre, used for label placement). */
  cx: number;
  cy: number;
  /** Parent node id one level up the topic tree (see src/topic-tree.ts); absent at the top. */
  parent?: number;
  /** Tree level, 0 = top. */
  level?: number;
  /** Label honesty: share of the node's papers whose title or abstract contains a label term (0..1). */
  honesty?: number;
}

/**
 * The map: typed-array columns indexed by paper (same order as the Paper[] the worker got).
 * Duplicates share the coordinates and cluster of their representative (`dupOf`).
 */
export interface Layout {
  x: Float32Array;
  y: Float32Array;
  /** Cluster id per paper; -1 = outlier / not clustered. */
  cluster: Int32Array;
  /** Index of the paper whose embedding this paper shares (itself when unique). */
  dupOf: Int32Array;
  clusters: ClusterInfo[];
  /** Broad areas, the tree's top level (for zoomed-out labels); topics point to them by ClusterInfo.parent. Ids differ from every topic's. */
  coarse?: ClusterInfo[];
  /** Subtopics inside some topics (parent = topic id), where the data supports them; each partitions its topic. */
  subtopics?: ClusterInfo[];
}

export type Backend = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** What a finished run reports about itself (shown in the UI, stamped on exports). */
export interface RunInfo {
  backend: Backend;
  model: string;
  settings: MapSettings;
  /** Milliseconds per stage, in run order. */
  timings: Record<string, number>;
  nPapers: number;
  nEmbedded: number;
  nCached: number;
  notices: string[];
  /** Set when browser storage failed and the embedding cache works in memory only. */
  storage?: string;
  /**
   * Which map of a progressive run this is: the keyword-only first map, or the map refined with
   * the sentence model (the default mix). Absent for single-phase runs (everything was cached).
   */
  phase?: 'keyword' | 'refined';
  /** Refined maps: mean distance a paper moved from the keyword map (map units; the map spans [-1, 1]). */
  displacement?: number;
}

export interface MapResult {
  layout: Layout;
  info: RunInfo;
}

/** Stage names reported in progress events, in run order. */
export type Stage = 'parse' | 'load-model' | 'embed' | 'represent' | 'knn' | 'project' | 'cluster' | 'label' | 'done';

export interface Progress {
  stage: Stage;
  /** Which phase of a progressive run: the first (keyword) map, or the semantic refinement. */
  phase?: 'first' | 'refine';
  /** 0..1 within the stage. */
  fraction: number;
  message?: string;
}
