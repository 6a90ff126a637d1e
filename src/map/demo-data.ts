/**
 * Synthetic maps for demos and benchmarks: k Gaussian blobs of uneven size,
 * seeded so the same (n, k, seed) always gives the same map. Not used by the app.
 */
import type { ClusterInfo, Layout, Paper } from '../types.ts';
import { mulberry32 } from '../pipeline/random.ts';

export { mulberry32 } from '../pipeline/random.ts';

const WORDS = ['pruning', 'quantization', 'diffusion', 'agents', 'retrieval', 'vision', 'speech', 'graphs',
  'robotics', 'alignment', 'reasoning', 'compression', 'tokenizers', 'benchmarks', 'protein', 'video'];

/**
 * n points in k blobs; ~3% outliers (cluster -1) spread over the whole map.
 * Blob sizes follow a rough power law so label placement has big and small clusters.
 */
export function syntheticLayout(n: number, k: number, seed = 1): Layout {
  const rnd = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const weights = Array.from({ length: k }, (_, i) => 1 / (i + 1) ** 0.8);
  const wsum = weights.reduce((a, b) => a + b, 0);
  const centres = Array.from({ length: k }, () => [rnd() * 20 - 10, rnd() * 20 - 10]);
  const spread = Array.from({ length: k }, (_, i) => 0.4 + 1.2 * weights[i]);
  const x = new Float32Array(n), y = new Float32Array(n), cluster = new Int32Array(n), dupOf = new Int32Array(n);
  const members: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) {
    dupOf[i] = i;
    if (rnd() < 0.03 || k === 0) {
      x[i] = rnd() * 24 - 12;
      y[i] = rnd() * 24 - 12;
      cluster[i] = -1;
      continue;
    }
    let u = rnd() * wsum, c = 0;
    while (c < k - 1 && u > weights[c]) u -= weights[c++];
    x[i] = centres[c][0] + gauss() * spread[c];
    y[i] = centres[c][1] + gauss() * spread[c];
    cluster[i] = c;
    members[c].push(i);
  }
  const clusters: ClusterInfo[] = members.map((m, c) => {
    const terms = [WORDS[c % WORDS.length], WORDS[(c * 7 + 3) % WORDS.length]];
    return { id: c, label: `${terms.join(' · ')} ${c}`, terms, size: m.length, members: m, cx: centres[c][0], cy: centres[c][1] };
  });
  return { x, y, cluster, dupOf, clusters };
}

/** Papers to go with a synthetic layout (titles only). */
export function syntheticPapers(layout: Layout): Paper[] {
  return Array.from(layout.x, (_, i) => ({
    id: `p${i}`,
    title: `Synthetic paper ${i} on ${layout.clusters[layout.cluster[i]]?.terms[0] ?? 'misc'}`,
    abstract: '',
    authors: [],
    year: 2020 + (i % 6),
    source: { file: 'synthetic', row: i + 1, format: 'json' as const },
  }));
}
