import { describe, it, expect } from 'vitest';
import { toJson } from '../../cli/map.ts';
import { runPipeline } from '../../src/pipeline/run.ts';
import { MODEL_ID } from '../../src/pipeline/embed.ts';
import { DEFAULT_SETTINGS } from '../../src/types.ts';
import { fakeEncoder } from './fake-encoder.ts';
import { paper, topicCorpus } from './fixtures.ts';

describe('map CLI output', () => {
  it('stamps provenance, keeps every input paper with x, y, cluster and lists cluster members by id', async () => {
    const { papers } = topicCorpus(6);
    const all = [...papers, paper(99, '', '')];
    const result = await runPipeline(all, fakeEncoder(), { settings: DEFAULT_SETTINGS });
    const json = JSON.parse(JSON.stringify(toJson(all, result, '1.2.3')));
    expect(json).toMatchObject({ app: 'paperscope', version: '1.2.3', model: MODEL_ID, seed: DEFAULT_SETTINGS.seed, settings: DEFAULT_SETTINGS });
    expect(json.papers).toHaveLength(all.length);
    expect(json.papers[0]).toMatchObject({ id: 'p0', title: papers[0].title });
    expect(typeof json.papers[0].x).toBe('number');
    expect(json.papers[all.length - 1]).toMatchObject({ x: null, y: null, cluster: -1 });
    const ids = json.clusters.flatMap((c: { papers: string[] }) => c.papers);
    expect(ids.length).toBe(papers.length);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of json.clusters) expect(c.label).toBe(c.terms.join(' · '));
  });
});
