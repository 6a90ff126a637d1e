/**
 * The run controller shows a progressive run's two maps. When the refined map lands, the page's
 * views must not redraw the keyword map once more for the carried edits and the selection
 * (issue 10: in one task, that was the table and timeline of the old map, then of the new one).
 */
import { describe, expect, it } from 'vitest';
import { createAppState } from '../../src/state/app-state.ts';
import { createRunController } from '../../src/app/run-controller.ts';
import type { PipelineClient } from '../../src/worker-client.ts';
import { DEFAULT_SETTINGS, type Layout, type MapResult, type Paper } from '../../src/types.ts';

const n = 6;
const papers: Paper[] = Array.from({ length: n }, (_, i) => ({ id: `p${i}`, title: `Title ${i}`, abstract: 'Text.', authors: [], source: { file: 'f.jsonl', row: i + 1, format: 'jsonl' } }));
const layout = (groups: number[]): Layout => ({
  x: Float32Array.from(groups, (_, i) => i),
  y: new Float32Array(n),
  cluster: Int32Array.from(groups),
  dupOf: Int32Array.from(groups, (_, i) => i),
  clusters: [...new Set(groups)].map((id) => {
    const members = groups.flatMap((g, i) => (g === id ? [i] : []));
    return { id, label: `topic ${id}`, terms: [`t${id}`], size: members.length, members, cx: 0, cy: 0 };
  }),
});
const result = (phase: 'keyword' | 'refined', groups: number[]): MapResult => ({
  info: { backend: 'wasm', model: 'm', settings: DEFAULT_SETTINGS, timings: {}, nPapers: n, nEmbedded: n, nCached: 0, notices: [], phase },
  layout: layout(groups),
});

describe('run controller', () => {
  it('a refined map replaces the keyword map before the carried renames and selection are set, so views see only the new map', async () => {
    const state = createAppState();
    const first = result('keyword', [0, 0, 0, 1, 1, 1]);
    // The refined clusters use other ids; cluster 7 holds the papers of keyword cluster 0.
    const refined = result('refined', [7, 7, 7, 8, 8, 8]);
    let finish: (r: MapResult) => void = () => {};
    let firstShown: () => void = () => {};
    const shown = new Promise<void>((res) => (firstShown = res));
    const client = {
      map: (_p: Paper[], _s: unknown, _onProgress: unknown, onFirstMap: (r: MapResult) => void) => {
        onFirstMap(first);
        firstShown();
        return new Promise<MapResult>((res) => (finish = res));
      },
    } as unknown as PipelineClient;
    const runs = createRunController(state, client);
    const run = runs.map(papers, DEFAULT_SETTINGS);
    await shown;
    expect(state.result.get()?.info.phase).toBe('keyword');
    // The user renames keyword cluster 0 and selects it while the refinement runs.
    state.labels.set(new Map([[0, 'My topic']]));
    state.selectedClusters.set(new Set([0]));

    const seen: { what: string; phase: string | undefined }[] = [];
    state.labels.subscribe(() => seen.push({ what: 'labels', phase: state.result.get()?.info.phase }));
    state.selectedClusters.subscribe(() => seen.push({ what: 'selection', phase: state.result.get()?.info.phase }));
    finish(refined);
    await run;

    expect(state.result.get()?.info.phase).toBe('refined');
    // The edits followed their papers to the refined cluster…
    expect(state.labels.get().get(7)).toBe('My topic');
    expect([...state.selectedClusters.get()]).toEqual([7]);
    // …and every view notified of them already read the refined map.
    expect(seen.map((s) => s.what).sort()).toEqual(['labels', 'selection']);
    expect(seen.every((s) => s.phase === 'refined')).toBe(true);
  });
});
