/**
 * Input: paste, file picker, drag-and-drop, and the demo listing. Every input
 * goes through the preview before anything is embedded (RELIABILITY P15).
 */
import type { AppState } from '../state/app-state.ts';
import type { IngestResult, Paper } from '../types.ts';
import { dedupe, ingestFiles, ingestText, type InputFile } from '../ingest/index.ts';
import { createPreview } from '../panel/preview.ts';

export const DEMO_URL = `${import.meta.env.BASE_URL}samples/hf-daily-papers-listing.txt`;

export interface InputOptions {
  onConfirm(papers: Paper[]): void;
  /** Offered every JSON file first; returns true when it handled it (a session file). */
  openValue?(value: unknown): boolean;
}

export function createInputController(state: AppState, opts: InputOptions) {
  const card = document.getElementById('input-card') as HTMLElement;
  const text = document.getElementById('input-text') as HTMLTextAreaElement;
  const fileInput = document.getElementById('file-input') as HTMLInputElement;
  const overlay = document.getElementById('drop-overlay') as HTMLElement;
  let last: Paper[] = [];

  const preview = createPreview(document.getElementById('preview') as HTMLElement, {
    onConfirm: () => {
      const pending = state.pending.get();
      if (!pending || !pending.result.papers.length) return;
      last = pending.result.papers;
      card.hidden = true;
      opts.onConfirm(last);
    },
    onCancel: () => state.pending.set(null),
  });
  state.pending.subscribe((p) => preview.update(p));

  const show = (result: IngestResult) => {
    const { dupOf } = dedupe(result.papers);
    let dupCount = 0;
    dupOf.forEach((d, i) => {
      if (d !== i) dupCount++;
    });
    state.pending.set({ result, dupCount });
    card.hidden = false;
  };

  const readFiles = async (files: File[]) => {
    if (!files.length) return;
    const inputs: InputFile[] = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
    const rest = inputs.filter((f) => !openSpecial(f));
    if (rest.length) show(ingestFiles(rest));
    else card.hidden = true;
  };

  document.getElementById('btn-input')?.addEventListener('click', () => {
    card.hidden = false;
    text.focus();
  });
  document.getElementById('btn-close-input')?.addEventListener('click', () => {
    card.hidden = true;
  });
  document.getElementById('btn-read')?.addEventListener('click', () => show(ingestText(text.value, 'pasted text')));
  text.addEventListener('paste', () => setTimeout(() => show(ingestText(text.value, 'pasted text')), 0));
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

  /** A session file opens as a map, without the preview or any embedding. */
  const openSpecial = (f: InputFile): boolean => {
    if (!opts.openValue || !f.bytes || !/\.json$/i.test(f.name)) return false;
    try {
      return opts.openValue(JSON.parse(new TextDecoder().decode(f.bytes)));
    } catch {
      return false; // not JSON: the ingest layer reports it with its line
    }
  };

  const loadDemo = async () => {
    try {
      const res = await fetch(DEMO_URL);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      text.value = await res.text();
      show(ingestText(text.value, 'hf-daily-papers-listing.txt'));
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
