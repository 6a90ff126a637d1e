/**
 * Input: paste, file picker, drag-and-drop, and the demo listing. Every input
 * goes through the preview before anything is embedded (RELIABILITY P15). Files are
 * read in the ingest worker (progress + cancel in the preview); the user's encoding and
 * column choices re-read one file there.
 */
import type { AppState } from '../state/app-state.ts';
import type { IngestResult, Paper } from '../types.ts';
import { SESSION_KIND, type Session } from '../store/session.ts';
import { MAP_JSON_MARKER } from '../store/map-json.ts';
import { createPreview, type PreviewValue } from '../panel/preview.ts';
import { IngestClient } from './ingest-client.ts';
import type { BatchResult, IngestProgress } from './ingest-batch.ts';

export const DEMO_URL = `${import.meta.env.BASE_URL}samples/hf-daily-papers-listing.txt`;

/** A read shorter than this (ms) shows no progress line, so small files do not flash one. */
const PROGRESS_DELAY_MS = 120;
/** How far into a .json file to look for the session marker before parsing it here. */
const SESSION_PEEK_BYTES = 4096;

export interface InputOptions {
  onConfirm(papers: Paper[]): void;
  /** Adds papers to the current map without moving the papers already on it. */
  onAdd?(papers: Paper[]): void;
  /** Offered every session JSON file first; returns true when it handled it. */
  openValue?(value: unknown): boolean;
  /** When given, session JSON files are parsed and checked in the ingest worker and handed here instead of `openValue`. */
  openSession?(outcome: { kind: 'ok'; session: Session; mapJson: boolean } | { kind: 'error'; message: string }): void;
}

export function createInputController(state: AppState, opts: InputOptions) {
  const card = document.getElementById('input-card') as HTMLElement;
  const text = document.getElementById('input-text') as HTMLTextAreaElement;
  const fileInput = document.getElementById('file-input') as HTMLInputElement;
  const overlay = document.getElementById('drop-overlay') as HTMLElement;
  const client = new IngestClient();
  let last: Paper[] = [];
  /** The batch behind the current preview (its per-file facts drive the controls). */
  let batch: BatchResult | null = null;
  /** Bumped by each read and by cancel, so a superseded read never shows its result. */
  let readId = 0;

  const preview = createPreview(document.getElementById('preview') as HTMLElement, {
    onConfirm: (limit) => {
      const pending = state.pending.get();
      if (!pending || !pending.result.papers.length) return;
      last = limit ? pending.result.papers.slice(0, limit) : pending.result.papers;
      card.hidden = true;
      opts.onConfirm(last);
    },
    onAdd: () => {
      const pending = state.pending.get();
      if (!pending || !pending.result.papers.length) return;
      card.hidden = true;
      opts.onAdd?.(pending.result.papers);
    },
    onCancel: () => state.pending.set(null),
    onCancelRead: () => {
      readId++;
      client.cancel();
      preview.progress(null);
      state.pending.set(null);
    },
    onMapping: (file, mapping) => void read(file, (p) => client.reread(file, { mapping }, p)),
    onEncoding: (file, encoding) => void read(file, (p) => client.reread(file, { encoding }, p)),
  });
  state.pending.subscribe((p) => {
    const value: PreviewValue | null = p && {
      ...p,
      files: batch && batch.result === p.result ? batch.files : undefined,
      canAdd: state.result.get() !== null,
    };
    preview.update(value);
  });

  const show = (b: BatchResult) => {
    batch = b;
    state.pending.set({ result: b.result, dupCount: b.dupCount });
    card.hidden = false;
  };

  /** Runs one read with a delayed progress line; errors become an error in the preview. */
  const read = async (label: string, job: (onProgress: (p: IngestProgress) => void) => Promise<BatchResult>) => {
    const id = ++readId;
    card.hidden = false;
    let latest: IngestProgress = { file: label, fraction: 0 };
    const paint = () => preview.progress({ label: `Reading ${latest.file}…`, fraction: latest.fraction });
    const timer = setTimeout(() => id === readId && paint(), PROGRESS_DELAY_MS);
    try {
      const b = await job((p) => {
        latest = p;
        if (id === readId && preview.reading) paint();
      });
      if (id === readId) show(b);
    } catch (e) {
      if (id !== readId || (e as Error).name === 'AbortError') return;
      batch = null;
      const result: IngestResult = { papers: [], problems: [{ severity: 'error', message: `Could not read ${label}: ${(e as Error).message}`, file: label }], formats: {} };
      state.pending.set({ result, dupCount: 0 });
      preview.progress(null);
    } finally {
      clearTimeout(timer);
    }
  };

  const readText = (value: string, name: string) => read(name, (p) => client.readText(value, name, p));

  const readFiles = async (files: File[]) => {
    if (!files.length) return;
    const rest: { name: string; bytes: ArrayBuffer }[] = [];
    for (const f of files) {
      const bytes = await f.arrayBuffer();
      // A session file's bytes go to the worker (transferred); a file that was not one is read again.
      if (!(await openSpecial(f.name, bytes))) rest.push({ name: f.name, bytes: bytes.byteLength ? bytes : await f.arrayBuffer() });
    }
    if (!rest.length) {
      card.hidden = true;
      return;
    }
    const label = rest.length === 1 ? rest[0].name : `${rest.length} files`;
    await read(label, (p) => client.readFiles(rest, p));
  };

  /** A session file opens as a map, without the preview or any embedding. Only JSON that names itself a session is parsed here. */
  const openSpecial = async (name: string, bytes: ArrayBuffer): Promise<boolean> => {
    if ((!opts.openValue && !opts.openSession) || !/\.json$/i.test(name)) return false;
    const head = new TextDecoder().decode(new Uint8Array(bytes, 0, Math.min(bytes.byteLength, SESSION_PEEK_BYTES)));
    if (!head.includes(SESSION_KIND) && !MAP_JSON_MARKER.test(head)) return false;
    if (opts.openSession) {
      // Decoding, JSON.parse and the schema check of a 23 MB session took seconds on the page (issue 16).
      const id = ++readId;
      const outcome = await client.openSession(name, bytes).catch((e: Error) => ({ kind: 'error' as const, message: e.message }));
      if (outcome.kind === 'not-session') return false;
      if (id === readId) {
        card.hidden = true;
        opts.openSession(outcome);
      }
      return true;
    }
    if (!opts.openValue) return false;
    try {
      return opts.openValue(JSON.parse(new TextDecoder().decode(bytes)));
    } catch {
      return false; // not JSON: the ingest layer reports it with its line
    }
  };

  document.getElementById('btn-input')?.addEventListener('click', () => {
    card.hidden = false;
    text.focus();
  });
  document.getElementById('btn-close-input')?.addEventListener('click', () => {
    card.hidden = true;
  });
  document.getElementById('btn-read')?.addEventListener('click', () => void readText(text.value, 'pasted text'));
  text.addEventListener('paste', () => setTimeout(() => void readText(text.value, 'pasted text'), 0));
  fileInput.addEventListener('change', () => {
    void readFiles([...(fileInput.files ?? [])]);
    fileInput.value = '';
  });

  // Drag and drop anywhere on the page.
  let depth = 0;
  window.addEventListener('dragenter', (e) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    depth++;
    overlay.hidden = false;
  });
  window.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) overlay.hidden = true;
  });
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    void readFiles([...(e.dataTransfer?.files ?? [])]);
  });

  const loadDemo = async () => {
    try {
      const res = await fetch(DEMO_URL);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      text.value = await res.text();
      await readText(text.value, 'hf-daily-papers-listing.txt');
    } catch (e) {
      state.notice.set(`Could not load the demo listing (${(e as Error).message}). Paste papers or open a file instead.`);
      card.hidden = false;
    }
  };
  document.getElementById('btn-demo')?.addEventListener('click', () => void loadDemo());

  return {
    /** First start: the demo listing, previewed and ready to map. */
    boot: () => void loadDemo(),
    lastPapers: () => last,
    readFiles,
  };
}
