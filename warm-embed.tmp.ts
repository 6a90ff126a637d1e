import { readPapers } from './cli/read-input.ts';
import { diskCache } from './cli/disk-cache.ts';
import { lazyEncoder } from './cli/lazy-encoder.ts';
import { embedStage } from './src/pipeline/run.ts';
import { DEFAULT_SETTINGS } from './src/types.ts';
const enc = lazyEncoder(); const cache = diskCache();
for (const f of ['public/samples/hf-daily-papers-listing.txt', '../shared/data/ml-topics-13-dev.jsonl', '../shared/data/arxiv-sample-993.jsonl']) {
  const t0 = Date.now();
  const c = await embedStage(readPapers(f), enc, { settings: DEFAULT_SETTINGS, cache, onProgress: (p) => p.message && process.stderr.write(`${f} ${p.message}\n`) });
  console.log(f, c.nEmbedded, c.nCached, Date.now() - t0);
}
enc.dispose();
