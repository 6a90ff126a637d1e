/**
 * Runs the pipeline for the app: one run at a time, progress into state,
 * Cancel keeps the previous map, errors become messages (never lost input).
 */
import type { AppState } from '../state/app-state.ts';
import type { PipelineClient } from '../worker-client.ts';
import type { MapSettings, Paper } from '../types.ts';
import { applyMerges, carryEdits, NO_EDITS } from './cluster-edits.ts';

export function createRunController(state: AppState, client: PipelineClient) {
  let runId = 0;

  const start = async (papers: Paper[], settings: MapSettings, mode: 'map' | 'relayout') => {
    const id = ++runId;
    state.status.set({ running: true, progress: { stage: 'load-model', fraction: 0 }, error: null, retryable: false });
    try {
      const onProgress = (p: Parameters<NonNullable<Parameters<PipelineClient['map']>[2]>>[0]) => {
        if (id === runId) state.status.set({ ...state.status.get(), progress: p });
      };
      const result =
        mode === 'map'
          ? await client.map(papers, settings, onProgress)
          : await client.relayout(settings, onProgress).catch((e: Error) => {
              if (e.name === 'NoCorpus') return client.map(papers, settings, onProgress);
              throw e;
            });
      if (id !== runId) return; // a newer run superseded this one
      const previous = state.result.get();
      const sameCorpus = state.papers.get() === papers && previous !== null;
      // Renames and merges follow their papers into a re-layout of the same corpus.
      const edits = sameCorpus
        ? carryEdits(previous.layout, { renames: state.labels.get(), merges: state.merges.get() }, result.layout)
        : NO_EDITS;
      state.selection.set([]);
      state.selectedClusters.set(new Set());
      state.highlight.set(null);
      if (!sameCorpus) {
        // A new corpus: its own timeline, nothing new yet.
        state.fresh.set(null);
        state.newSince.set('');
        state.timeBrush.set(null);
      }
      state.papers.set(papers);
      state.labels.set(edits.renames);
      state.merges.set(edits.merges);
      state.result.set({ ...result, layout: applyMerges(result.layout, edits.merges) });
      // A fully cached run starts no model, so it has no backend to report.
      if (result.info.nEmbedded > 0) state.backend.set(result.info.backend);
      state.status.set({ running: false, progress: { stage: 'done', fraction: 1 }, error: null, retryable: false });
      state.notice.set(result.info.notices.length ? result.info.notices.join(' ') : null);
      if (result.info.storage) state.storage.set(result.info.storage);
    } catch (e) {
      if (id !== runId) return;
      const err = e as Error;
      if (err.name === 'AbortError') {
        state.status.set({ running: false, progress: null, error: null, retryable: false });
        state.notice.set(state.result.get() ? 'Cancelled. The previous map is kept.' : 'Cancelled.');
      } else {
        state.status.set({ running: false, progress: null, error: err.message, retryable: true });
      }
    }
  };

  /** Places new papers on the current map; the papers already on it do not move. */
  const add = async (added: Paper[]) => {
    const result = state.result.get();
    if (!result) return start(added, state.settings.get(), 'map');
    const old = state.papers.get();
    const papers = [...old, ...withUniqueIds(old, added)];
    const id = ++runId;
    state.status.set({ running: true, progress: { stage: 'embed', fraction: 0 }, error: null, retryable: false });
    try {
      const next = await client.add(papers, old.length, result.layout, result.info.settings, (p) => {
        if (id === runId) state.status.set({ ...state.status.get(), progress: p });
      });
      if (id !== runId) return;
      // The added papers are "new" until the user clears it (what-is-new summary, faded old papers).
      const mask = new Uint8Array(papers.length);
      mask.fill(1, old.length);
      state.newSince.set('');
      state.timeBrush.set(null);
      state.papers.set(papers);
      state.fresh.set({ mask, what: 'added to the map' });
      state.result.set(next);
      if (next.info.nEmbedded > 0) state.backend.set(next.info.backend);
      state.status.set({ running: false, progress: { stage: 'done', fraction: 1 }, error: null, retryable: false });
      state.notice.set(next.info.notices.join(' '));
      if (next.info.storage) state.storage.set(next.info.storage);
    } catch (e) {
      if (id !== runId) return;
      const err = e as Error;
      state.status.set({ running: false, progress: null, error: err.name === 'AbortError' ? null : err.message, retryable: false });
    }
  };

  return {
    add,
    map: (papers: Paper[], settings: MapSettings) => start(papers, settings, 'map'),
    relayout: (settings: MapSettings) => start(state.papers.get(), settings, 'relayout'),
    cancel: () => {
      runId++;
      client.cancel();
      state.status.set({ running: false, progress: null, error: null, retryable: false });
      state.notice.set(state.result.get() ? 'Cancelled. The previous map is kept.' : 'Cancelled.');
    },
  };
}

/** Added papers whose id is already taken get a suffix, so every id stays unique in the corpus. */
export function withUniqueIds(old: Paper[], added: Paper[]): Paper[] {
  const taken = new Set(old.map((p) => p.id));
  return added.map((p) => {
    let id = p.id;
    for (let k = 2; taken.has(id); k++) id = `${p.id}#${k}`;
    taken.add(id);
    return id === p.id ? p : { ...p, id };
  });
}
