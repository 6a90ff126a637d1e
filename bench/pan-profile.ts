/**
 * Where a pan/zoom frame's time goes (not a test): the map of bench/map-bench.ts (synthetic points,
 * 40 clusters, regions and labels on) panned and zoomed for 5 s as there, under Chrome's sampling
 * profiler and a trace. Prints the frame p50/p95, the renderer main thread's CPU time per frame
 * (thread time of its top-level tasks, so less affected by a busy machine than wall time), CPU per
 * thread, the main thread's trace events by CPU time, and the JS functions by self and inclusive time.
 * Usage: npx tsx bench/pan-profile.ts [points=50000]
 */
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../tests/e2e/browser.ts';
import { panAndZoom } from './gestures.ts';
const N = Number(process.argv[2] ?? 50000);
const VIEW = { width: 1400, height: 900 };
const server = await createServer({ root: process.cwd(), server: { port: 0, host: '127.0.0.1', hmr: false, watch: null }, logLevel: 'warn', optimizeDeps: { include: ['d3'] } });
await server.listen();
const addr = server.httpServer?.address();
const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 5173}/bench/map-bench.html`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
const page = await (await browser.newContext({ viewport: VIEW })).newPage();
await page.goto(url);
await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 120_000 });
await page.evaluate(() => (window as any).mapBench.load(2000, 10, 7));
await page.evaluate(([n]) => (window as any).mapBench.load(n, 40, 1), [N] as const);
await page.waitForTimeout(1500);
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await cdp.send('Profiler.start');
const traceEvents: any[] = [];
cdp.on('Tracing.dataCollected', (e: any) => traceEvents.push(...e.value));
const traceDone = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink,cc', transferMode: 'ReportEvents' });
await page.evaluate(() => (window as any).mapBench.startFrames());
await panAndZoom(page, VIEW.width / 2, VIEW.height / 2, 5000);
const fr = await page.evaluate(() => (window as any).mapBench.stopFrames());
const { profile } = await cdp.send('Profiler.stop') as any;
await cdp.send('Tracing.end');
await traceDone;
{ const main = new Map<string, number>(); const byTid = new Map<number, number>();
  for (const e of traceEvents) if (e.ph === 'X' && e.dur) byTid.set(e.tid, (byTid.get(e.tid) ?? 0) + e.dur);
  const names = new Map<number, string>(); for (const e of traceEvents) if (e.ph === 'M' && e.name === 'thread_name') names.set(e.tid, e.args.name);
  for (const [tid, d] of [...byTid].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log('thread', names.get(tid), (d / 1000).toFixed(0));
  const mainTid = [...names].find(([, n]) => n === 'CrRendererMain')?.[0];
  // CPU (thread time) of top-level tasks per thread: X events not inside another X event of the same thread.
  const cpuBy = new Map<number, number>();
  const evs = traceEvents.filter((e) => e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.tid - b.tid || a.ts - b.ts || b.dur - a.dur);
  let endAt = new Map<number, number>();
  for (const e of evs) { if ((endAt.get(e.tid) ?? -1) > e.ts) continue; endAt.set(e.tid, e.ts + e.dur); cpuBy.set(e.tid, (cpuBy.get(e.tid) ?? 0) + (e.tdur ?? 0)); }
  for (const [tid, c] of [...cpuBy].sort((a, b) => b[1] - a[1]).slice(0, 6)) console.log('cpu', names.get(tid), (c / 1000).toFixed(0), 'ms');
  (globalThis as any).mainCpu = (cpuBy.get(mainTid!) ?? 0) / 1000;
  for (const e of traceEvents) if (e.ph === 'X' && e.dur && e.tid === mainTid) main.set(e.name, (main.get(e.name) ?? 0) + (e.tdur ?? 0));
  for (const [k, v] of [...main].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log('main', (v / 1000).toFixed(0).padStart(6), k); }
const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n: any) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
const self = new Map<string, number>(), incl = new Map<string, number>();
let total = 0;
profile.samples.forEach((id: number, k: number) => {
  const dt = (profile.timeDeltas[k + 1] ?? 0) / 1000;
  const n: any = byId.get(id);
  if (n.callFrame.functionName === '(idle)') return;
  total += dt;
  self.set(name(n), (self.get(name(n)) ?? 0) + dt);
  const seen = new Set<string>();
  for (let c: number | undefined = id; c !== undefined; c = parent.get(c)) { const s = name(byId.get(c)); if (!seen.has(s)) { seen.add(s); incl.set(s, (incl.get(s) ?? 0) + dt); } }
});
const pct = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(p * a.length))];
const f = fr.deltas.slice(1);
console.log(`main-thread CPU per frame ${((globalThis as any).mainCpu / f.length).toFixed(2)} ms`);
console.log(`frames ${f.length} p50 ${pct(f, 0.5).toFixed(1)} p95 ${pct(f, 0.95).toFixed(1)} long ${JSON.stringify(fr.longTasks.map((x: number) => Math.round(x)))} busy ${total.toFixed(0)} ms`);
console.log('SELF'); for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(v.toFixed(0).padStart(6), k);
console.log('INCL'); for (const [k, v] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(v.toFixed(0).padStart(6), k);
await browser.close();
await server.close();
