/**
 * What a title-only sentence vector would cost (issue 14, session 21): CPU time of USE-lite in Node
 * for the full texts ("Title. Abstract") vs the titles alone of the same papers, no cache.
 *   npx tsx bench/title-embed-cost.ts [n=192]
 */
import { readPapers } from '../cli/read-input.ts';
import { loadNodeEncoder } from '../src/model/load-node.ts';
import { embedText } from '../src/pipeline/embed.ts';

const n = Number(process.argv[2] ?? 192);
const papers = readPapers('../shared/data/ml-topics-13-dev.jsonl').slice(0, n);
const enc = await loadNodeEncoder();
await enc.embedBatch(['warm up']);
const time = async (texts: string[]) => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < texts.length; i += 16) await enc.embedBatch(texts.slice(i, i + 16));
  const c = process.cpuUsage(c0);
  return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
};
const full = await time(papers.map((p) => embedText(p.title, p.abstract ?? '')));
const titles = await time(papers.map((p) => p.title));
enc.dispose();
const f = (x: { wall: number; cpu: number }) => `${(x.cpu / 1000).toFixed(1)} s CPU (${(x.wall / 1000).toFixed(1)} s wall)`;
console.log(`${n} papers: full texts ${f(full)}, titles alone ${f(titles)}, titles/full CPU ${(titles.cpu / full.cpu).toFixed(2)}`);
