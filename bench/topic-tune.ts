/**
 * npm run bench:topics — grid over representation and graph-clustering knobs on
 * ml-topics-13-dev split BY TOPIC (alphabetical, alternate topics): tuning half
 * (even positions) and checking half (odd). Prints NMI per half for each setting;
 * choices are made on the tuning half only. Embeddings from the disk cache.
 */
import { existsSync } from 'node:fs';
import { readPapers } from '../cli/read-input.ts';
import { diskCache } from '../cli/disk-cache.ts';
import { lazyEncoder } from '../cli/lazy-encoder.ts';
import { nmi } from '../cli/metrics.ts';
import { embedStage } from '../src/pipeline/run.ts';
import { EMBED_DIM } from '../src/pipeline/embed.ts';
import { centreRows, combine, lexicalView } from '../src/pipeline/represent.ts';
import { exactKnn } from '../src/pipeline/knn.ts';
import { clusterKnn } from '../src/pipeline/cluster.ts';
import { DEFAULT_SETTINGS } from '../src/types.ts';

const FILE = '../shared/data/ml-topics-13-dev.jsonl';
if (!existsSync(FILE)) {
  console.log(`skip: ${FILE} absent`);
  process.exit(0);
}
const papers = readPapers(FILE);
const topics = [...new Set(papers.map((p) => p.extra?.label ?? ''))].sort();
export const tuningTopics = topics.filter((_, i) => i % 2 === 0);

const enc = lazyEncoder();
const computed = await embedStage(papers, enc, { settings: DEFAULT_SETTINGS, cache: diskCache() });
enc.dispose();
const first: number[] = [];
computed.prepared.unique.forEach((u, i) => { if (u >= 0 && first[u] === undefined) first[u] = i; });
const labelOf = (t: number) => papers[first[t]].extra?.label ?? '';

function subset(which: 'tune' | 'check' | 'all') {
  const rows = computed.prepared.texts.map((_, t) => t).filter((t) => which === 'all' || (tuningTopics.includes(labelOf(t)) === (which === 'tune')));
  const n = rows.length;
  const raw = new Float32Array(n * EMBED_DIM);
  rows.forEach((t, r) => raw.set(computed.vectors.subarray(t * EMBED_DIM, (t + 1) * EMBED_DIM), r * EMBED_DIM));
  const texts = rows.map((t) => computed.prepared.texts[t]);
  return { n, raw, texts, labels: rows.map(labelOf) };
}

const args = process.argv.slice(2);
const halves = (args[0] ?? 'tune').split(',') as ('tune' | 'check' | 'all')[];
const ws = (args[1] ?? '0.3,0.4,0.5,0.6').split(',').map(Number);
const ks = (args[2] ?? '10,15,20,30').split(',').map(Number);
const rs = (args[3] ?? '0.6,0.8,1,1.2').split(',').map(Number);
const dimsList = (args[4] ?? '100').split(',').map(Number);
for (const h of halves) {
  const s = subset(h);
  const cen = centreRows(s.raw, s.n, EMBED_DIM);
  console.log(`\n## ${h}: ${s.n} papers, ${new Set(s.labels).size} topics`);
  console.log('| dims | w | k | res | clusters | outliers | NMI |');
  for (const dims of dimsList) {
    const lex = lexicalView(s.texts, DEFAULT_SETTINGS.seed, { dims });
    for (const w of ws) {
      const rep = combine(cen, EMBED_DIM, lex.coords, lex.dim, s.n, w);
      const knn = exactKnn(rep.data, s.n, rep.dim, Math.max(...ks));
      for (const k of ks)
        for (const r of rs) {
          const cl = clusterKnn(knn, { k, resolution: r, seed: DEFAULT_SETTINGS.seed });
          const nc = new Set([...cl].filter((c) => c >= 0)).size;
          console.log(`| ${dims} | ${w} | ${k} | ${r} | ${nc} | ${cl.filter((c) => c < 0).length} | ${nmi(s.labels, cl).toFixed(3)} |`);
        }
    }
  }
}
