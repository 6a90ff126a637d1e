/**
 * Exact duplicates after normalising case and whitespace. Every row is kept (export needs
 * them); `dupOf[i]` points at the first occurrence so the pipeline embeds it once.
 */
import type { Paper, Problem } from '../types.ts';
import { collapseSpace } from '../util/text.ts';

function norm(s: string): string {
  return collapseSpace(s).trim().toLowerCase();
}

export function dedupe(papers: Paper[]): { dupOf: Int32Array; problems: Problem[] } {
  const dupOf = new Int32Array(papers.length);
  const problems: Problem[] = [];
  const first = new Map<string, number>();
  papers.forEach((p, i) => {
    const key = `${norm(p.title)}\u0000${norm(p.abstract)}`;
    const j = first.get(key);
    if (j === undefined) {
      first.set(key, i);
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
