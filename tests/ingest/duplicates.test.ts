/**
 * One definition of "duplicate" (issue 11, defect 5): the preview (ingest's
 * dedupe, run by the batch the preview shows) and the map (the pipeline's
 * prepare, which embeds each text once and stacks duplicates on one dot) must
 * agree on every paper, including texts that differ only by Unicode
 * compatibility forms (NFKC), case, whitespace or how title and abstract join.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { dedupe } from '../../src/ingest/dedupe.ts';
import { prepare } from '../../src/pipeline/prepare.ts';
import { IngestBatch } from '../../src/app/ingest-batch.ts';
import type { Paper } from '../../src/types.ts';

const paper = (i: number, title: string, abstract: string): Paper => ({ id: `p${i}`, title, abstract, authors: [], source: { file: 'a.csv', row: i + 1, format: 'csv' } });

/** Pairs a reader sees as the same paper, and the map stacks on one dot. */
const SAME: [string, string, string, string][] = [
  ['ﬁne-tuning of LLMs', 'We study ﬁne-tuning.', 'fine-tuning of LLMs', 'We study fine-tuning.'], // ligature ﬁ (NFKC)
  ['Ｓｐａｒｓｅ Nets', 'We prune.', 'Sparse Nets', 'We prune.'], // fullwidth letters (NFKC)
  ['Café', 'Un résumé.', 'Cafe\u0301', 'Un re\u0301sume\u0301.'], // composed vs combining accents (NFKC)
  ['Dense  Nets', 'We   GROW.', 'dense nets', 'we grow.'], // case and whitespace
  ['Sparse Trees.', 'We cut.', 'Sparse Trees', 'We cut.'], // the model reads both as "Sparse Nets. We prune."
];

describe('duplicates: the preview and the map agree', () => {
  it('marks the same papers as duplicates of the same first paper', () => {
    const papers = SAME.flatMap(([t1, a1, t2, a2], k) => [paper(2 * k, t1, a1), paper(2 * k + 1, t2, a2)]);
    const fromPreview = Array.from(dedupe(papers).dupOf);
    const fromMap = Array.from(prepare(papers).rep);
    expect(fromMap).toEqual(papers.map((_, i) => (i % 2 ? i - 1 : i)));
    expect(fromPreview).toEqual(fromMap);
  });

  it('papers with nothing to embed are left off the map and are duplicates of nothing', () => {
    const papers = [paper(0, '', ''), paper(1, ' ', '  '), paper(2, 'Title', '')];
    expect(Array.from(dedupe(papers).dupOf)).toEqual([0, 1, 2]);
    expect(Array.from(prepare(papers).rep)).toEqual([0, 1, 2]);
  });

  it('agrees on any mix of near-identical papers (property)', () => {
    const part = fc.constantFrom('ﬁne', 'fine', 'FINE', 'Ｆine', ' fine  ', 'fine.', 'cafe\u0301', 'café', '', 'x');
    fc.assert(
      fc.property(fc.array(fc.tuple(part, part), { minLength: 1, maxLength: 12 }), (pairs) => {
        const papers = pairs.map(([t, a], i) => paper(i, t, a));
        expect(Array.from(dedupe(papers).dupOf)).toEqual(Array.from(prepare(papers).rep));
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('the preview counts as many duplicates as the map stacks', () => {
    const csv = ['title,abstract', ...SAME.flatMap(([t1, a1, t2, a2]) => [`"${t1}","${a1}"`, `"${t2}","${a2}"`])].join('\n');
    const { result, dupCount } = new IngestBatch([{ name: 'a.csv', text: csv }]).run();
    const prepared = prepare(result.papers);
    const stacked = Array.from(prepared.rep).filter((r, i) => r !== i).length;
    expect(stacked).toBe(SAME.length);
    expect(dupCount).toBe(stacked);
  });
});
