import { describe, expect, it } from 'vitest';
import { toJson } from '../../cli/map.ts';
import { fromMapJson, isMapJson, MAP_JSON_MARKER } from '../../src/store/map-json.ts';
import { DEFAULT_SETTINGS, type MapResult, type Paper } from '../../src/types.ts';

const paper = (i: number): Paper => ({
  id: `2401.0000${i}`,
  title: `Paper ${i}`,
  abstract: `Abstract ${i}`,
  authors: [`Author ${i}`],
  year: 2024,
  source: { file: 'in.jsonl', row: i + 1, format: 'jsonl' },
});

function result(): MapResult {
  return {
    layout: {
      x: Float32Array.from([0, 1, 2, NaN]),
      y: Float32Array.from([0, 1, 2, NaN]),
      cluster: Int32Array.from([0, 0, 1, -1]),
      dupOf: Int32Array.from([0, 1, 2, 3]),
      clusters: [
        { id: 0, label: 'pruning · sparsity', terms: ['pruning', 'sparsity'], size: 2, members: [1, 0], cx: 0.5, cy: 0.5, parent: 0 },
        { id: 1, label: 'quantization', terms: ['quantization'], size: 1, members: [2], cx: 2, cy: 2, parent: 0 },
      ],
      coarse: [{ id: 0, label: 'compression', terms: [], size: 3, members: [0, 1, 2], cx: 1, cy: 1 }],
    },
    info: { backend: 'wasm', model: 'm', settings: { ...DEFAULT_SETTINGS, seed: 7 }, timings: {}, nPapers: 4, nEmbedded: 4, nCached: 0, notices: [] },
  };
}

describe('npm run map output opened in the app', () => {
  it('turns the CLI JSON back into the same map: positions, clusters in representative order, hierarchy, settings', () => {
    const text = JSON.stringify(toJson([0, 1, 2, 3].map(paper), result(), '0.1.0'), null, 1);
    expect(MAP_JSON_MARKER.test(text.slice(0, 4096))).toBe(true);
    const value = JSON.parse(text);
    expect(isMapJson(value)).toBe(true);
    const s = fromMapJson(value);
    const l = s.result!.layout;
    expect(s.papers.map((p) => p.title)).toEqual(['Paper 0', 'Paper 1', 'Paper 2', 'Paper 3']);
    expect(Array.from(l.x.slice(0, 3))).toEqual([0, 1, 2]);
    expect(Number.isNaN(l.x[3])).toBe(true);
    expect(Array.from(l.cluster)).toEqual([0, 0, 1, -1]);
    expect(l.clusters[0].members).toEqual([1, 0]);
    expect(l.clusters[0].label).toBe('pruning · sparsity');
    expect(l.coarse?.[0].members.sort()).toEqual([0, 1, 2]);
    expect(s.settings.seed).toBe(7);
    expect(s.result!.info.nEmbedded).toBe(0);
  });

  it('ignores cluster members that name no paper', () => {
    const value = JSON.parse(JSON.stringify(toJson([0, 1, 2, 3].map(paper), result(), '0.1.0')));
    value.clusters[0].papers.push('not-a-paper', 42);
    expect(fromMapJson(value).result!.layout.clusters[0].members).toEqual([1, 0]);
  });
});
