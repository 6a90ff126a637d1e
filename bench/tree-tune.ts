/**
 * npm run bench:tree — the topic tree's numbers for clustering variants, per set:
 * ml-topics-13-dev tuning half / checking half / all (split BY TOPIC as in
 * bench/topic-tune.ts and cli/eval.ts), arxiv-sample-993, and optionally the first
 * rows of arxiv-cs-50k (`--cs 2000`, label = primary category). Prints NMI of the
 * topics, the top level, median label honesty per level, over several seeds so a
 * difference can be told from noise. Embeddings from the disk cache.
 *   tsx bench/tree-tune.ts [--sets tune,check,all,arxiv,cs] [--seeds 42,1,2] [--cs 2000]
 *     [--kw] (keywords only, no sentence vectors) [--w 0.4] (semantic weight setting)
 *     [--dims 100] (LSA dimensions) [--show] (labels per node) [--confusion] (label × topic counts)
 * The seed changes the LSA, the kNN search and the clustering together.
 */
import { existsSync } from 'node:fs';
import { readPapers } from '../cli/read-input.ts';
import { diskCache } from '../cli/disk-cache.ts';
import { lazyEncoder } from '../cli/lazy-encoder.ts';
import { nmi } from '../cli/metrics.ts';
import { embedStage } from '../src/pipeline/run.ts';
import { prepare } from '../src/pipeline/prepare.ts';
import { EMBED_DIM } from '../src/pipeline/embed.ts';
import { effectiveSemanticWeight, lexicalView, represent } from '../src/pipeline/represent.ts';
import { buildKnn } from '../src/pipeline/knn.ts';
import { graphNeighbors } from '../src/pipeline/cluster.ts';
import { clusterTree, labelTree } from '../src/pipeline/layout.ts';
import { DEFAULT_SETTINGS, type Paper } from '../src/types.ts';
import { labelledRows } from './labelled-rows.ts';

const DATA = '../shared/data';
const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const sets = opt('sets', 'tune,check,all,arxiv').split(',');
const seeds = opt('seeds', '42').split(',').map(Number);
const keywordsOnly = args.includes('--kw');
const enc = lazyEncoder();
const cache = diskCache();

async function rowsOf(all: Paper[], keep: (label: string) => boolean) {
  // The kept papers are a corpus of their own (as cli/eval.ts): the title vectors' weight depends on its size (run.ts titleVectorWeight).
  const papers = all.filter((p) => keep(p.extra?.label ?? ''));
  // Keywords only: no sentence vectors needed (zeros stand in; weight 0 ignores them).
  const computed = keywordsOnly
    ? (() => {
        const prepared = prepare(papers);
        return { prepared, vectors: new Float32Array(prepared.texts.length * EMBED_DIM) };
      })()
    : await embedStage(papers, enc, { settings: DEFAULT_SETTINGS, cache });
  return labelledRows(papers, computed, keep);
}

const median = (xs: number[]) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '–');

function measure(name: string, texts: string[], vectors: Float32Array, labels: string[]) {
  const n = texts.length;
  for (const seed of seeds) {
    const t0 = Date.now();
    const lex = lexicalView(texts, seed, args.includes('--dims') ? { dims: Number(opt('dims', '100')) } : {});
    const w = keywordsOnly ? 0 : effectiveSemanticWeight(Number(opt('w', String(DEFAULT_SETTINGS.semanticWeight))), n);
    const rep = represent(vectors, lex, w);
    const graphK = graphNeighbors(n, DEFAULT_SETTINGS.nNeighbors);
    const knn = buildKnn(rep.data, n, rep.dim, Math.max(DEFAULT_SETTINGS.nNeighbors, graphK), { seed });
    const zeros = new Float32Array(n);
    const t = clusterTree({ knn, rep, x: zeros, y: zeros }, { k: graphK, resolution: DEFAULT_SETTINGS.resolution, seed });
    const l = labelTree(lex.terms, t);
    const fine = t.ranked.assignment;
    const top = t.coarse ? Int32Array.from(fine, (c, i) => (t.coarse!.assignment[i] >= 0 ? t.coarse!.assignment[i] : c < 0 ? -1 : 100000 + c)) : fine;
    const h = [l.coarseLabels, l.labels, l.subLabels].map((ls) => f(median(ls.map((x) => x.honesty))));
    const minH = [l.coarseLabels, l.labels, l.subLabels].map((ls) => f(Math.min(...ls.map((x) => x.honesty))));
    if (args.includes('--confusion')) {
      const tab = new Map<string, Map<number, number>>();
      labels.forEach((lb, i) => {
        if (!tab.has(lb)) tab.set(lb, new Map());
        tab.get(lb)!.set(fine[i], (tab.get(lb)!.get(fine[i]) ?? 0) + 1);
      });
      for (const [lb, m] of [...tab].sort()) console.log(`  ${lb}: ${[...m].sort((a, b) => b[1] - a[1]).map(([c, v]) => `${c}:${v}`).join(' ')}`);
    }
    if (args.includes('--show')) {
      const sizes = (a: Int32Array, c: number) => a.reduce((s, x) => s + (x === c ? 1 : 0), 0);
      l.coarseLabels.forEach((x, c) => console.log(`  area ${c} (${sizes(t.coarse!.assignment, c)}) ${x.label} [${f(x.honesty)}]`));
      l.labels.forEach((x, c) => console.log(`  topic ${c} (${sizes(fine, c)}) ${x.label} [${f(x.honesty)}] area ${t.coarse?.parentOf[c] ?? '-'}`));
      l.subLabels.forEach((x, c) => console.log(`  sub ${c} (${sizes(t.subRanked!.assignment, c)}) ${x.label} [${f(x.honesty)}] topic ${t.subParent[c]}`));
    }
    console.log(
      `| ${name} | ${seed} | ${n} | ${t.ranked.clusters.length} | ${f(nmi(labels, fine))} | ${t.coarse?.count ?? 0} | ${f(nmi(labels, top))} | ${t.subRanked?.clusters.length ?? 0} | ${h.join(' / ')} | ${minH.join(' / ')} | ${Date.now() - t0} ms |`,
    );
  }
}

async function main() {
  console.log(`\n${keywordsOnly ? 'keywords only' : 'default weight'}; seeds ${seeds.join(',')}`);
  console.log('| set | seed | papers | topics | NMI topics | areas | NMI top | subtopics | median honesty a/t/s | min honesty a/t/s | time |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  const ml = `${DATA}/ml-topics-13-dev.jsonl`;
  if (existsSync(ml) && sets.some((s) => ['tune', 'check', 'all'].includes(s))) {
    const papers = readPapers(ml);
    const topics = [...new Set(papers.map((p) => p.extra?.label ?? ''))].sort();
    const tuning = new Set(topics.filter((_, i) => i % 2 === 0));
    if (sets.includes('tune')) {
      const r = await rowsOf(papers, (l) => tuning.has(l));
      measure('tune', r.texts, r.vectors, r.labels);
    }
    if (sets.includes('check')) {
      const r = await rowsOf(papers, (l) => !tuning.has(l));
      measure('check', r.texts, r.vectors, r.labels);
    }
    if (sets.includes('all')) {
      const r = await rowsOf(papers, () => true);
      measure('all', r.texts, r.vectors, r.labels);
    }
  }
  if (sets.includes('arxiv')) {
    const r = await rowsOf(readPapers(`${DATA}/arxiv-sample-993.jsonl`), () => true);
    measure('arxiv-993', r.texts, r.vectors, r.labels);
  }
  if (sets.includes('cs')) {
    const rows = Number(opt('cs', '2000'));
    const r = await rowsOf(readPapers(`${DATA}/arxiv-cs-50k.jsonl.gz`, rows), () => true);
    measure(`cs-${rows}`, r.texts, r.vectors, r.labels);
  }
  enc.dispose();
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
