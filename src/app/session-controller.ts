/**
 * Session persistence for the app: autosave after every map and edit, restore
 * on reload, offer (never start) a resume of an interrupted run, and save /
 * open session files.
 */
import type { AppState } from '../state/app-state.ts';
import type { Paper } from '../types.ts';
import { createSessionStore, type Stored } from '../store/session-store.ts';
import { fromSessionJson, isSessionJson, toSessionJson, type Session } from '../store/session.ts';
import { download } from '../export/index.ts';
import { fromMapJson, isMapJson } from '../store/map-json.ts';
import { limitNotice } from '../util/limits.ts';

export function createSessionController(state: AppState, hooks: {
  offerResume(papers: Paper[]): void;
  stored?(what: Stored, session?: Session): void;
  /** Resolves when the map on screen has landed: the autosave of a new map waits for it (main.ts). */
  settled?(): Promise<void>;
}) {
  const store = createSessionStore(
    (message) => {
      state.notice.set(message);
      state.storage.set(message);
    },
    500,
    hooks.stored,
  );

  const current = (): Session => ({
    papers: state.papers.get(),
    settings: state.result.get()?.info.settings ?? state.settings.get(),
    labels: state.labels.get(),
    merges: state.merges.get(),
    result: state.result.get(),
  });

  const apply = (s: Session) => {
    state.settings.set(s.settings);
    state.papers.set(s.papers);
    state.labels.set(s.labels);
    state.merges.set(s.merges);
    state.result.set(s.result);
    if (s.result) state.backend.set(s.result.info.backend);
  };

  /** Bumped per autosave asked for: of several waiting for one landing, only the last saves. */
  let asked = 0;
  const autosave = () => {
    if (!state.result.get()) return;
    const gen = ++asked;
    const save = () => {
      if (gen === asked && state.result.get()) store.save(current());
    };
    if (hooks.settled) void hooks.settled().then(save);
    else save();
  };
  state.result.subscribe(autosave);
  // A rename saves only the edit, not the whole corpus again (merges change the map: saved with it).
  state.labels.subscribe((labels) => {
    if (state.result.get()) store.saveEdits(labels);
  });
  state.merges.subscribe(autosave);
  state.status.subscribe((st) => {
    if (!st.running && st.progress?.stage === 'done') void store.finishRun();
  });

  return {
    /** Restores the saved session; returns false when there is none (first start). */
    async restore(): Promise<boolean> {
      const interrupted = await store.interruptedRun();
      const saved = await store.load();
      if (saved?.result) apply(saved);
      if (interrupted?.length) hooks.offerResume(interrupted);
      return !!saved?.result || !!interrupted?.length;
    },
    startRun: (papers: Paper[]) => store.startRun(papers),
    cancelRun: () => store.finishRun(),
    saveFile() {
      if (!state.result.get()) {
        state.notice.set('Map some papers first; then save the session.');
        return;
      }
      const stamp = new Date().toISOString().slice(0, 10);
      download(`paperscope-session-${stamp}.json`, JSON.stringify(toSessionJson(current())), 'application/json');
    },
    /** Opens a parsed session file; returns false if the value is not one. */
    openValue(value: unknown): boolean {
      const mapJson = isMapJson(value);
      if (!isSessionJson(value) && !mapJson) return false;
      try {
        this.openChecked(mapJson ? fromMapJson(value) : fromSessionJson(value), mapJson);
      } catch (e) {
        this.openFailed((e as Error).message);
      }
      return true;
    },
    /** Shows a session already checked (in the ingest worker: `IngestClient.openSession`). */
    openChecked(s: Session, mapJson: boolean): void {
      apply(s);
      // What was repaired, and which papers are longer than the page shows, in one notice.
      const parts = [mapJson ? 'Map opened from `npm run map` output; nothing was embedded.' : 'Session opened.', ...(s.notices ?? [])];
      const long = limitNotice(s.papers);
      if (long) parts.push(long);
      state.notice.set(parts.join(' '));
    },
    openFailed(message: string): void {
      state.notice.set(`Could not open the session file: ${message}`);
    },
  };
}
