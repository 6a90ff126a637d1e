import { describe, it, expect } from 'vitest';
import { labelClusters } from '../../src/pipeline/label.ts';
import { buildTermMatrix } from '../../src/pipeline/tfidf.ts';

const A = [
  'Structured pruning of LLMs. We prune attention heads of LLMs for sparse inference.',
  'Pruned networks and sparsity. Magnitude pruning keeps sparse weights in LLMs.',
  'Lottery tickets in pruning. Iterative pruning finds sparse LLMs subnetworks.',
];
const B = [
  'Post-training quantization of ViT models. Low-bit quantization for ViT backbones.',
  'Quantized ViT inference. Integer quantization keeps ViT accuracy.',
  'Mixed-precision quantization of ViT encoders with calibration.',
];
const C = [
  'Dense retrieval of documents. Retrieval with learned document encoders.',
  'Document retrieval for question answering over large corpora.',
  'Hybrid retrieval mixes sparse and dense document search.',
];

describe('labelClusters', () => {
  const texts = [...A, ...B, ...C];
  const tm = buildTermMatrix(texts);
  const assignment = Int32Array.from([0, 0, 0, 1, 1, 1, 2, 2, 2]);
  const labels = labelClusters(tm, assignment, 3);

  it('names each cluster by its distinctive terms, folding plural and -ed/-ing forms', () => {
    expect(labels[0].terms[0]).toMatch(/prun/i);
    expect(labels[1].terms.join(' ')).toMatch(/quantiz/i);
    expect(labels[2].terms[0]).toMatch(/retrieval/i);
  });

  it('keeps acronyms as written', () => {
    const all = labels.flatMap((l) => l.terms).join(' ');
    expect(all).toMatch(/\bViT\b/);
    expect(all).not.toMatch(/\bvit\b/);
  });

  it('gives 1-3 terms joined by " · " and never a sub-phrase of a chosen term', () => {
    for (const l of labels) {
      expect(l.terms.length).toBeGreaterThanOrEqual(1);
      expect(l.terms.length).toBeLessThanOrEqual(3);
      expect(l.label).toBe(l.terms.join(' · '));
      for (const a of l.terms) for (const b of l.terms) if (a !== b) expect(` ${b.toLowerCase()} `.includes(` ${a.toLowerCase()} `)).toBe(false);
    }
  });

  it('never repeats a first keyphrase across clusters, even for identical clusters', () => {
    const twin = buildTermMatrix([...A, ...A.map((t) => t + ' ')]);
    const l = labelClusters(twin, Int32Array.from([0, 0, 0, 1, 1, 1]), 2);
    expect(l[0].terms[0].toLowerCase()).not.toBe(l[1].terms[0].toLowerCase());
  });

  it('ignores outliers (-1): their terms never name a cluster', () => {
    const tm2 = buildTermMatrix(['alpha beta', 'alpha gamma', 'epsilon zeta', 'epsilon zeta']);
    const l = labelClusters(tm2, Int32Array.from([0, 0, -1, -1]), 1);
    expect(l[0].terms[0]).toMatch(/^alpha/);
    expect(l[0].label).not.toMatch(/epsilon|zeta/);
  });

  it('a cluster of 3+ papers sharing no term is "Cluster N" (its 1-based id), while its neighbour keeps its terms', () => {
    const tm3 = buildTermMatrix(['alpha beta', 'gamma delta', 'epsilon zeta', 'pruning sparse nets', 'pruning dense nets', 'pruning of nets']);
    const l = labelClusters(tm3, Int32Array.from([1, 1, 1, 0, 0, 0]), 2);
    expect(l[1]).toMatchObject({ terms: [], label: 'Cluster 2' });
    expect(l[0].terms[0]).toMatch(/^(pruning|nets)$/);
    expect(l[0].label).not.toMatch(/^Cluster/);
  });
});

describe('labelClusters with acronyms', () => {
  it('does not show an acronym next to the phrase it abbreviates', () => {
    const texts = [
      'Large language models (LLMs) reason. LLMs and large language models plan.',
      'LLMs as large language models answer questions; large language models LLMs.',
      'Large language models LLMs write code with large language models.',
      'Robot grasping with a gripper.',
      'Robot grasping and gripper control.',
      'Gripper design for robot grasping.',
    ];
    const l = labelClusters(buildTermMatrix(texts), Int32Array.from([0, 0, 0, 1, 1, 1]), 2);
    const terms = l[0].terms.map((t) => t.toLowerCase());
    expect(terms.some((t) => t.startsWith('llm')) && terms.some((t) => t.includes('large language model'))).toBe(false);
  });
});

describe('label honesty', () => {
  // Cluster 0: ten papers; "kernel" in 3, "sampler", "tokenizer", "optimizer" in 2 each, one paper with none.
  // Its three best terms cover 7 of 10 papers; a fourth distinctive term lifts that to 9 of 10.
  const themes = ['kernel', 'kernel', 'kernel', 'sampler', 'sampler', 'tokenizer', 'tokenizer', 'optimizer', 'optimizer', 'baseline'];
  const fillers = ['river', 'mountain', 'forest', 'desert', 'island', 'valley', 'canyon', 'meadow', 'glacier', 'lagoon'];
  const cluster0 = themes.map((t, i) => `${t} for ${fillers[i]}.`);
  const cluster1 = fillers.map((f) => `Protein folding and molecular docking of ${f} enzymes with protein structure.`);
  const tm = buildTermMatrix([...cluster0, ...cluster1]);
  const assignment = Int32Array.from({ length: 20 }, (_, i) => (i < 10 ? 0 : 1));

  it('adds a term beyond the usual three when that brings the share of papers containing a label term to 0.8', () => {
    const [l] = labelClusters(tm, assignment, 2);
    expect(l.honesty).toBeGreaterThanOrEqual(0.8);
    expect(l.terms.length).toBeLessThanOrEqual(4);
    // The best-scored term is kept, first.
    expect(l.terms[0].toLowerCase()).toBe('kernel');
  });
});

describe('label terms', () => {
  it('never shows a word next to a longer form of it ("explain" and "explainable")', () => {
    const places = ['river', 'mountain', 'forest', 'desert', 'island', 'valley'];
    const texts = [
      ...places.map((p, i) => (i % 2 ? `Explainable ${p} classifiers explain decisions.` : `We explain ${p} scores with explainable saliency and decisions.`)),
      ...places.map((p) => `Protein folding and molecular docking of ${p} enzymes.`),
    ];
    const tm = buildTermMatrix(texts);
    const labels = labelClusters(tm, Int32Array.from({ length: 12 }, (_, i) => (i < 6 ? 0 : 1)), 2);
    const words = labels[0].terms.flatMap((t) => t.toLowerCase().split(' '));
    for (const a of words) for (const b of words) if (a !== b) expect(b.startsWith(a), `${labels[0].label}`).toBe(false);
  });
});

describe('coverIndex', () => {
  it('answers every cover question exactly as coverage does, for terms in and outside its pool', async () => {
    const { coverIndex, coverage } = await import('../../src/pipeline/label.ts');
    const texts = [...A, ...B, ...C, ...A.map((t) => t.replace('LLMs', 'models')), ...C.map((t) => `${t} Sparse search.`)];
    const tm = buildTermMatrix(texts, { minDf: 1 });
    // More than 32 rows, so the bitsets span several words.
    const rows = Array.from({ length: 40 }, (_, i) => i % texts.length);
    const pool = [0, 3, 5, 8, 13, 21].filter((t) => t < tm.keys.length);
    const cover = coverIndex(tm, rows, pool);
    const questions = [[], [pool[0]], [pool[1], pool[2]], pool, [pool[3], tm.keys.length - 1], [tm.keys.length - 2]];
    for (const q of questions) expect(cover(q)).toBe(coverage(tm, rows, q));
    expect(coverIndex(tm, [], pool)([pool[0]])).toBe(1);
  });
});
