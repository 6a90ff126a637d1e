/**
 * The small-corpus resolution (cluster.ts SMALL_CORPUS_BOOST) on a set nothing was tuned on: random subsets
 * of the first 3,000 rows of arxiv-cs-50k (keywords only, label = primary category), NMI of the topics and
 * of the top level with the raise off (0) and on (0.3), seed 42.
 *   tsx bench/cs-small.ts [sizes, default 70,150,300] [draws, default 12]
 */
import { existsSync } from 'node:fs';
import { readPapers } from '../cli/read-input.ts';
import { nmi } from '../cli/metrics.ts';
import { prepare } from '../src/pipeline/prepare.ts';
import { lexicalView } from '../src/pipeline/represent.ts';
import { buildKnn } from '../src/pipeline/knn.ts';
import { clusterKnn, graphNeighbors } from '../src/pipeline/cluster.ts';
import { clusterTree } from '../src/pipeline/layout.ts';
import { mulberry32 } from '../src/pipeline/random.ts';
const src = '../shared/data/arxiv-cs-50k.jsonl.gz';
if (!existsSync(src)) {
  console.log(`(missing ${src})`);
  process.exit(0);
}
const papers = readPapers(src, 3000);
const prep = prepare(papers);
const first: number[] = [];
prep.unique.forEach((u, i) => { if (u >= 0 && first[u] === undefined) first[u] = i; });
const allTexts = prep.texts;
const allLabels = allTexts.map((_, t) => papers[first[t]].extra?.label ?? '');
const rng = mulberry32(7);
const draws = Number(process.argv[3] ?? 12);
for (const m of (process.argv[2] ?? '70,150,300').split(',').map(Number)) {
  const acc: Record<string, number[][]> = { '0': [[], []], '0.3': [[], []] };
  for (let d = 0; d < draws; d++) {
    const idx = [...allTexts.keys()].map((i) => [rng(), i]).sort((a, b) => a[0] - b[0]).slice(0, m).map((x) => x[1]);
    const texts = idx.map((i) => allTexts[i]);
    const labels = idx.map((i) => allLabels[i]);
    const n = texts.length;
    const lex = lexicalView(texts, 42);
    const rep = { data: lex.coords, dim: lex.dim, n };
    const k = graphNeighbors(n);
    const knn = buildKnn(rep.data, n, rep.dim, Math.max(k, 15), { seed: 42 });
    for (const b of [0, 0.3]) {
      const cl = clusterKnn(knn, { k, resolution: 1, seed: 42, smallBoost: b });
      const zeros = new Float32Array(n);
      const t = clusterTree({ knn, rep, x: zeros, y: zeros }, { k, resolution: 1, seed: 42, subtopics: false }, cl);
      const fine = t.ranked.assignment;
      const top = t.coarse ? Int32Array.from(fine, (c, i) => (t.coarse!.assignment[i] >= 0 ? t.coarse!.assignment[i] : c < 0 ? -1 : 100000 + c)) : fine;
      acc[String(b)][0].push(nmi(labels, fine));
      acc[String(b)][1].push(nmi(labels, top));
    }
  }
  const mean = (x: number[]) => (x.reduce((a, c) => a + c, 0) / x.length).toFixed(3);
  console.log(`cs subsets of ${m} (${draws} draws): topics ${mean(acc['0'][0])} → ${mean(acc['0.3'][0])}; top level ${mean(acc['0'][1])} → ${mean(acc['0.3'][1])}`);
}
