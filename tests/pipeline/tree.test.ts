import { describe, it, expect } from 'vitest';
import { subtopics, splitCluster, modularity } from '../../src/pipeline/tree.ts';
import { labelClusters, coverage } from '../../src/pipeline/label.ts';
import { labelLevel } from '../../src/pipeline/tree.ts';
import { buildTermMatrix } from '../../src/pipeline/tfidf.ts';
import { exactKnn } from '../../src/pipeline/knn.ts';
import { gaussian, mulberry32 } from '../../src/pipeline/random.ts';
import { normaliseRows } from '../../src/pipeline/represent.ts';
import { indexTree, normaliseTree, pathOf, treeNodeIds } from '../../src/topic-tree.ts';
import type { ClusterInfo } from '../../src/types.ts';

/** Two clusters: cluster 0 made of two well-separated sub-blobs, cluster 1 one uniform blob. */
function twoClusters(seed = 3) {
  const rng = mulberry32(seed);
  const dim = 10;
  const per = 30;
  const rows: number[][] = [];
  const fine: number[] = [];
  const truthSub: number[] = [];
  const far = Array.from({ length: dim }, () => 4 * gaussian(rng));
  const near = Array.from({ length: dim }, () => 4 * gaussian(rng));
  const subA = near.map((v) => v + 1.2 * gaussian(rng));
  const subB = near.map((v) => v + 1.2 * gaussian(rng));
  for (const [centre, c, s] of [[subA, 0, 0], [subB, 0, 1], [far, 1, -1], [far, 1, -1]] as const) {
    for (let i = 0; i < per; i++) {
      rows.push(centre.map((v) => v + 0.3 * gaussian(rng)));
      fine.push(c);
      truthSub.push(s);
    }
  }
  const n = rows.length;
  const data = normaliseRows(Float32Array.from(rows.flat()), n, dim);
  return { knn: exactKnn(data, n, dim, 15), fine: Int32Array.from(fine), truthSub, n };
}

describe('subtopics', () => {
  it('splits a cluster made of two sub-groups, and leaves a uniform cluster whole', () => {
    const { knn, fine, truthSub, n } = twoClusters();
    const s = subtopics(knn, fine, 2, { k: 15, resolution: 1, seed: 42 });
    expect(s.count).toBe(2);
    expect([...s.parentOf]).toEqual([0, 0]);
    // Partition of cluster 0 that matches the planted sub-groups; cluster 1 has none.
    for (let i = 0; i < n; i++) {
      if (fine[i] === 1) expect(s.assignment[i]).toBe(-1);
      else expect(s.assignment[i]).toBeGreaterThanOrEqual(0);
    }
    const pairs = new Set<string>();
    for (let i = 0; i < n; i++) if (fine[i] === 0) pairs.add(`${truthSub[i]}:${s.assignment[i]}`);
    expect(pairs.size).toBe(2);
  });

  it('keeps a split only when its parts are set apart (conductance) with enough modularity', () => {
    // A ring of 40 nodes, each linked to its neighbours only: Louvain finds arcs, each
    // set apart by two edges, and they are kept; a complete graph has no structure: no split.
    const rows = Array.from({ length: 40 }, (_, i) => i);
    const complete: [number, number, number][] = [];
    for (let a = 0; a < 40; a++) for (let b = a + 1; b < 40; b++) complete.push([a, b, 1]);
    expect(splitCluster(rows, complete, 1, 1)).toBeUndefined();
    const ring: [number, number, number][] = rows.map((a) => [a, (a + 1) % 40, 1]);
    const parts = splitCluster(rows, ring, 1, 1)!;
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.flat().sort((a, b) => a - b)).toEqual(rows);
    const part = new Map<number, number>();
    parts.forEach((p, k) => p.forEach((r) => part.set(r, k)));
    expect(modularity(ring, part)).toBeGreaterThanOrEqual(0.3);
  });
});

const PRUNE = [
  'Structured pruning of LLMs. We prune attention heads for sparse inference.',
  'Magnitude pruning keeps sparse weights in LLMs.',
  'Lottery tickets and pruning of compressed networks.',
  'Iterative pruning finds sparse compressed subnetworks.',
];
const QUANT = [
  'Post-training quantization of compressed ViT models.',
  'Low-bit quantization keeps compressed ViT accuracy.',
  'Integer quantization of compressed encoders.',
  'Mixed-precision quantization with calibration.',
];
const OTHER = [
  'Dense retrieval of documents with learned encoders.',
  'Document retrieval for question answering.',
  'Hybrid retrieval mixes sparse and dense document search.',
  'Retrieval augmented generation over documents.',
];

describe('labels in a tree', () => {
  const tm = buildTermMatrix([...PRUNE, ...QUANT, ...OTHER]);
  it('reports label honesty: the share of papers containing a label term', () => {
    const [a] = labelClusters(tm, Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]), 3);
    const ids = a.keys.map((k) => tm.keys.indexOf(k));
    expect(a.honesty).toBeCloseTo(coverage(tm, [0, 1, 2, 3], ids), 9);
    // Computed by hand: papers whose stemmed terms include a label key.
    const manual = [0, 1, 2, 3].filter((r) => ids.some((t) => { for (let p = tm.counts.indptr[r]; p < tm.counts.indptr[r + 1]; p++) if (tm.counts.indices[p] === t) return true; return false; })).length / 4;
    expect(a.honesty).toBe(manual);
    expect(a.honesty).toBeGreaterThanOrEqual(0.75);
  });

  it('labels children against their siblings and does not repeat the parent term spread over both', () => {
    // Parent = pruning + quantization papers (all say "compressed"); children split them.
    const parentKeys = ['compress'];
    const assign = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1, -1, -1, -1, -1]);
    const l = labelLevel(tm, assign, 2, { of: Int32Array.from([0, 0]), keys: () => parentKeys });
    expect(l[0].terms.join(' ')).toMatch(/prun/i);
    expect(l[1].terms.join(' ')).toMatch(/quantiz/i);
    for (const x of l) expect(x.terms.join(' ')).not.toMatch(/compress/i);
  });

  it('says "Mixed" when no term is shared by a third of the papers', () => {
    const texts = Array.from({ length: 12 }, (_, i) => `Topic${i} alpha${i} beta${i} study. Shared${i % 6} words appear${i % 6} twice.`);
    const m = buildTermMatrix([...texts, ...OTHER, ...OTHER.map((t) => t + ' again')]);
    const assign = Int32Array.from([...texts.map(() => 0), ...OTHER.map(() => 1), ...OTHER.map(() => 1)]);
    const [mixed, clean] = labelClusters(m, assign, 2);
    expect(mixed.mixed).toBe(true);
    expect(mixed.label.startsWith('Mixed: ')).toBe(true);
    expect(clean.mixed).toBe(false);
  });
});

describe('topic tree helpers', () => {
  const node = (id: number, label: string, parent?: number): ClusterInfo => ({ id, label, terms: [], size: 1, members: [id], cx: 0, cy: 0, ...(parent !== undefined ? { parent } : {}) });

  it('gives node ids unique across levels and reads paths top-down', () => {
    const ids = treeNodeIds(3, 2);
    expect([ids.top(0), ids.top(1), ids.sub(0)]).toEqual([3, 4, 5]);
    const tree = indexTree({ clusters: [node(0, 'Segmentation', 3), node(1, 'Tracking', 3), node(2, 'Speech')], coarse: [node(3, 'Vision')], subtopics: [node(5, 'Medical', 0)] });
    expect(pathOf(tree, 5, new Map())).toEqual(['Vision', 'Segmentation', 'Medical']);
    expect(pathOf(tree, 5, new Map([[3, 'Computer vision']]))).toEqual(['Computer vision', 'Segmentation', 'Medical']);
    expect(tree.roots.map((c) => c.id)).toEqual([3, 2]);
  });

  it('renumbers area ids that collide with topic ids (files from before unique ids), parents following', () => {
    const old = { clusters: [node(0, 'a', 0), node(1, 'b', 1), node(2, 'c', 0)], coarse: [node(0, 'A'), node(1, 'B')] };
    const fixed = normaliseTree(old);
    const areaIds = fixed.coarse!.map((c) => c.id);
    expect(areaIds.every((id) => id > 2)).toBe(true);
    expect(fixed.clusters.map((c) => c.parent)).toEqual([areaIds[0], areaIds[1], areaIds[0]]);
    expect(pathOf(indexTree(fixed), 2, new Map())).toEqual(['A', 'c']);
    const fresh = { clusters: [node(0, 'a', 2)], coarse: [node(2, 'A')] };
    expect(normaliseTree(fresh)).toBe(fresh);
  });
});
