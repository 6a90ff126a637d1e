/** Selection helpers shared by the map and the cluster list. */
import type { AppState } from '../state/app-state.ts';
import { treeNodes } from '../topic-tree.ts';

export function selectionFromIndices(n: number, indices: number[]): Uint8Array {
  const mask = new Uint8Array(n);
  for (const i of indices) if (i >= 0 && i < n) mask[i] = 1;
  return mask;
}

/** Selects a cluster's papers in representative order; 'add' extends the current selection. */
export function selectCluster(state: AppState, id: number, mode: 'replace' | 'add'): void {
  const result = state.result.get();
  if (!result) return;
  // Any node of the topic tree (ids are unique across levels); a topic without a node falls back to the papers' cluster ids.
  const node = treeNodes(result.layout).find((c) => c.id === id);
  const members = node ? node.members : [...result.layout.cluster.keys()].filter((i) => result.layout.cluster[i] === id);
  const clusters = mode === 'add' ? new Set(state.selectedClusters.get()) : new Set<number>();
  clusters.add(id);
  state.selectedClusters.set(clusters);
  const base = mode === 'add' ? state.selection.get() : [];
  state.selection.set([...new Set([...base, ...members])]);
}
