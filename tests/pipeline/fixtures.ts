/** Small synthetic corpora for pipeline tests. */
import type { Paper } from '../../src/types.ts';

export function paper(i: number, title: string, abstract: string): Paper {
  return { id: `p${i}`, title, abstract, authors: [], source: { file: 'test', row: i + 1, format: 'json' } };
}

const TOPICS: Record<string, string[]> = {
  pruning: ['pruning', 'sparse', 'sparsity', 'prune', 'lottery', 'ticket', 'magnitude', 'weights', 'pruned', 'structured'],
  quantization: ['quantization', 'quantized', 'bits', 'integer', 'precision', 'calibration', 'rounding', 'low-bit', 'int8', 'quantizer'],
  retrieval: ['retrieval', 'documents', 'query', 'search', 'index', 'ranking', 'dense', 'passages', 'recall', 'corpus'],
  robotics: ['robot', 'manipulation', 'grasping', 'locomotion', 'policy', 'sim-to-real', 'gripper', 'control', 'trajectory', 'arm'],
};

/** n papers per topic; each abstract draws words from its topic with a seeded LCG. */
export function topicCorpus(perTopic: number, seed = 1): { papers: Paper[]; topic: string[] } {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  const papers: Paper[] = [];
  const topic: string[] = [];
  for (const [name, words] of Object.entries(TOPICS)) {
    for (let i = 0; i < perTopic; i++) {
      const pick = () => words[Math.floor(rnd() * words.length)];
      const sentences = Array.from({ length: 4 }, () => `This ${pick()} ${pick()} study uses ${pick()} with ${pick()} and ${pick()}.`);
      papers.push(paper(papers.length, `On ${pick()} ${pick()} ${i}`, sentences.join(' ')));
      topic.push(name);
    }
  }
  return { papers, topic };
}
