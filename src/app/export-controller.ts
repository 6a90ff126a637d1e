/** Export buttons: whole clustering or current selection, in every format, stamped with provenance. */
import type { AppState } from '../state/app-state.ts';
import type { MapView } from '../map/index.ts';
import { buildProvenance, download, groupsForExport, toBibtex, toCsv, toJson, toMarkdown, type Provenance } from '../export/index.ts';

export function createExportController(state: AppState, mapView: MapView) {
  const provenance = (): Promise<Provenance> => {
    const result = state.result.get()!;
    const w = result.info.settings.semanticWeight;
    return buildProvenance(state.papers.get(), result.info, {
      representation: `centred USE-lite ${Math.round(w * 100)}% + TF-IDF/SVD keywords ${Math.round((1 - w) * 100)}%`,
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
    if (format === 'svg') return download(`paperscope-map-${stamp}.svg`, mapView.toSVG(), 'image/svg+xml');
    const subset = scope === 'selection' ? state.selection.get() : undefined;
    if (subset && !subset.length) {
      state.notice.set('Nothing is selected: lasso a region or click a cluster first.');
      return;
    }
    const groups = groupsForExport(papers, result.layout, state.labels.get(), subset);
    const prov = await provenance();
    const name = `paperscope-${scope}-${stamp}`;
    if (format === 'csv') download(`${name}.csv`, toCsv(papers, groups, prov), 'text/csv;charset=utf-8');
    else if (format === 'json') download(`${name}.json`, toJson(papers, groups, prov), 'application/json');
    else if (format === 'md') download(`${name}.md`, toMarkdown(papers, groups, prov), 'text/markdown;charset=utf-8');
    else if (format === 'bib') download(`${name}.bib`, toBibtex(papers, groups, prov), 'application/x-bibtex;charset=utf-8');
  };

  for (const btn of document.querySelectorAll<HTMLButtonElement>('[data-export]')) {
    btn.addEventListener('click', () => {
      run(btn.dataset.export ?? '', btn.dataset.scope ?? 'all').catch((e: Error) => state.notice.set(`Export failed: ${e.message}`));
    });
  }
}
