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

export function renderProgress(root: HTMLElement, status: RunStatus): void {
  root.hidden = !status.running;
  const p = status.progress;
  if (!p) return;
  const [a, b] = STAGE_SPAN[p.stage] ?? [0, 1];
  const overall = a + (b - a) * Math.max(0, Math.min(1, p.fraction));
  (root.querySelector('#progress-stage') as HTMLElement).textContent = STAGE_NAMES[p.stage] ?? p.stage;
  (root.querySelector('#progress-detail') as HTMLElement).textContent = p.message ?? '';
  const bar = root.querySelector('#progress-bar') as HTMLElement;
  bar.style.width = `${(overall * 100).toFixed(1)}%`;
  root.setAttribute('aria-valuenow', String(Math.round(overall * 100)));
  root.dataset.stage = p.stage;
}
