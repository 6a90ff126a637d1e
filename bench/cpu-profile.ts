/**
 * Chrome sampling-profiler (CDP `Profiler`) helpers shared by the profiling benches: sample
 * times, matching the profile's clock to performance.now() by a marker function, and a
 * per-function table (self and inclusive time) of the samples kept.
 */
export interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
export type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number };
/** Sample times (ms, profile clock) and the offset to performance.now() found from the marker `__calibMarker`. */
export function sampleTimes(profile: Profile): number[] {
  const out: number[] = [];
  let t = profile.startTime;
  for (let k = 0; k < profile.samples.length; k++) {
    t += profile.timeDeltas[k] ?? 0;
    out.push(t / 1000);
  }
  return out;
}
export function calibrate(profile: Profile, times: number[], markAt: number): number | null {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const k = profile.samples.findIndex((id) => byId.get(id)?.callFrame.functionName === '__calibMarker');
  return k < 0 ? null : times[k] - markAt;
}
export function report(profile: Profile, keep?: (k: number) => boolean) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n: Node) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  profile.samples.forEach((id, k) => {
    if (keep && !keep(k)) return;
    const dt = (profile.timeDeltas[k + 1] ?? 0) / 1000;
    const n = byId.get(id)!;
    if (n.callFrame.functionName === '(idle)') return;
    self.set(name(n), (self.get(name(n)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let c: number | undefined = id; c !== undefined; c = parent.get(c)) {
      const nm = name(byId.get(c)!);
      if (!seen.has(nm)) { seen.add(nm); incl.set(nm, (incl.get(nm) ?? 0) + dt); }
    }
  });
  const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([n, t]) => `    ${Math.round(t).toString().padStart(6)} ms  ${n}`).join('\n');
  console.log('  self:\n' + top(self, 12));
  console.log('  inclusive:\n' + top(incl, 30));
}


/** Run in the page just before the step to profile: a named 30 ms busy loop the profile is matched by (returns its start). */
export const MARKER_SCRIPT = '(() => { function __calibMarker() { const e = performance.now() + 30; let n = 0; while (performance.now() < e) n++; return n; } const at = performance.now(); __calibMarker(); return at; })()';

/** Trace categories that give the main thread's tasks with their CPU time and their parts. */
export const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'];

export interface TraceEvent { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: { name?: string; data?: { functionName?: string; url?: string; lineNumber?: number; type?: string } } }
/** The renderer main thread's tasks: wall and CPU ms, and (read lazily) the CPU ms of their direct parts (script, layout, paint...). */
const isTopTask = (e: TraceEvent) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask';

/**
 * CPU time of every thread's top-level tasks (readTrace with allThreadTasks) inside a window of
 * the trace clock (µs), by process and thread name, most first: what else ran while the main
 * thread's tasks took longer than their own CPU time.
 */
export function threadCpu(json: { traceEvents: TraceEvent[] }, from: number, to: number): [string, number][] {
  const ev = json.traceEvents;
  const names = new Map<string, string>();
  const procs = new Map<number, string>();
  for (const e of ev) {
    if (e.ph !== 'M') continue;
    if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
    if (e.name === 'process_name') procs.set(e.pid, e.args?.name ?? '?');
  }
  const out = new Map<string, number>();
  const until = new Map<string, number>();
  for (const e of ev.filter((x) => x.ph === 'X' && isTopTask(x)).sort((a, b) => a.ts - b.ts)) {
    const key = `${e.pid}:${e.tid}`;
    const end = e.ts + (e.dur ?? 0);
    if (end <= (until.get(key) ?? -Infinity) || e.ts < from || e.ts > to) continue;
    until.set(key, end);
    const name = `${procs.get(e.pid) ?? e.pid} / ${names.get(key) ?? e.tid}`;
    out.set(name, (out.get(name) ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000);
  }
  return [...out].sort((a, b) => b[1] - a[1]);
}

export function mainThreadTasks(json: { traceEvents: TraceEvent[] }) {
  const ev = json.traceEvents;
  const main = new Set(ev.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const onMain = ev.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`)).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const isTask = (e: TraceEvent) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask';
  const end = (e: TraceEvent) => e.ts + (e.dur ?? 0);
  // Top-level tasks only (a RunTask can hold a ThreadControllerImpl::RunTask: the same task).
  let until = -Infinity;
  const tasks = onMain.filter(isTask).filter((t) => {
    if (end(t) <= until) return false;
    until = end(t);
    return true;
  });
  return tasks.map((t) => ({
    /** Start and end on the trace clock (µs), the clock of CPU-profile sample times too. */
    ts: t.ts,
    end: end(t),
    wall: (t.dur ?? 0) / 1000,
    cpu: (t.tdur ?? t.dur ?? 0) / 1000,
    get parts(): [string, number][] {
      const inside = onMain.filter((e) => e !== t && !isTask(e) && e.ts >= t.ts && end(e) <= end(t));
      const parts = new Map<string, number>();
      let coveredTo = -Infinity; // events sorted by start, longer first: an event inside the last kept one is a sub-part
      for (const e of inside) {
        if (end(e) <= coveredTo) continue;
        coveredTo = end(e);
        // A function call is named by its function (where the trace says it), an event by its type.
        const d = e.args?.data;
        const name = d?.functionName ? `${e.name}:${d.functionName}@${d.lineNumber ?? ''}` : d?.type ? `${e.name}:${d.type}` : e.name;
        parts.set(name, (parts.get(name) ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000);
      }
      return [...parts].sort((a, b) => b[1] - a[1]).slice(0, 6);
    },
  }));
}

/** One line: how many tasks of a trace took over 50 ms of wall and of CPU time, and the worst by CPU with their parts. */
export function traceSummary(json: { traceEvents: TraceEvent[] }, top = 3): string {
  const tasks = mainThreadTasks(json);
  const cpuLong = tasks.filter((t) => t.cpu > 50);
  const lines = [`main-thread tasks: ${tasks.length}; over 50 ms of wall time: ${tasks.filter((t) => t.wall > 50).length}; over 50 ms of CPU time: ${cpuLong.length}${cpuLong.length ? ` ${JSON.stringify(cpuLong.map((t) => Math.round(t.cpu)))}` : ''}`];
  for (const t of [...tasks].sort((a, b) => b.cpu - a.cpu).slice(0, top)) {
    lines.push(`    worst by CPU: ${Math.round(t.wall)} ms wall, ${Math.round(t.cpu)} ms CPU: ${t.parts.map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')}`);
  }
  // Every task over 50 ms of wall time, in order (ms from the trace's first task): what the long-task observer counts.
  const t0 = tasks[0]?.ts ?? 0;
  for (const t of tasks.filter((x) => x.wall > 50)) {
    lines.push(`    over 50 ms wall at ${Math.round((t.ts - t0) / 1000)}: ${Math.round(t.wall)} ms wall, ${Math.round(t.cpu)} ms CPU: ${t.parts.map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')}`);
  }
  return lines.join('\n');
}

/**
 * A Chrome trace read from its bytes, event by event, keeping the thread names and the renderer
 * main thread's complete events only: a 50,000-paper refinement's trace is over Node's 512 MB
 * string limit, so it cannot be read as one string.
 */
export function readTrace(buf: Buffer, opts: { allThreadTasks?: boolean } = {}): { traceEvents: TraceEvent[] } {
  const start = buf.indexOf('"traceEvents"');
  const open = start < 0 ? buf.indexOf('[') : buf.indexOf('[', start);
  const spans: number[] = []; // start, end of each complete event (read again once the main thread is known)
  const meta: TraceEvent[] = [];
  const keep: TraceEvent[] = [];
  // Each top-level object of the array, by its byte span (metadata parsed at once).
  const each = (fn: (from: number, to: number) => void) => {
    let depth = 0, inStr = false, from = -1;
    for (let i = open + 1; i < buf.length; i++) {
      const c = buf[i];
      if (inStr) {
        if (c === 0x5c) i++; // backslash: skip the escaped byte
        else if (c === 0x22) inStr = false;
        continue;
      }
      if (c === 0x22) inStr = true;
      else if (c === 0x7b) { if (depth++ === 0) from = i; }
      else if (c === 0x7d) { if (--depth === 0) fn(from, i + 1); }
      else if (c === 0x5d && depth === 0) break; // the end of traceEvents
    }
  };
  const mains = new Set<string>();
  each((from, to) => {
    const at = buf.indexOf('"ph":"', from);
    const ph = at >= 0 && at < to ? String.fromCharCode(buf[at + 6]) : '';
    if (ph === 'M') {
      const e = JSON.parse(buf.toString('utf8', from, to)) as TraceEvent;
      meta.push(e);
      if (e.name === 'thread_name' && e.args?.name === 'CrRendererMain') mains.add(`${e.pid}:${e.tid}`);
    } else if (ph === 'X') spans.push(from, to);
  });
  for (let k = 0; k < spans.length; k += 2) {
    const e = JSON.parse(buf.toString('utf8', spans[k], spans[k + 1])) as TraceEvent;
    if (mains.has(`${e.pid}:${e.tid}`) || (opts.allThreadTasks && isTopTask(e))) keep.push(e);
  }
  return { traceEvents: [...meta, ...keep] };
}
