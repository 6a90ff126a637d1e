/**
 * Would the whole abstract in the sentence view sharpen the topics? USE-lite reads 128 tokens (about the
 * title and the first 90 words); here a second vector of the title and the rest of the abstract is averaged
 * in with weight m (0 / 0.3 / 0.5) and topic NMI measured, seeds 42/1/2: ml-topics-13-dev's tuning half,
 * checking half and all 13 topics, or with SET=file one labelled set (topics and top level).
 * Embeds every paper a second time on the first run (disk cache afterwards). Not used by the app.
 *   npx tsx bench/whole-abstract.ts    |    SET=../shared/data/arxiv-sample-993.jsonl npx tsx bench/whole-abstract.ts
 */
import { readPapers } from '../cli/read-input.ts';
import { diskCache } from '../cli/disk-cache.ts';
import { lazyEncoder } from '../cli/lazy-encoder.ts';
import { nmi } from '../cli/metrics.ts';
import { embedStage } from '../src/pipeline/run.ts';
import { EMBED_DIM } from '../src/pipeline/embed.ts';
import { effectiveSemanticWeight, lexicalView, represent, normaliseRows } from '../src/pipeline/represent.ts';
import { buildKnn } from '../src/pipeline/knn.ts';
import { clusterKnn, graphNeighbors } from '../src/pipeline/cluster.ts';
import { clusterTree } from '../src/pipeline/layout.ts';
import { DEFAULT_SETTINGS, type Paper } from '../src/types.ts';
import { labelledRows } from './labelled-rows.ts';
const enc = lazyEncoder();
const cache = diskCache();
const papers = readPapers(process.env.SET ?? '../shared/data/ml-topics-13-dev.jsonl');
const W = 90;
const chunk2 = papers.map((p): Paper => {
  const tw = p.title.split(/\s+/).length;
  const words = (p.abstract ?? '').split(/\s+/);
  const rest = words.slice(Math.max(0, W - tw));
  return { ...p, abstract: rest.length > 15 ? rest.join(' ') : words.join(' ') };
});
const c1 = await embedStage(papers, enc, { settings: DEFAULT_SETTINGS, cache });
const c2 = await embedStage(chunk2, enc, { settings: DEFAULT_SETTINGS, cache, onProgress: (p) => p.message && process.stderr.write(p.message + '\r') });
enc.dispose();
const topics = [...new Set(papers.map((p) => p.extra?.label ?? ''))].sort();
const tuning = new Set(topics.filter((_, i) => i % 2 === 0));
for (const [name, keep] of (process.env.SET ? [['all', () => true]] : [['tune', (l: string) => tuning.has(l)], ['check', (l: string) => !tuning.has(l)], ['all', () => true]]) as [string, (l: string) => boolean][]) {
  const a = labelledRows(papers, c1, keep);
  const b = labelledRows(chunk2, c2, keep);
  const n = a.texts.length;
  const res: Record<string, string[]> = {};
  for (const m of [0, 0.3, 0.5]) {
    const v = new Float32Array(n * EMBED_DIM);
    for (let i = 0; i < v.length; i++) v[i] = (1 - m) * a.vectors[i] + m * b.vectors[i];
    normaliseRows(v, n, EMBED_DIM);
    res[m] = [];
    for (const seed of [42, 1, 2]) {
      const lex = lexicalView(a.texts, seed);
      const rep = represent(v, lex, effectiveSemanticWeight(0.4, n));
      const k = graphNeighbors(n);
      const knn = buildKnn(rep.data, n, rep.dim, Math.max(k, 15), { seed });
      const cl = clusterKnn(knn, { k, resolution: 1, seed });
      if (process.env.SET) {
        const zeros = new Float32Array(n);
        const t = clusterTree({ knn, rep, x: zeros, y: zeros }, { k, resolution: 1, seed, subtopics: false }, cl);
        const fine = t.ranked.assignment;
        res[m].push(nmi(a.labels, cl).toFixed(3) + ' top ' + nmi(a.labels, t.coarse ? Int32Array.from(fine, (c, i) => (t.coarse!.assignment[i] >= 0 ? t.coarse!.assignment[i] : c < 0 ? -1 : 100000 + c)) : fine).toFixed(3));
      } else res[m].push(nmi(a.labels, cl).toFixed(3));
    }
  }
  console.log(name, JSON.stringify(res));
}
