/**
 * Runs the pipeline for the app: one run at a time (a new run cancels the one
 * in flight), progress into state, errors become messages (never lost input).
 *
 * A map is progressive: the keyword map is shown as soon as it is ready and is
 * usable while the sentence model works; the refined map then replaces it with
 * clusters matched by overlap (selection, renames and merges survive), or is
 * offered instead ("Semantic view ready") when the user is busy with a
 * selection or an edit. Cancel during the refinement keeps the keyword map.
 */
import type { AppState } from '../state/app-state.ts';
import type { PipelineClient } from '../worker-client.ts';
import type { MapResult, MapSettings, Paper, Progress } from '../types.ts';
import { applyMerges, carryEdits, matchClusters, NO_EDITS } from './cluster-edits.ts';
import { nextTurn } from '../util/slice.ts';

export interface RunHooks {
  /** True while the user has a selection or an edit in progress (a refined map is then offered, not applied). */
  isBusy?: () => boolean;
}

export function createRunController(state: AppState, client: PipelineClient, hooks: RunHooks = {}) {
  let runId = 0;

  /** Shows a map. A refinement of the map on screen keeps the selection and maps selected clusters by overlap. */
  const show = (result: MapResult, papers: Paper[]) => {
    const previous = state.result.get();
    const sameCorpus = state.papers.get() === papers && previous !== null;
    const refining = sameCorpus && previous.info.phase === 'keyword' && result.info.phase === 'refined';
    // Renames and merges follow their papers into a re-layout of the same corpus.
    const edits = sameCorpus
      ? carryEdits(previous.layout, { renames: state.labels.get(), merges: state.merges.get() }, result.layout)
      : NO_EDITS;
    const layout = applyMerges(result.layout, edits.merges);
    if (refining) {
      const match = matchClusters(previous.layout, layout);
      const was = state.selectedClusters.get();
      // The refined map first: the page shows it once its geometry is in (off the main thread),
      // so the edits and selection set next do not redraw the keyword map in this same task.
      state.result.set({ ...result, layout });
      state.selectedClusters.set(new Set(layout.clusters.filter((c) => was.has(match.get(c.id) ?? -2)).map((c) => c.id)));
      state.labels.set(edits.renames);
      state.merges.set(edits.merges);
    } else {
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
      state.result.set({ ...result, layout });
    }
    // A fully cached run starts no model, so it has no backend to report.
    if (result.info.nEmbedded > 0) state.backend.set(result.info.backend);
    state.notice.set(result.info.notices.length ? result.info.notices.join(' ') : null);
    if (result.info.storage) state.storage.set(result.info.storage);
  };

  const done = () => state.status.set({ running: false, progress: { stage: 'done', fraction: 1 }, error: null, retryable: false });

  const start = async (papers: Paper[], settings: MapSettings, mode: 'map' | 'relayout') => {
    const id = ++runId;
    state.refineOffer.set(null);
    state.status.set({ running: true, progress: { stage: 'load-model', fraction: 0, phase: 'first' }, error: null, retryable: false });
    const onProgress = (p: Progress) => {
      if (id === runId) state.status.set({ ...state.status.get(), progress: p });
    };
    const onFirstMap = (first: MapResult) => {
      if (id === runId) show(first, papers);
    };
    const refine = state.refine.get();
    try {
      const result =
        mode === 'map'
          ? await client.map(papers, settings, onProgress, onFirstMap, refine)
          : await client.relayout(settings, onProgress).catch((e: Error) => {
              if (e.name === 'NoCorpus') return client.map(papers, settings, onProgress, onFirstMap, refine);
              throw e;
            });
      if (id !== runId) return; // a newer run superseded this one
      const shown = state.result.get();
      const isRefinement = result.info.phase === 'refined' && shown?.info.phase === 'keyword' && state.papers.get() === papers;
      // The run is over before its last map is shown (views tell a finished map from a first one by this).
      done();
      if (isRefinement) {
        // Matched and shown in a task of its own: with the reply's arrival (reading 50,000 papers'
        // map, the progress bar going) it was one 44 ms task on a quiet machine (issue 10).
        await nextTurn();
        if (id !== runId || state.papers.get() !== papers) return;
      }
      if (isRefinement && hooks.isBusy?.()) state.refineOffer.set({ result, papers });
      else show(result, papers);
    } catch (e) {
      if (id !== runId) return;
      const err = e as Error;
      if (err.name === 'AbortError') {
        state.status.set({ running: false, progress: null, error: null, retryable: false });
        state.notice.set(cancelledNotice());
      } else {
        state.status.set({ running: false, progress: null, error: err.message, retryable: true });
      }
    }
  };

  const cancelledNotice = () => {
    const shown = state.result.get();
    if (shown?.info.phase === 'keyword') return 'Semantic refinement cancelled: the keyword map is kept. Re-map to refine it later (embedded papers are cached).';
    return shown ? 'Cancelled. The previous map is kept.' : 'Cancelled.';
  };

  /** Places new papers on the current map; the papers already on it do not move. */
  const add = async (added: Paper[]) => {
    const result = state.result.get();
    if (!result) return start(added, state.settings.get(), 'map');
    const old = state.papers.get();
    const papers = [...old, ...withUniqueIds(old, added)];
    const id = ++runId;
    state.refineOffer.set(null);
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
      done();
      state.papers.set(papers);
      state.fresh.set({ mask, what: 'added to the map' });
      state.result.set(next);
      if (next.info.nEmbedded > 0) state.backend.set(next.info.backend);
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
    /** Applies a refined map that was offered ("Semantic view ready: update the map"). */
    applyOffer: () => {
      const offer = state.refineOffer.get();
      if (!offer) return;
      state.refineOffer.set(null);
      if (state.papers.get() === offer.papers) show(offer.result, offer.papers);
    },
    cancel: () => {
      runId++;
      client.cancel();
      state.status.set({ running: false, progress: null, error: null, retryable: false });
      state.notice.set(cancelledNotice());
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
