/**
 * The worst main-thread task of a Chromium trace, as wall time and as the thread's own CPU
 * time. On this shared machine (2 cores, load 2-10) a task's wall time grows with the load
 * (the renderer waits for a core), its CPU time does not: the benchmarks print both.
 * Trace with `browser.startTracing(page, { categories: TASK_CATEGORIES })`.
 */
export const TASK_CATEGORIES = ['toplevel', 'disabled-by-default-devtools.timeline'];

interface TraceEvent { pid: number; tid: number; ph: string; name: string; dur?: number; tdur?: number; args?: { name?: string } }

/** Worst wall and CPU time (ms) of one task on a renderer's main thread; 0 when none. */
export function worstTask(trace: Buffer | string): { wall: number; cpu: number } {
  const parsed = JSON.parse(String(trace)) as TraceEvent[] | { traceEvents: TraceEvent[] };
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const main = new Set<string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain') main.add(`${e.pid}:${e.tid}`);
  let wall = 0, cpu = 0;
  for (const e of events) {
    if (e.ph !== 'X' || (e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask') || !main.has(`${e.pid}:${e.tid}`)) continue;
    wall = Math.max(wall, (e.dur ?? 0) / 1000);
    cpu = Math.max(cpu, (e.tdur ?? 0) / 1000);
  }
  return { wall, cpu };
}
