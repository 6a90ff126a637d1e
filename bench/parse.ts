/**
 * Parse benchmark: the 50,000-paper arXiv sample as JSONL, as CSV (papaparse unparse of the
 * same records) and, for scale, its first 2,000 records as BibTeX. Prints the median of 3 runs.
 * Run: npx tsx bench/parse.ts
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { parseBibtex, parseCsv, parseJsonl } from '../src/ingest/index.ts';
import type { IngestResult } from '../src/types.ts';

const DATA = fileURLToPath(new URL('../../shared/data/arxiv-cs-50k.jsonl.gz', import.meta.url));
const RUNS = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(label: string, chars: number, fn: () => IngestResult): void {
  const ms: number[] = [];
  let r: IngestResult | null = null;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    r = fn();
    ms.push(performance.now() - t0);
  }
  const errors = r!.problems.filter((p) => p.severity === 'error').length;
  process.stdout.write(
    `${label.padEnd(8)} ${(chars / 1e6).toFixed(1).padStart(6)} MB  papers ${String(r!.papers.length).padStart(6)}  errors ${errors}  ` +
      `median ${median(ms).toFixed(0)} ms  (runs: ${ms.map((m) => m.toFixed(0)).join(', ')})\n`,
  );
}

const jsonl = gunzipSync(readFileSync(DATA)).toString('utf8');
time('jsonl', jsonl.length, () => parseJsonl(jsonl, 'arxiv-cs-50k.jsonl'));

const records = jsonl
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Record<string, unknown>);
const csv = Papa.unparse(records);
time('csv', csv.length, () => parseCsv(csv, 'arxiv-cs-50k.csv'));

const bib = records
  .slice(0, 2000)
  .map((r, i) => `@article{k${i},\n  title = {${r.title}},\n  abstract = {${r.abstract}},\n  year = ${r.year},\n  eprint = {${r.id}}\n}\n`)
  .join('\n');
time('bibtex', bib.length, () => parseBibtex(bib, 'arxiv-2k.bib'));
