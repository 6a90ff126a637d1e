/** Progress bar with stage name and Cancel; text only. */
import type { RunStatus } from '../state/app-state.ts';
import type { Stage } from '../types.ts';

const STAGE_NAMES: Record<Stage, string> = {
  parse: 'Reading input',
  'load-model': 'Loading model',
  embed: 'Embedding abstracts',
  represent: 'Building representation',
  knn: 'Finding neighbours',
  project: 'Laying out (UMAP)',
  cluster: 'Clustering',
  label: 'Naming clusters',
  done: 'Done',
};

/** Overall fraction: embedding dominates the run time, so it gets most of the bar. */
const STAGE_SPAN: Record<Stage, [number, number]> = {
  parse: [0, 0.02],
  'load-model': [0.02, 0.1],
  embed: [0.1, 0.75],
  represent: [0.75, 0.8],
  knn: [0.8, 0.85],
  project: [0.85, 0.95],
  cluster: [0.95, 0.97],
  label: [0.97, 1],
  done: [1, 1],
};

/** The keyword first map has no embedding: its stages share the bar by their usual cost. */
const FIRST_SPAN: Partial<Record<Stage, [number, number]>> = {
  embed: [0, 0.05],
  represent: [0.05, 0.4],
  knn: [0.4, 0.55],
  project: [0.55, 0.9],
  cluster: [0.9, 0.97],
  label: [0.97, 1],
};
/** The refinement: embedding is most of it, then the layout of the default mix. */
const REFINE_SPAN: Partial<Record<Stage, [number, number]>> = {
  embed: [0, 0.85],
  represent: [0.85, 0.88],
  knn: [0.88, 0.91],
  project: [0.91, 0.98],
  cluster: [0.98, 0.99],
  label: [0.99, 1],
};

export function renderProgress(root: HTMLElement, status: RunStatus): void {
  root.hidden = !status.running;
  const p = status.progress;
  if (!p) return;
  const spans = p.phase === 'first' ? FIRST_SPAN : p.phase === 'refine' ? REFINE_SPAN : STAGE_SPAN;
  const [a, b] = spans[p.stage] ?? STAGE_SPAN[p.stage] ?? [0, 1];
  const overall = a + (b - a) * Math.max(0, Math.min(1, p.fraction));
  const name = STAGE_NAMES[p.stage] ?? p.stage;
  // Which phase runs: the first (keyword) map, or the refinement behind a map already usable.
  (root.querySelector('#progress-stage') as HTMLElement).textContent =
    p.phase === 'first' ? `First map: ${name.toLowerCase()}` : p.phase === 'refine' ? `Semantic refinement ${Math.round(overall * 100)}%: ${name.toLowerCase()}` : name;
  root.dataset.phase = p.phase ?? '';
  (root.querySelector('#progress-detail') as HTMLElement).textContent = p.message ?? '';
  const bar = root.querySelector('#progress-bar') as HTMLElement;
  bar.style.width = `${(overall * 100).toFixed(1)}%`;
  root.setAttribute('aria-valuenow', String(Math.round(overall * 100)));
  root.dataset.stage = p.stage;
}
