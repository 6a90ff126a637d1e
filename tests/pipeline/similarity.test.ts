/**
 * One representation and one similarity (issue 11, defect 4). The map is built
 * from [√w·centred USE, √(1-w)·LSA] with cosine; before, Add-to-map ranked
 * neighbours by centred USE alone and Similar by raw USE, so the paper Similar
 * put first was not the paper the map put next to it, and an added paper could
 * land beside a paper the map itself did not consider close.
 */
import { describe, expect, it } from 'vitest';
import { embedStage, layoutStage, similar } from '../../src/pipeline/run.ts';
import { placeNew } from '../../src/pipeline/place.ts';
import { prepare } from '../../src/pipeline/prepare.ts';
import { effectiveSemanticWeight, lexicalView, represent } from '../../src/pipeline/represent.ts';
import { exactKnn } from '../../src/pipeline/knn.ts';
import { EMBED_DIM } from '../../src/model/model-info.ts';
import { DEFAULT_SETTINGS, type Paper } from '../../src/types.ts';
import { fakeEncoder } from './fake-encoder.ts';
import { paper, topicCorpus } from './fixtures.ts';

const settings = { ...DEFAULT_SETTINGS };

describe('Similar uses the map\'s representation and similarity', () => {
  it('searching with a paper\'s own text lists exactly the papers nearest to it in the space the map was built from', async () => {
    const { papers } = topicCorpus(6);
    const enc = fakeEncoder();
    const computed = await embedStage(papers, enc, { settings });
    await layoutStage(papers, computed, { settings });
    // The map's space, built here from the documented recipe.
    const n = computed.prepared.texts.length;
    const rep = represent(computed.vectors, lexicalView(computed.prepared.texts, settings.seed), effectiveSemanticWeight(settings.semanticWeight, n));
    const knn = exactKnn(rep.data, n, rep.dim, 5);
    for (const i of [0, 7, 13, 20]) {
      const text = computed.prepared.texts[i];
      const q = computed.vectors.slice(i * EMBED_DIM, (i + 1) * EMBED_DIM);
      const hits = similar(q, computed, 6, text);
      expect(hits[0].index).toBe(i);
      expect(hits[0].score).toBeCloseTo(1, 4);
      expect(hits.slice(1).map((h) => h.index)).toEqual(Array.from(knn.indices.subarray(i * 5, i * 5 + 5)));
    }
  });
});

describe('Add-to-map uses the map\'s representation and similarity', () => {
  it('a new paper lands beside the old paper the map\'s similarity ranks first, which Similar also ranks first', async () => {
    // Old papers: two topics by keywords. The new paper's words are those of paper 1 (topic A),
    // its sentence vector that of paper 4 (topic B): with few papers the map weighs keywords
    // most (effective semantic weight ≈ 0.05), so the map's nearest is paper 1.
    const words = ['pruning sparse lottery tickets', 'pruning sparse magnitude weights', 'pruning sparse structured channels', 'robot grasping gripper arm', 'robot grasping sim-to-real policy', 'robot grasping locomotion control'];
    const old: Paper[] = words.map((w, i) => paper(i, `Study ${i} of ${w}`, `We study ${w}.`));
    const added = paper(6, 'Study of pruning sparse magnitude weights', 'We study pruning sparse magnitude weights again.');
    const all = [...old, added];
    const prepared = prepare(all);
    const vectors = new Float32Array(all.length * EMBED_DIM);
    const axis = [0, 1, 2, 100, 101, 102, 101];
    axis.forEach((a, i) => {
      vectors[i * EMBED_DIM + a] = 1;
      vectors[i * EMBED_DIM + 300] = 0.3;
    });
    const layout = { x: Float32Array.from([0, 0.1, 0.2, 5, 5.1, 5.2]), y: Float32Array.from([0, 0.1, 0, 5, 5.1, 5]), cluster: Int32Array.from([0, 0, 0, 1, 1, 1]) };
    const p = placeNew(prepared, vectors, layout, 6, 1);
    expect(p.nearest[0]).toBe(1);
    expect(p.cluster[6]).toBe(0);
    expect([p.x[6], p.y[6]]).toEqual([layout.x[1], layout.y[1]]);
    // Similar, over the grown corpus, ranks the same paper first after the added paper itself.
    const computed = { prepared, vectors, nEmbedded: 7, nCached: 0 };
    const hits = similar(vectors.slice(6 * EMBED_DIM, 7 * EMBED_DIM), computed, 2, prepared.texts[6]);
    expect(hits.map((h) => h.index)).toEqual([6, 1]);
  });
});
