/**
 * The first (keyword) map of a progressive run on a large corpus, in Node: CPU seconds per stage
 * (process CPU time, which a busy machine inflates far less than wall time) and the clusters' NMI
 * against the corpus labels when the input has them (`label` or `category`/`categories` fields).
 * Usage: npx tsx bench/first-map.ts <input.jsonl[.gz]> [--limit N]
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { decodeText, ingestText } from '../src/ingest/index.ts';
import { prepare } from '../src/pipeline/prepare.ts';
import { layoutStage } from '../src/pipeline/layout.ts';
import { DEFAULT_SETTINGS, type Paper } from '../src/types.ts';
import { nmi } from '../cli/metrics.ts';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (!file) throw new Error('usage: npx tsx bench/first-map.ts <input.jsonl[.gz]> [--limit N]');
const limitAt = args.indexOf('--limit');
const limit = limitAt >= 0 ? Number(args[limitAt + 1]) : Infinity;
let bytes: Uint8Array = readFileSync(file);
if (file.endsWith('.gz')) bytes = gunzipSync(bytes);
let text = decodeText(bytes).text;
const lines = text.split('\n').filter((l: string) => l.trim());
if (lines.length > limit) text = lines.slice(0, limit).join('\n');
const labels = text.split('\n').filter((l: string) => l.trim()).map((l: string) => {
  const o = JSON.parse(l) as Record<string, unknown>;
  return String(o.label ?? o.category ?? (Array.isArray(o.categories) ? o.categories[0] : String(o.categories ?? '').split(' ')[0]));
});
const papers: Paper[] = ingestText(text, file.replace(/\.gz$/, '')).papers;

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const t0 = performance.now();
const c0 = cpu();
const stages: { stage: string; cpu: number; wall: number }[] = [];
let at = { stage: 'prepare', cpu: c0, wall: t0 };
const prepared = prepare(papers);
const result = await layoutStage(papers, { prepared, vectors: new Float32Array(0), nEmbedded: 0, nCached: 0 }, {
  settings: { ...DEFAULT_SETTINGS },
  keywordOnly: true,
  onProgress: (p) => {
    if (p.stage === at.stage) return;
    const now = { stage: p.stage, cpu: cpu(), wall: performance.now() };
    stages.push({ stage: at.stage, cpu: now.cpu - at.cpu, wall: (now.wall - at.wall) / 1000 });
    at = now;
  },
});
const total = { cpu: cpu() - c0, wall: (performance.now() - t0) / 1000 };
console.log(`${papers.length} papers, first (keyword) map: ${total.cpu.toFixed(1)} CPU s, ${total.wall.toFixed(1)} s wall`);
for (const s of stages) console.log(`  ${s.stage.padEnd(10)} ${s.cpu.toFixed(1).padStart(6)} CPU s ${s.wall.toFixed(1).padStart(6)} s wall`);
const assign = Array.from(result.layout.cluster);
if (new Set(labels).size > 1 && labels.length === assign.length) {
  console.log(`  clusters ${result.layout.clusters.length}, NMI vs labels ${nmi(labels, assign).toFixed(3)}`);
}
