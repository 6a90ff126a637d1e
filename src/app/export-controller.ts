/**
 * Export buttons: whole clustering or current selection, in every format, stamped with provenance.
 *
 * Every export runs in time slices on the main thread (util/slice.ts): the groups, the
 * input hash and the file's text are generators driven a few milliseconds at a time, the
 * text goes straight into Blob pieces (no giant string is joined), and the page stays
 * responsive even for 100,000 papers or a 30-million-character abstract (issue 16).
 * While an export runs, its buttons are disabled and marked busy, and the body carries
 * `data-exporting` with the format; a second click waits for the first.
 */
import type { AppState } from '../state/app-state.ts';
import type { MapView } from '../map/index.ts';
import { buildProvenance, download, type Provenance } from '../export/index.ts';
import { groupsTask } from '../export/groups.ts';
import { csvParts } from '../export/csv.ts';
import { jsonExportParts } from '../export/json.ts';
import { markdownParts } from '../export/markdown.ts';
import { bibtexParts } from '../export/bibtex.ts';
import { collectBlob, runSliced, Slicer } from '../util/slice.ts';
import { exportSink } from '../util/blob-sink.ts';

const FORMATS = {
  csv: { ext: 'csv', mime: 'text/csv;charset=utf-8', parts: csvParts, name: 'CSV' },
  json: { ext: 'json', mime: 'application/json', parts: jsonExportParts, name: 'JSON' },
  md: { ext: 'md', mime: 'text/markdown;charset=utf-8', parts: markdownParts, name: 'Markdown' },
  bib: { ext: 'bib', mime: 'application/x-bibtex;charset=utf-8', parts: bibtexParts, name: 'BibTeX' },
} as const;

export function createExportController(state: AppState, mapView: MapView) {
  const buttons = [...document.querySelectorAll<HTMLButtonElement>('[data-export]')];

  const provenance = (): Promise<Provenance> => {
    const result = state.result.get()!;
    const w = result.info.settings.semanticWeight;
    return buildProvenance(state.papers.get(), result.info, {
      representation: `centred USE-lite ${Math.round(w * 100)}% + TF-IDF/SVD keywords ${Math.round((1 - w) * 100)}%`,
      slice: {},
    });
  };

  const run = async (format: string, scope: string) => {
    const result = state.result.get();
    const papers = state.papers.get();
    if (!result) {
      state.notice.set('Map some papers first; then export.');
      return;
    }
    const stamp = new Date().toISOString().slice(0, 10);
    if (format === 'png') return download(`paperscope-map-${stamp}.png`, await mapView.toPNG(), 'image/png');
    if (format === 'svg') return download(`paperscope-map-${stamp}.svg`, await mapView.toSVG(), 'image/svg+xml');
    const f = FORMATS[format as keyof typeof FORMATS];
    if (!f) return;
    const subset = scope === 'selection' ? state.selection.get() : undefined;
    if (subset && !subset.length) {
      state.notice.set('Nothing is selected: lasso a region or click a cluster first.');
      return;
    }
    const slicer = new Slicer();
    const groups = await runSliced(groupsTask(papers, result.layout, state.labels.get(), subset), slicer);
    const prov = await provenance();
    // The file's Blob is made in the blob worker: one made on the page is served to the download from the page's thread.
    const blob = await collectBlob(f.parts(papers, groups, prov), f.mime, slicer, exportSink());
    download(`paperscope-${scope}-${stamp}.${f.ext}`, blob, f.mime);
  };

  /** One export at a time: a click while one runs waits its turn. */
  let queue: Promise<void> = Promise.resolve();
  let running = 0;
  const busy = (on: boolean, format = '') => {
    running += on ? 1 : -1;
    const active = running > 0;
    if (active) document.body.dataset.exporting = format;
    else delete document.body.dataset.exporting;
    for (const b of buttons) {
      b.setAttribute('aria-busy', String(active));
      b.classList.toggle('busy', active && b.dataset.export === format);
    }
  };

  for (const btn of buttons) {
    btn.addEventListener('click', () => {
      const format = btn.dataset.export ?? '';
      queue = queue.then(async () => {
        busy(true, format);
        try {
          await run(format, btn.dataset.scope ?? 'all');
        } catch (e) {
          state.notice.set(`Export failed: ${(e as Error).message}`);
        } finally {
          busy(false);
        }
      });
    });
  }
}
