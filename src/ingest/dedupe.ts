/**
 * Duplicates as the map sees them (util/paper-text.ts duplicateKey: the embedded
 * text, equal after NFKC, case and whitespace folding), so the preview's count is
 * the number of papers the map stacks. Every row is kept (export needs them);
 * `dupOf[i]` points at the first occurrence. A paper with nothing to embed is a
 * duplicate of nothing.
 */
import type { Paper, Problem } from '../types.ts';
import { duplicateKey } from '../util/paper-text.ts';

export function dedupe(papers: Paper[]): { dupOf: Int32Array; problems: Problem[] } {
  const dupOf = new Int32Array(papers.length);
  const problems: Problem[] = [];
  const first = new Map<string, number>();
  papers.forEach((p, i) => {
    const key = duplicateKey(p.title ?? '', p.abstract ?? '');
    const j = key ? first.get(key) : undefined;
    if (j === undefined) {
      if (key) first.set(key, i);
      dupOf[i] = i;
      return;
    }
    dupOf[i] = j;
    const orig = papers[j].source;
    const where = orig.file === p.source.file ? `row ${orig.row}` : `row ${orig.row} of ${orig.file}`;
    const prob: Problem = { severity: 'info', message: `duplicate of ${where}`, file: p.source.file, row: p.source.row };
    if (p.source.line !== undefined) prob.line = p.source.line;
    problems.push(prob);
  });
  return { dupOf, problems };
}
