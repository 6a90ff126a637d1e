/**
 * npm run map -- <input file> --out <result.json> [--cache <dir>] [--no-cache]
 *   [--weight 0.4] [--resolution 1] [--neighbors 15] [--seed 42]
 *   [--first-out <keyword-map.json>] [--no-refine]
 * Two phases, as in the app: the keyword map first (written to --first-out when given),
 * then the sentence model refines it (--no-refine stops at the keyword map).
 * Headless map: ingest (any format the app reads; .gz is unpacked) → the same
 * pipeline the worker runs → JSON with every paper's x, y, cluster and the
 * topic tree: `clusters` (the topics papers' `cluster` names), `coarse` (broad
 * areas) and `subtopics`, each node with id (unique across levels), level (0 =
 * top), parent (null at the top), label, terms, size, label honesty and members
 * (most representative first). Progress on stderr.
 * With --weight 0 the map is keywords only, so the model is not loaded: every
 * text gets the same constant vector, which the semantic weight 0 multiplies away.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { diskCache, defaultCacheDir } from './disk-cache.ts';
import { lazyEncoder } from './lazy-encoder.ts';
import { decodeText, ingestText } from '../src/ingest/index.ts';
import { runProgressive } from '../src/pipeline/progressive.ts';
import { EMBED_DIM, MODEL_ID, type Encoder } from '../src/pipeline/embed.ts';
import { buildTimeline, clusterTrends } from '../src/time/periods.ts';
import { inWindow, trendStats } from '../src/time/trend.ts';
import { DEFAULT_SETTINGS, type ClusterInfo, type Layout, type MapSettings, type MapResult, type Paper, type PaperDate } from '../src/types.ts';

const log = (s: string) => process.stderr.write(s + '\n');

function parseArgs(argv: string[]) {
  const opts: { input?: string; out?: string; firstOut?: string; refine: boolean; cache?: string | false; settings: MapSettings } = { settings: { ...DEFAULT_SETTINGS }, refine: true };
  const num = (v: string | undefined, name: string) => {
    const x = Number(v);
    if (!Number.isFinite(x)) throw new Error(`--${name} needs a number`);
    return x;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') opts.out = argv[++i];
    else if (a === '--cache') opts.cache = argv[++i];
    else if (a === '--no-cache') opts.cache = false;
    else if (a === '--first-out') opts.firstOut = argv[++i];
    else if (a === '--no-refine') opts.refine = false;
    else if (a === '--weight') opts.settings.semanticWeight = num(argv[++i], 'weight');
    else if (a === '--resolution') opts.settings.resolution = num(argv[++i], 'resolution');
    else if (a === '--neighbors') opts.settings.nNeighbors = num(argv[++i], 'neighbors');
    else if (a === '--seed') opts.settings.seed = num(argv[++i], 'seed');
    else if (!a.startsWith('--') && !opts.input) opts.input = a;
    else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

/**
 * The time fields of the map JSON: the period length, every period key, the window the trend
 * test looks at (thin tails of stray early/late dates left out), and per cluster (in
 * `layout.clusters` order) its papers per period (`trend`, aligned with `periods`; undated
 * papers are in no period), the rising/fading mark and the recent-share ratio.
 */
export function timeFields(dates: (PaperDate | undefined)[], layout: Pick<Layout, 'cluster' | 'clusters'>) {
  const timeline = buildTimeline(dates);
  const trends = clusterTrends(timeline, layout.cluster, layout.clusters.map((c) => c.id));
  const w = timeline.window;
  const stats = trendStats(layout.clusters.map((c) => inWindow(trends.get(c.id)!, w)), inWindow(timeline.totals, w));
  return {
    granularity: timeline.granularity,
    periods: timeline.periods,
    trendWindow: timeline.periods.length ? [timeline.periods[w[0]], timeline.periods[w[1]]] : [],
    clusters: layout.clusters.map((c, k) => ({
      trend: Array.from(trends.get(c.id)!),
      trendMark: stats[k].mark ?? undefined,
      trendRatio: Number(stats[k].ratio.toFixed(3)),
    })),
  };
}

export function toJson(papers: Paper[], result: MapResult, version: string) {
  const { layout, info } = result;
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  const time = timeFields(papers.map((p) => p.date), layout);
  const node = (c: ClusterInfo) => ({
    id: c.id, level: c.level ?? 0, parent: c.parent ?? null, label: c.label, terms: c.terms, size: c.size,
    ...(c.honesty !== undefined ? { honesty: c.honesty } : {}), papers: c.members.map((i) => papers[i].id),
  });
  return {
    app: 'paperscope',
    version,
    model: MODEL_ID,
    settings: info.settings,
    seed: info.settings.seed,
    granularity: time.granularity,
    periods: time.periods,
    trendWindow: time.trendWindow,
    papers: papers.map((p, i) => ({ ...p, date: p.date?.iso, x: finite(layout.x[i]), y: finite(layout.y[i]), cluster: layout.cluster[i], dupOf: layout.dupOf[i] === i ? undefined : papers[layout.dupOf[i]].id })),
    // The topic tree: ids are unique across levels; `level` 0 is the top, `parent` is null there.
    // Top-level clusters also carry their papers per period (`trend`, aligned with `periods`).
    clusters: layout.clusters.map((c, k) => ({ ...node(c), ...time.clusters[k] })),
    coarse: layout.coarse?.map((c) => node(c)),
    subtopics: layout.subtopics?.map((c) => node(c)),
    timings: info.timings,
    notices: info.notices,
  };
}

/** Same unit vector for every text: for keyword-only maps (semantic weight 0), where USE vectors are weighted by 0. */
function constantEncoder(): Encoder {
  const row = new Float32Array(EMBED_DIM).fill(1 / Math.sqrt(EMBED_DIM));
  return {
    async embedBatch(texts) {
      const out = new Float32Array(texts.length * EMBED_DIM);
      for (let i = 0; i < texts.length; i++) out.set(row, i * EMBED_DIM);
      return out;
    },
    encode: () => [],
    dispose() {},
  };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!opts.input || !opts.out) {
    log('usage: npm run map -- <input file> --out <result.json> [--cache <dir> | --no-cache] [--weight w] [--resolution r] [--neighbors k] [--seed s]');
    process.exitCode = 2;
    return;
  }
  // Bytes decoded as the app does (BOM, UTF-16, UTF-8, else windows-1252).
  const buf = readFileSync(opts.input);
  const decoded = decodeText(new Uint8Array(opts.input.endsWith('.gz') ? gunzipSync(buf) : buf));
  const ingest = ingestText(decoded.text, basename(opts.input).replace(/\.gz$/, ''));
  for (const p of ingest.problems) log(`${p.severity}: ${p.file}${p.row ? ` row ${p.row}` : ''}${p.line ? ` line ${p.line}` : ''}: ${p.message}`);
  const papers = ingest.papers;
  if (!papers.length) {
    log('No papers found.');
    process.exitCode = 1;
    return;
  }
  log(`${papers.length} papers (${Object.values(ingest.formats).join(', ')})`);
  const keywordsOnly = opts.settings.semanticWeight === 0;
  if (keywordsOnly) log('--weight 0: keyword-only map, the embedding model is not run');
  const encoder = keywordsOnly ? constantEncoder() : lazyEncoder();
  let last = '';
  const t0 = Date.now();
  const version = process.env.npm_package_version ?? '0.0.0';
  const result = await runProgressive(papers, encoder, {
    settings: opts.settings,
    backend: 'wasm',
    // --weight 0 is the keyword map itself: nothing to refine.
    refine: opts.refine && !keywordsOnly,
    onFirstMap: (first) => {
      log(`[${((Date.now() - t0) / 1000).toFixed(1)} s] first map (keyword view): ${first.layout.clusters.length} clusters; refining with the sentence model`);
      if (opts.firstOut) writeFileSync(opts.firstOut, JSON.stringify(toJson(papers, first, version), null, 1));
    },
    cache: opts.cache === false || keywordsOnly ? undefined : diskCache(opts.cache ?? defaultCacheDir()),
    onProgress: (p) => {
      const line = `${p.phase === 'first' ? 'first map: ' : p.phase === 'refine' ? 'refinement: ' : ''}${p.stage} ${Math.round(p.fraction * 100)}%${p.message ? ` (${p.message})` : ''}`;
      if (line !== last) log(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${line}`);
      last = line;
    },
  });
  encoder.dispose();
  log(`[${((Date.now() - t0) / 1000).toFixed(1)} s] finished map${result.info.displacement !== undefined ? ` (mean displacement from the first map ${result.info.displacement.toFixed(3)})` : ''}`);
  writeFileSync(opts.out, JSON.stringify(toJson(papers, result, version), null, 1));
  for (const n of result.info.notices) log(`notice: ${n}`);
  log(`${result.layout.clusters.length} clusters → ${opts.out}; timings ${JSON.stringify(result.info.timings)}`);
}

// Run only as a command, so tests can import toJson.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    log(`map failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  });
}
