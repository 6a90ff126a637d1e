import { describe, expect, it } from 'vitest';
import { fromSessionJson, toSessionJson, type Session } from '../../src/store/session.ts';
import { DEFAULT_SETTINGS, type Paper } from '../../src/types.ts';

const paper = (i: number): Paper => ({
  id: `p${i}`,
  title: `Title ${i}`,
  abstract: `Abstract ${i}`,
  authors: ['A. Author'],
  year: 2024,
  source: { file: 'f.csv', row: i + 1, format: 'csv' },
});

function session(): Session {
  const papers = [paper(0), paper(1), paper(2)];
  return {
    papers,
    settings: { ...DEFAULT_SETTINGS, resolution: 1.5 },
    labels: new Map([[0, 'Renamed']]),
    merges: [[0, 1]],
    result: {
      info: { backend: 'wasm', model: 'm', settings: DEFAULT_SETTINGS, timings: {}, nPapers: 3, nEmbedded: 3, nCached: 0, notices: [] },
      layout: {
        x: Float32Array.from([0, 1, NaN]),
        y: Float32Array.from([1, 0, NaN]),
        cluster: Int32Array.from([0, 0, -1]),
        dupOf: Int32Array.from([0, 1, 2]),
        clusters: [{ id: 0, label: 'a · b', terms: ['a', 'b'], size: 2, members: [1, 0], cx: 0.5, cy: 0.5 }],
      },
    },
  };
}

describe('session files', () => {
  it('round-trip through JSON keeps papers, settings, edits and the map (NaN coordinates included)', () => {
    const back = fromSessionJson(JSON.parse(JSON.stringify(toSessionJson(session()))));
    expect(back.papers.map((p) => p.title)).toEqual(['Title 0', 'Title 1', 'Title 2']);
    expect(back.settings.resolution).toBe(1.5);
    expect(back.labels.get(0)).toBe('Renamed');
    expect(back.merges).toEqual([[0, 1]]);
    const l = back.result!.layout;
    expect(Array.from(l.x.slice(0, 2))).toEqual([0, 1]);
    expect(Number.isNaN(l.x[2])).toBe(true);
    expect(Array.from(l.cluster)).toEqual([0, 0, -1]);
    expect(l.clusters[0].members).toEqual([1, 0]);
  });

  it('rejects a layout whose columns do not match the papers, naming the column', () => {
    const json = toSessionJson(session());
    json.result!.layout.x.pop();
    expect(() => fromSessionJson(json)).toThrow(/layout\.x/);
  });

  it('treats hostile values as data: no prototype pollution, out-of-range members dropped, missing members appended', () => {
    const json = JSON.parse(JSON.stringify(toSessionJson(session())));
    json.papers[0] = JSON.parse('{"__proto__": {"polluted": 1}, "title": "T", "abstract": "A"}');
    json.result.layout.clusters[0].members = [0, 99, -1, 'x'];
    const back = fromSessionJson(json);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Paper 1 is in cluster 0 by layout.cluster (the truth), so it follows the listed member.
    expect(back.result!.layout.clusters[0].members).toEqual([0, 1]);
    expect(back.result!.layout.clusters[0].size).toBe(2);
  });

  it('refuses a file that is not a session', () => {
    expect(() => fromSessionJson({ papers: [] })).toThrow(/Not a Paperscope session/);
  });
});
