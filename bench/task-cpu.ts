/**
 * The worst main-thread task of a Chromium trace, as wall time and as the thread's own CPU
 * time. On this shared machine (2 cores, load 2-10) a task's wall time grows with the load
 * (the renderer waits for a core), its CPU time does not: the benchmarks print both.
 * Trace with `browser.startTracing(page, { categories: TASK_CATEGORIES })`.
 */
import { mainThreadTasks, TRACE_CATEGORIES, type TraceEvent } from './cpu-profile.ts';

/** With TASK_DEBUG set, also the timeline's events (function calls, timers, frames) that name what a task held. */
export const TASK_CATEGORIES = process.env.TASK_DEBUG ? [...TRACE_CATEGORIES, 'v8'] : ['toplevel', 'disabled-by-default-devtools.timeline']; // spread-ok: a few names

/** Worst wall and CPU time (ms) of one task on a renderer's main thread; 0 when none. TASK_DEBUG=1 prints what the worst one held. */
export function worstTask(trace: Buffer | string): { wall: number; cpu: number } {
  const parsed = JSON.parse(String(trace)) as TraceEvent[] | { traceEvents: TraceEvent[] };
  const tasks = mainThreadTasks({ traceEvents: Array.isArray(parsed) ? parsed : parsed.traceEvents });
  let wall = 0, cpu = 0;
  let worst: (typeof tasks)[number] | null = null;
  for (const t of tasks) {
    wall = Math.max(wall, t.wall);
    if (t.cpu > cpu) [worst, cpu] = [t, t.cpu];
  }
  if (process.env.TASK_DEBUG && worst) {
    for (const t of [...tasks].sort((a, b) => b.cpu - a.cpu).slice(0, 3)) {
      if (t.cpu < 40) break;
      console.error(`    CPU task: ${Math.round(t.cpu)} ms (${Math.round(t.wall)} wall); inside: ${t.parts.map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')}`);
    }
  }
  return { wall, cpu };
}
