/**
 * The one app state. Each field is its own observable so a view re-renders
 * only for what it shows. Values are replaced, never mutated in place.
 */
import { Observable } from './observable.ts';
import { DEFAULT_SETTINGS, type IngestResult, type MapResult, type MapSettings, type Paper, type Progress } from '../types.ts';

export interface RunStatus {
  running: boolean;
  progress: Progress | null;
  /** A user-facing error message from the last run, or null. */
  error: string | null;
  /** Whether the last error can be retried (e.g. model load failure). */
  retryable: boolean;
}

export function createAppState() {
  return {
    /** What the input box / dropped files produced, before mapping (the preview). */
    pending: new Observable<{ result: IngestResult; dupCount: number } | null>(null),
    /** The papers of the current map (the order every typed-array column follows). */
    papers: new Observable<Paper[]>([]),
    /** The map as shown: the pipeline's result with the user's merges applied. */
    result: new Observable<MapResult | null>(null),
    settings: new Observable<MapSettings>({ ...DEFAULT_SETTINGS }),
    /** Selected paper indices, in display order. */
    selection: new Observable<number[]>([]),
    /** Selected cluster ids (for the list's highlight). */
    selectedClusters: new Observable<Set<number>>(new Set()),
    /** User renames of clusters, by cluster id. */
    labels: new Observable<Map<number, string>>(new Map()),
    /** User merges (groups of cluster ids merged into their first), already applied to `result`. */
    merges: new Observable<number[][]>([]),
    /** Search hits on the map. */
    highlight: new Observable<number[] | null>(null),
    status: new Observable<RunStatus>({ running: false, progress: null, error: null, retryable: false }),
    backend: new Observable<string | null>(null),
    /** Why browser storage is not used (the app works in memory only), or null. */
    storage: new Observable<string | null>(null),
    notice: new Observable<string | null>(null),
    /** Map colours: 'cluster' (default), 'date', or 'field:<name>' (a metadata field with few values). */
    colorBy: new Observable<string>('cluster'),
    /** Brushed periods [first, last] (indices into the map's timeline), or null = all time. */
    timeBrush: new Observable<[number, number] | null>(null),
    /** Papers to show as new (1 = new): added to the map, or dated since `newSince`. */
    fresh: new Observable<{ mask: Uint8Array; what: string } | null>(null),
    /** The "new since" day (YYYY-MM-DD) or ''. */
    newSince: new Observable<string>(''),
    /** Whether a run refines its keyword map with the sentence model (the "skip refinement" setting). */
    refine: new Observable<boolean>(true),
    /** A refined map held back because the user was busy with a selection or an edit: offered, not applied. */
    refineOffer: new Observable<{ result: MapResult; papers: Paper[] } | null>(null),
  };
}

export type AppState = ReturnType<typeof createAppState>;
