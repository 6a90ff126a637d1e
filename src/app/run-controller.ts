/**
 * Runs the pipeline for the app: one run at a time, progress into state,
 * Cancel keeps the previous map, errors become messages (never lost input).
 */
import type { AppState } from '../state/app-state.ts';
import type { PipelineClient } from '../worker-client.ts';
import type { MapSettings, Paper } from '../types.ts';

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
      const sameCorpus = state.papers.get() === papers;
      state.papers.set(papers);
      state.result.set(result);
      state.backend.set(result.info.backend);
      state.selection.set([]);
      state.selectedClusters.set(new Set());
      state.highlight.set(null);
      // Renames survive a re-layout of the same papers only when the cluster still exists.
      if (!sameCorpus) state.labels.set(new Map());
      state.status.set({ running: false, progress: { stage: 'done', fraction: 1 }, error: null, retryable: false });
      state.notice.set(result.info.notices.length ? result.info.notices.join(' ') : null);
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

  return {
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
