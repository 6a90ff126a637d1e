/**
 * Against the real USE-lite model (loaded once, ~5 s): tokenizer guard,
 * reference cosines from DESIGN.md, and the demo listing's pruning and
 * quantization papers through the full pipeline.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadNodeEncoder } from '../../src/model/load-node.ts';
import { EMBED_DIM, type Encoder } from '../../src/pipeline/embed.ts';
import { runPipeline } from '../../src/pipeline/run.ts';
import { parseListing } from '../../src/ingest/index.ts';
import { DEFAULT_SETTINGS, type MapResult, type Paper } from '../../src/types.ts';

let encoder: Encoder;
beforeAll(async () => {
  encoder = await loadNodeEncoder();
}, 120_000);
afterAll(() => encoder?.dispose());

const cos = (v: Float32Array, a: number, b: number) => {
  let s = 0;
  for (let j = 0; j < EMBED_DIM; j++) s += v[a * EMBED_DIM + j] * v[b * EMBED_DIM + j];
  return s;
};

describe('USE-lite in Node', () => {
  it('tokenizes with the "▁" word-boundary character intact (guard against mis-decoded bundles)', () => {
    expect(encoder.encode('Graph neural networks for molecular property prediction.')).toEqual([1502, 1341, 1334, 5122, 1846, 7, 22, 992, 147, 3737, 1999, 3477, 243, 6]);
  });

  it('reproduces the reference cosines and unit-length vectors', async () => {
    const v = await encoder.embedBatch([
      'Graph neural networks for molecular property prediction.',
      'Predicting chemical properties of molecules with message-passing neural nets.',
      'A randomized controlled trial of vitamin D supplementation in elderly patients.',
    ]);
    expect(cos(v, 0, 1)).toBeCloseTo(0.742, 1);
    expect(Math.abs(cos(v, 0, 1) - 0.742)).toBeLessThan(0.01);
    expect(Math.abs(cos(v, 0, 2) - 0.39)).toBeLessThan(0.03);
    expect(Math.abs(cos(v, 1, 2) - 0.45)).toBeLessThan(0.03);
    for (let i = 0; i < 3; i++) expect(Math.sqrt(cos(v, i, i))).toBeCloseTo(1, 3);
  });
});

describe('demo listing through the real pipeline', () => {
  let papers: Paper[];
  let result: MapResult;
  beforeAll(async () => {
    papers = parseListing(readFileSync('public/samples/hf-daily-papers-listing.txt', 'utf8'), 'listing.txt').papers;
    result = await runPipeline(papers, encoder, { settings: DEFAULT_SETTINGS });
  }, 300_000);

  /** The cluster holding the most of the papers whose titles match, and how many it holds. */
  function bestCluster(titles: RegExp[]) {
    const idx = titles.map((re) => papers.findIndex((p) => re.test(p.title)));
    expect(idx.every((i) => i >= 0)).toBe(true);
    const count = new Map<number, number>();
    for (const i of idx) if (result.layout.cluster[i] >= 0) count.set(result.layout.cluster[i], (count.get(result.layout.cluster[i]) ?? 0) + 1);
    const [id, n] = [...count].sort((a, b) => b[1] - a[1])[0] ?? [-1, 0];
    return { n, cluster: result.layout.clusters.find((c) => c.id === id) };
  }

  it('reads all 68 papers', () => {
    expect(papers).toHaveLength(68);
  });

  it('puts at least 5 of the 7 pruning papers in one cluster whose label names pruning or sparsity', () => {
    const { n, cluster } = bestCluster([/ECoFLaP/, /Layer-Adaptive Weight Pruning/i, /Global Channel Pruning/i, /Pruning by Explaining/i, /Bi-level Optimization/i, /Lottery Ticket Hypothesis/i, /Play the Lottery/i]);
    expect(n).toBeGreaterThanOrEqual(5);
    expect(cluster?.label).toMatch(/prun|spars/i);
  });

  // Before the small-corpus resolution (cluster.ts SMALL_CORPUS_BOOST) they sat in a 16-paper topic led by "LLM".
  it('puts at least 3 of the 4 quantization papers in one cluster whose label leads with quantization', () => {
    const { n, cluster } = bestCluster([/^Q-VLM/, /^RSQ/, /^Quantune/, /^SimQ-NAS/]);
    expect(n).toBeGreaterThanOrEqual(3);
    expect(cluster?.terms[0]).toMatch(/quanti/i);
  });

  // Before the small-corpus resolution: 2 of them with data-selection papers ("influence estimation · GBDTs · data selection").
  it('puts at least 3 of the 4 papers with gradient boosting in their title in one cluster whose label names boosting', () => {
    const { n, cluster } = bestCluster([/Influence-Estimation Methods for Gradient-Boosted/, /^Gradient Boosting Reinforcement/, /^Sequential Training of Neural Networks with Gradient Boosting/, /^Quantune/]);
    expect(n).toBeGreaterThanOrEqual(3);
    expect(cluster?.label).toMatch(/boost/i);
  });

  it('labels every cluster with distinct first keyphrases', () => {
    const firsts = result.layout.clusters.map((c) => c.terms[0]?.toLowerCase());
    expect(new Set(firsts).size).toBe(firsts.length);
  });
});
