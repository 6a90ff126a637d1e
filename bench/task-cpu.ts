/**
 * The worst main-thread task of a Chromium trace, as wall time and as the thread's own CPU
 * time. On this shared machine (2 cores, load 2-10) a task's wall time grows with the load
 * (the renderer waits for a core), its CPU time does not: the benchmarks print both.
 * Trace with `browser.startTracing(page, { categories: TASK_CATEGORIES })`.
 */
import { mainThreadTasks, type TraceEvent } from './cpu-profile.ts';

export const TASK_CATEGORIES = ['toplevel', 'disabled-by-default-devtools.timeline'];

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
  if (process.env.TASK_DEBUG && worst) console.error(`    worst CPU task: ${Math.round(cpu)} ms; inside: ${worst.parts.map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')}`);
  return { wall, cpu };
}
