/**
 * The worst main-thread task of a Chromium trace, as wall time and as the thread's own CPU
 * time. On this shared machine (2 cores, load 2-10) a task's wall time grows with the load
 * (the renderer waits for a core), its CPU time does not: the benchmarks print both.
 * Trace with `browser.startTracing(page, { categories: TASK_CATEGORIES })`.
 */
export const TASK_CATEGORIES = ['toplevel', 'disabled-by-default-devtools.timeline'];

interface TraceEvent { pid: number; tid: number; ph: string; name: string; ts: number; dur?: number; tdur?: number; args?: { name?: string } }

/** Worst wall and CPU time (ms) of one task on a renderer's main thread; 0 when none. TASK_DEBUG=1 prints what the worst one held. */
export function worstTask(trace: Buffer | string): { wall: number; cpu: number } {
  const parsed = JSON.parse(String(trace)) as TraceEvent[] | { traceEvents: TraceEvent[] };
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const main = new Set<string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain') main.add(`${e.pid}:${e.tid}`);
  let wall = 0, cpu = 0;
  let worst: TraceEvent | null = null;
  for (const e of events) {
    if (e.ph !== 'X' || (e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask') || !main.has(`${e.pid}:${e.tid}`)) continue;
    wall = Math.max(wall, (e.dur ?? 0) / 1000);
    if ((e.tdur ?? 0) / 1000 > cpu) worst = e;
    cpu = Math.max(cpu, (e.tdur ?? 0) / 1000);
  }
  if (process.env.TASK_DEBUG && worst) {
    const w = worst;
    const inside = events.filter((e) => e !== w && e.ph === 'X' && e.pid === w.pid && e.tid === w.tid && e.ts >= w.ts && e.ts <= w.ts + (w.dur ?? 0));
    let end = 0;
    for (const e of events) end = Math.max(end, e.ts);
    console.error(`    worst CPU task: ${Math.round(cpu)} ms, ends ${Math.round((end - w.ts - (w.dur ?? 0)) / 1000)} ms before the trace's last event; inside: ${inside.map((e) => `${e.name} ${Math.round((e.tdur ?? e.dur ?? 0) / 1000)}`).slice(0, 8).join(', ')}`);
  }
  return { wall, cpu };
}
