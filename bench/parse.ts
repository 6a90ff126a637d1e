/**
 * Parse benchmark: MB/s per format, through the app's own entry point (ingestText: detection,
 * reader, checks). Every format is written from the same arXiv records (../shared/data/
 * arxiv-cs-50k.jsonl.gz) to about SIZE_MB each, the way its exporter writes it (BibTeX with
 * accents, math and braces in titles and author names, so the LaTeX converter does real work),
 * plus the real-world files of ../shared/data/realworld-exports/ when present.
 * Targets (issue 13): BibTeX >= 2 MB/s, every other format >= 10 MB/s. One run per format.
 * Run: npm run bench:parse [-- SIZE_MB]   (default 10)
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { decodeText, ingestText } from '../src/ingest/index.ts';

const DATA = fileURLToPath(new URL('../../shared/data/', import.meta.url));
const SIZE_MB = Number(process.argv[2] ?? 10);
const TARGET: Record<string, number> = { bibtex: 2 };

interface Rec {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  year: number;
}

const raw = gunzipSync(readFileSync(join(DATA, 'arxiv-cs-50k.jsonl.gz'))).toString('utf8');
const recs: Rec[] = [];
for (const line of raw.split('\n')) {
  if (!line.trim()) continue;
  const r = JSON.parse(line) as Record<string, unknown>;
  const authors = Array.isArray(r.authors) ? (r.authors as string[]) : typeof r.authors === 'string' ? r.authors.split(/,\s*/) : ['A. Author', 'B. Author'];
  recs.push({ id: String(r.id), title: String(r.title), abstract: String(r.abstract), authors, year: Number(r.year) || 2024 });
}

/** Repeats the records' rendering until the text reaches SIZE_MB. */
function build(render: (r: Rec, i: number) => string, head = '', sep = ''): string {
  const parts: string[] = [head];
  let size = head.length;
  for (let i = 0; size < SIZE_MB * 1e6; i++) {
    const s = (i > 0 ? sep : '') + render(recs[i % recs.length], i);
    parts.push(s);
    size += s.length;
  }
  return parts.join('');
}

const split = (name: string) => {
  const parts = name.trim().split(/\s+/);
  return { last: parts.pop() ?? name, first: parts.join(' ') };
};
const tex = (s: string, i: number) => (i % 3 === 0 ? s.replace(/e/, "{\\'e}").replace(/o/, '{\\"o}') : s);

const formats: Array<[string, string, string]> = [
  ['jsonl', 'x.jsonl', build((r) => JSON.stringify({ title: r.title, abstract: r.abstract, authors: r.authors, year: r.year, id: r.id }) + '\n')],
  [
    'csv',
    'x.csv',
    Papa.unparse(
      recs.slice(0, Math.ceil((SIZE_MB * 1e6) / 1100)).map((r) => ({ title: r.title, abstract: r.abstract, authors: r.authors.join('; '), year: r.year })),
    ),
  ],
  [
    'json (CSL-JSON)',
    'x.json',
    `[${build(
      (r) =>
        JSON.stringify({ id: r.id, type: 'article', title: r.title, abstract: r.abstract, author: r.authors.map((a) => ({ family: split(a).last, given: split(a).first })), issued: { 'date-parts': [[r.year, 3]] } }),
      '',
      ',\n',
    )}]`,
  ],
  [
    'bibtex',
    'x.bib',
    build(
      (r, i) =>
        `@article{k${i},\n  title = {{${tex(r.title, i)}} with $\\alpha_2$},\n  author = {${r.authors.map((a, j) => `${split(a).last}, ${tex(split(a).first, i + j)}`).join(' and ')}},\n  abstract = {${r.abstract.replace(/[{}\\]/g, '')} --- see \`\`this''.},\n  year = ${r.year},\n  eprint = {${r.id}}\n}\n\n`,
    ),
  ],
  ['ris', 'x.ris', build((r) => `TY  - JOUR\nTI  - ${r.title}\n${r.authors.map((a) => `AU  - ${split(a).last}, ${split(a).first}\n`).join('')}AB  - ${r.abstract}\nPY  - ${r.year}\nER  - \n\n`)],
  [
    'wos (plain text)',
    'x.txt',
    build(
      (r) => `PT J\nAU ${r.authors.map((a) => `${split(a).last}, ${split(a).first}`).join('\n   ')}\nTI ${r.title}\nSO JOURNAL\nAB ${r.abstract}\nPY ${r.year}\nER\n\n`,
      'FN Clarivate Analytics Web of Science\nVR 1.0\n',
    ),
  ],
  [
    'tsv (WoS tab-delimited)',
    'x.txt',
    build((r) => `J\t${r.authors.map((a) => `${split(a).last}, ${split(a).first}`).join('; ')}\t${r.title}\tJOURNAL\t${r.abstract.replace(/[\t\n"]/g, ' ')}\t${r.year}\t\n`, 'PT\tAU\tTI\tSO\tAB\tPY\t\n'),
  ],
  [
    'medline',
    'x.nbib',
    build(
      (r, i) =>
        `PMID- ${30000000 + i}\nDP  - ${r.year} Mar\nTI  - ${r.title}\nAB  - ${r.abstract.replace(/(.{70}\S*) /g, '$1\n      ')}\n${r.authors.map((a) => `FAU - ${split(a).last}, ${split(a).first}\n`).join('')}JT  - Journal\n\n`,
    ),
  ],
  ['listing', 'x.txt', build((r) => `${r.title}\n\n${r.abstract.replace(/\s+/g, ' ')}\n\n`)],
];

/**
 * MB/s of this process's CPU time (user + system), with wall time beside it: the machine is
 * shared (the load average is printed), and CPU time is what the parser itself costs.
 */
function measure(label: string, name: string, text: string, target: number): void {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = ingestText(text, name);
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  const mb = text.length / 1e6;
  const rate = mb / cpu;
  process.stdout.write(
    `| ${label} | ${mb.toFixed(1)} | ${r.papers.length} | ${(cpu * 1000).toFixed(0)} | ${(wall * 1000).toFixed(0)} | **${rate.toFixed(1)}** | ${target} | ${rate >= target ? 'yes' : 'NO'} |\n`,
  );
}

process.stdout.write(`Parse speed, ${SIZE_MB} MB per format (characters / 1e6 per CPU second), one run each; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores\n\n`);
const HEAD = '| MB | papers | CPU ms | wall ms | MB/s (CPU) | target | met |\n|---|---|---|---|---|---|---|---|\n';
process.stdout.write(`| format ${HEAD}`);
for (const [label, name, text] of formats) measure(label, name, text, TARGET[label.split(' ')[0]] ?? 10);

const REAL = join(DATA, 'realworld-exports');
if (existsSync(REAL)) {
  process.stdout.write('\nReal-world files over 0.5 MB (../shared/data/realworld-exports)\n\n');
  process.stdout.write(`| file ${HEAD}`);
  const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
  for (const path of walk(REAL)) {
    if (statSync(path).size < 500_000) continue;
    const text = decodeText(new Uint8Array(readFileSync(path))).text;
    const name = path.split('/').pop()!;
    measure(name, name, text, name.endsWith('.bib') ? 2 : 10);
  }
}
