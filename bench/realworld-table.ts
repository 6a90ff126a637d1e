/**
 * Before/after table for issue 13: every file in ../shared/data/realworld-exports through the
 * app's own ingest (IngestBatch, bytes in), compared with an independent count
 * (tests/realworld/count_records.py, Python's csv/json modules and format markers).
 * Per format: files, records (with a title or abstract), parsed, lost, invented.
 * A paper counts as matched when its title's loose key (first 24 ASCII letters) is one of the
 * expected ones; parsed papers beyond the matches are invented (junk), expected ones unmatched are lost.
 * Run: npx tsx bench/realworld-table.ts [--files]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IngestBatch } from '../src/app/ingest-batch.ts';

const DIR = fileURLToPath(new URL('../../shared/data/realworld-exports/', import.meta.url));
const COUNTER = fileURLToPath(new URL('../tests/realworld/count_records.py', import.meta.url));

interface Expected { kind: string; records: number; papers: number; keys: string[] }
const expected = JSON.parse(execFileSync('python3', [COUNTER, DIR, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 })) as Record<string, Expected>;

function key(t: string): string {
  return t.replace(/\\[a-zA-Z]+/g, '').normalize('NFKD').toLowerCase().replace(/[^a-z]/g, '').slice(0, 24);
}

interface Row { files: number; records: number; parsed: number; lost: number; invented: number; abstract: number; authors: number; year: number }
const rows = new Map<string, Row>();
const perFile: string[] = [];
for (const [rel, exp] of Object.entries(expected)) {
  const bytes = new Uint8Array(readFileSync(join(DIR, rel)));
  const name = rel.split('/').pop()!;
  const { result, files } = new IngestBatch([{ name, bytes }]).run();
  const want = new Map<string, number>();
  for (const k of exp.keys) want.set(k, (want.get(k) ?? 0) + 1);
  let matched = 0;
  for (const p of result.papers) {
    const k = p.title ? key(p.title) : `abstract:${key(p.abstract)}`;
    const n = want.get(k) ?? 0;
    if (n > 0) {
      matched++;
      want.set(k, n - 1);
    }
  }
  const kind = exp.kind;
  const r = rows.get(kind) ?? { files: 0, records: 0, parsed: 0, lost: 0, invented: 0, abstract: 0, authors: 0, year: 0 };
  r.abstract += result.papers.filter((p) => p.abstract).length;
  r.authors += result.papers.filter((p) => p.authors.length > 0).length;
  r.year += result.papers.filter((p) => p.year !== undefined).length;
  r.files++;
  r.records += exp.papers;
  r.parsed += result.papers.length;
  r.lost += exp.papers - matched;
  r.invented += result.papers.length - matched;
  rows.set(kind, r);
  perFile.push(`${rel.padEnd(48)} ${files[0].format.padEnd(10)} expected ${String(exp.papers).padStart(5)}  parsed ${String(result.papers.length).padStart(5)}  lost ${String(exp.papers - matched).padStart(4)}  invented ${String(result.papers.length - matched).padStart(4)}`);
}
if (process.argv.includes('--files')) process.stdout.write(`${perFile.join('\n')}\n\n`);
process.stdout.write('| format | files | records | parsed | lost | invented | with abstract | with authors | with year |\n|---|---|---|---|---|---|---|---|---|\n');
const tot: Row = { files: 0, records: 0, parsed: 0, lost: 0, invented: 0, abstract: 0, authors: 0, year: 0 };
const line = (k: string, r: Row) => `| ${k} | ${r.files} | ${r.records} | ${r.parsed} | ${r.lost} | ${r.invented} | ${r.abstract} | ${r.authors} | ${r.year} |\n`;
for (const [k, r] of [...rows].sort()) {
  process.stdout.write(line(k, r));
  for (const f of Object.keys(tot) as Array<keyof Row>) tot[f] += r[f];
}
process.stdout.write(line('all', tot));
