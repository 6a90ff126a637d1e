/**
 * npm run bench — time and peak memory of every pipeline stage on the first N
 * abstracts of ../shared/data/arxiv-cs-50k.jsonl.gz (a random N-subset), and the
 * layout (kNN + UMAP) against umap-js with its defaults and embedding-atlas's WASM
 * UMAP on the same vectors. Each measurement runs in its own child process, so
 * its peak RSS (getrusage maxRSS) is its own. Prints Markdown; never fails on numbers.
 *
 * Flags: --sizes 1000,5000,20000,50000  --embed 1000 (cold-embed up to this N; 0 = never)
 *        --refs-max 50000 (largest N for the umap-js / embedding-atlas runs)
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runChild } from './pipeline-child.ts';

const SELF = fileURLToPath(import.meta.url);

function flag(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt;
}

export interface StageRow {
  stage: string;
  ms: number;
  cpuMs: number;
  /** Peak RSS of the process so far, MB (stages run in order, so it is monotone). */
  peakMb: number;
  note?: string;
}

export interface ChildResult {
  mode: string;
  n: number;
  rows: StageRow[];
  peakMb: number;
  purity?: number;
  notes: string[];
}

function spawn(mode: string, n: number, extra: string[] = []): ChildResult | string {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [...process.execArgv, SELF, '--child', mode, String(n), ...extra], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 26,
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=8192` },
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('@@RESULT '));
  process.stderr.write(`  [${mode} n=${n}] ${((Date.now() - t0) / 1000).toFixed(1)} s, exit ${r.status}\n`);
  if (!line) return `failed (exit ${r.status}${r.signal ? `, ${r.signal}` : ''})`;
  return JSON.parse(line.slice(9)) as ChildResult;
}

const s = (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);
const layoutMs = (r: ChildResult) => r.rows.filter((x) => x.stage === 'kNN' || x.stage === 'UMAP' || x.stage === 'layout').reduce((a, x) => a + x.ms, 0);
const layoutCpu = (r: ChildResult) => r.rows.filter((x) => x.stage === 'kNN' || x.stage === 'UMAP' || x.stage === 'layout').reduce((a, x) => a + x.cpuMs, 0);

function main(): void {
  const sizes = flag('sizes', '1000,5000,20000,50000').split(',').map(Number).filter((x) => x > 0);
  const embedMax = Number(flag('embed', '1000'));
  const refsMax = Number(flag('refs-max', '50000'));
  const cpu = cpus();
  const header = [
    `Machine: ${cpu[0]?.model ?? '?'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, Node ${process.version}; ` +
      `load average at start ${loadavg().map((x) => x.toFixed(1)).join(' / ')} (other jobs on the machine inflate wall times; CPU times are per process).`,
  ];
  const stageTables: string[] = [];
  const cmp: string[] = [
    '| N | representation | ours: kNN + UMAP wall / CPU / peak RSS | 2-D kNN-10 purity | umap-js (defaults, own kNN) | purity | ratio umap-js / ours (wall) | embedding-atlas WASM UMAP (own kNN) | purity | ratio atlas / ours (wall) |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const n of sizes) {
    process.stderr.write(`N = ${n}\n`);
    const full = spawn('full', n, ['--embed', String(embedMax)]);
    if (typeof full === 'string') {
      stageTables.push(`\n### N = ${n}: pipeline ${full}`);
      continue;
    }
    stageTables.push(`\n### N = ${n} (${full.notes.join('; ')})\n`);
    stageTables.push('| stage | wall s | CPU s | peak RSS so far, MB | note |', '|---|---|---|---|---|');
    for (const r of full.rows) stageTables.push(`| ${r.stage} | ${s(r.ms)} | ${s(r.cpuMs)} | ${r.peakMb.toFixed(0)} | ${r.note ?? ''} |`);
    const ours = spawn('ours', n);
    const refs = n <= refsMax;
    const uj = refs ? spawn('umapjs', n) : 'skipped (--refs-max)';
    const ea = refs ? spawn('atlas', n) : 'skipped (--refs-max)';
    const rep = full.notes.find((x) => x.startsWith('representation')) ?? '';
    const cell = (r: ChildResult | string) => (typeof r === 'string' ? r : `${s(layoutMs(r))} s / ${s(layoutCpu(r))} s / ${r.peakMb.toFixed(0)} MB`);
    const pur = (r: ChildResult | string) => (typeof r === 'string' || r.purity === undefined ? '' : r.purity.toFixed(3));
    const ratio = (r: ChildResult | string) =>
      typeof r === 'string' || typeof ours === 'string' ? '' : `${(layoutMs(r) / Math.max(1, layoutMs(ours))).toFixed(2)}x (CPU ${(layoutCpu(r) / Math.max(1, layoutCpu(ours))).toFixed(2)}x)`;
    const oursNote = typeof ours === 'string' ? '' : ` (${ours.notes.join(', ')})`;
    cmp.push(`| ${n} | ${rep.replace('representation: ', '')} | ${cell(ours)}${oursNote} | ${pur(ours)} | ${cell(uj)} | ${pur(uj)} | ${ratio(uj)} | ${cell(ea)} | ${pur(ea)} | ${ratio(ea)} |`);
  }
  const out = [
    '## Pipeline benchmark (`npm run bench`)',
    '',
    ...header,
    '',
    '### Layout: ours vs umap-js vs embedding-atlas, same vectors, each in its own process',
    '',
    ...cmp,
    '',
    'Purity: share of each paper\'s 10 nearest neighbours in the 2-D layout with the same arXiv primary category.',
    ...stageTables,
  ];
  process.stdout.write(out.join('\n') + '\n');
}

if (process.argv.includes('--child')) {
  const i = process.argv.indexOf('--child');
  runChild(process.argv[i + 1], Number(process.argv[i + 2]), Number(flag('embed', '0')))
    .then((r) => process.stdout.write('@@RESULT ' + JSON.stringify(r) + '\n'))
    .catch((e) => {
      process.stderr.write(`child failed: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 1;
    });
} else main();
