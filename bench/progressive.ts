/**
 * The progressive run on a labelled corpus, in Node (real model, WASM, embeddings cached on disk):
 * time to the keyword map and to the refined map, NMI/ARI of each against the labels, the
 * single-phase default run's NMI (the refined map must equal it), and the mean displacement.
 * Usage: npx tsx bench/progressive.ts [../shared/data/ml-topics-13-dev.jsonl]
 */
import { readFileSync } from 'node:fs';
import { ingestText } from '../src/ingest/index.ts';
import { runProgressive } from '../src/pipeline/progressive.ts';
import { runPipeline } from '../src/pipeline/run.ts';
import { DEFAULT_SETTINGS, type MapResult } from '../src/types.ts';
import { diskCache, defaultCacheDir } from '../cli/disk-cache.ts';
import { lazyEncoder } from '../cli/lazy-encoder.ts';
import { ari, nmi } from '../cli/metrics.ts';

const file = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? '../shared/data/ml-topics-13-dev.jsonl';
const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
const labels = lines.map((l) => String(JSON.parse(l).label));
const { papers } = ingestText(lines.join('\n'), 'bench.jsonl');
if (papers.length !== labels.length) throw new Error(`read ${papers.length} papers for ${labels.length} lines`);
const disk = diskCache(defaultCacheDir());
const real = lazyEncoder();
// --cached: the vectors come from the disk cache through the encoder (the run still has two
// phases, quality figures are exact; the times then do not include the model).
const cachedMode = process.argv.includes('--cached');
const encoder = cachedMode
  ? { ...real, async embedBatch(texts: string[]) {
      const got = await disk.get(texts);
      if (got.every(Boolean)) {
        const out = new Float32Array(texts.length * 512);
        got.forEach((v, i) => out.set(v!, i * 512));
        return out;
      }
      return real.embedBatch(texts);
    } }
  : real;
const cache = cachedMode ? undefined : disk;
const score = (r: MapResult) => {
  const c = Array.from(r.layout.cluster).map(String);
  return `${r.layout.clusters.length} clusters, NMI ${nmi(labels, c).toFixed(4)}, ARI ${ari(labels, c).toFixed(4)}`;
};
const t0 = performance.now();
let tFirst = 0;
let first: MapResult | null = null;
const refined = await runProgressive(papers, encoder, {
  settings: DEFAULT_SETTINGS,
  cache,
  onFirstMap: (r) => {
    tFirst = performance.now() - t0;
    first = r;
  },
});
const tDone = performance.now() - t0;
console.log(`${papers.length} papers from ${file}`);
if (first) console.log(`first map (keyword view): ${(tFirst / 1000).toFixed(1)} s; ${score(first)}`);
else console.log('every vector was cached: one phase only (delete node_modules/.cache/paperscope for a cold run)');
console.log(`finished map (default mix):  ${(tDone / 1000).toFixed(1)} s; ${score(refined)}; first/finished ${(tFirst / tDone).toFixed(3)}`);
if (refined.info.displacement !== undefined) console.log(`mean displacement from the first map: ${refined.info.displacement.toFixed(3)} (map spans 2)`);
const single = await runPipeline(papers, encoder, { settings: DEFAULT_SETTINGS, cache: disk });
console.log(`single-phase default run (cached vectors): ${score(single)}`);
console.log(`timings: ${JSON.stringify(refined.info.timings)}`);
real.dispose();
