/**
 * `npm run parse -- FILE... [--json OUT] [--all]`: the app's preview in the terminal. The files
 * go through the same code as the app (IngestBatch: decoding, detection, readers, duplicates),
 * and it prints per file the format, the exporter when recognised, the encoding, the papers
 * found, the first few papers and every problem with its row and line (the first 15 per file
 * unless --all). `--json OUT` writes the papers, problems and per-file facts as JSON.
 * Exit code: 0 when some paper was read, 1 when none was, 2 on a usage error.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { IngestBatch, type BatchInput } from '../src/app/ingest-batch.ts';
import type { Problem } from '../src/types.ts';

const USAGE = 'usage: npm run parse -- FILE... [--json OUT] [--all]';
const PROBLEMS_SHOWN = 15;
const PAPERS_SHOWN = 3;

function parseArgs(argv: string[]): { files: string[]; json?: string; all: boolean } {
  const files: string[] = [];
  let json: string | undefined;
  let all = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') {
      json = argv[++i];
      if (!json) throw new Error('--json needs an output path');
    } else if (a === '--all') all = true;
    else if (a === '-h' || a === '--help') throw new Error('');
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length === 0) throw new Error('no input file');
  return { files, json, all };
}

function where(p: Problem): string {
  const parts: string[] = [];
  if (p.row !== undefined) parts.push(`row ${p.row}`);
  if (p.line !== undefined) parts.push(`line ${p.line}`);
  return parts.length > 0 ? `${parts.join(', ')}: ` : '';
}

function clip(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

function main(): number {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    const msg = (e as Error).message;
    process.stderr.write(`${msg ? `${msg}\n` : ''}${USAGE}\n`);
    return 2;
  }
  const inputs: BatchInput[] = [];
  const names = new Set<string>();
  for (const path of args.files) {
    let bytes: Uint8Array;
    try {
      const buf = readFileSync(path);
      bytes = new Uint8Array(path.endsWith('.gz') ? gunzipSync(buf) : buf);
    } catch (e) {
      process.stderr.write(`cannot read ${path}: ${(e as Error).message}\n`);
      return 2;
    }
    // Problems are tied to file names: keep them unique when two paths share a base name.
    let name = basename(path).replace(/\.gz$/, '');
    for (let k = 2; names.has(name); k++) name = `${basename(path)} (${k})`;
    names.add(name);
    inputs.push({ name, bytes });
  }
  const { result, files, dupCount } = new IngestBatch(inputs).run();
  const out: string[] = [];
  for (const f of files) {
    const kind = f.exporter ? `${f.format} (${f.exporter})` : f.format;
    out.push(`${f.name}: ${f.count} paper${f.count === 1 ? '' : 's'}, ${kind}${f.encoding ? `, ${f.encoding}` : ''}`);
    const papers = result.papers.filter((p) => p.source.file === f.name);
    for (const p of papers.slice(0, PAPERS_SHOWN)) {
      const who = p.authors.length === 0 ? '' : p.authors.length === 1 ? p.authors[0] : `${p.authors[0]} et al.`;
      const meta = [who, p.year].filter(Boolean).join(', ');
      out.push(`    ${p.source.row}. ${clip(p.title || '(no title)', 90)}${meta ? ` (${clip(meta, 40)})` : ''}${p.abstract ? '' : ' [no abstract]'}`);
    }
    if (papers.length > PAPERS_SHOWN) out.push(`    … ${papers.length - PAPERS_SHOWN} more`);
    const probs = result.problems.filter((p) => p.file === f.name);
    if (probs.length > 0) {
      const by = (s: string) => probs.filter((p) => p.severity === s).length;
      out.push(`  problems: ${by('error')} error(s), ${by('warning')} warning(s), ${by('info')} note(s)`);
      const shown = args.all ? probs : probs.slice(0, PROBLEMS_SHOWN);
      for (const p of shown) out.push(`    ${p.severity}: ${where(p)}${clip(p.message, 200)}`);
      if (shown.length < probs.length) out.push(`    … ${probs.length - shown.length} more (--all shows every problem)`);
    }
  }
  out.push(`total: ${result.papers.length} paper(s) from ${files.length} file(s)${dupCount > 0 ? `, ${dupCount} duplicate(s) (mapped once)` : ''}`);
  process.stdout.write(`${out.join('\n')}\n`);
  if (args.json) {
    writeFileSync(args.json, JSON.stringify({ files, papers: result.papers, problems: result.problems, duplicates: dupCount }, null, 1));
    process.stdout.write(`wrote ${args.json}\n`);
  }
  return result.papers.length > 0 ? 0 : 1;
}

process.exitCode = main();
