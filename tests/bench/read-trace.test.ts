// The benchmarks' byte-wise Chrome trace reader (bench/cpu-profile.ts): a 50,000-paper
// refinement's trace is too long for one string, so it is read event by event.
import { describe, expect, it } from 'vitest';
import { mainThreadTasks, readTrace, threadCpu } from '../../bench/cpu-profile.ts';

const MAIN = { pid: 7, tid: 1 };
const events = [
  // Braces, brackets and escaped quotes inside strings must not end an event or the array.
  { args: { data: { url: 'x}]{"', note: 'a"{', functionName: 'f\\"}' } }, cat: 'devtools.timeline', name: 'FunctionCall', ph: 'X', ...MAIN, ts: 1010, dur: 20_000, tdur: 9_000 },
  { args: {}, cat: 'toplevel', name: 'RunTask', ph: 'X', ...MAIN, ts: 1000, dur: 60_000, tdur: 30_000 },
  { args: {}, cat: 'toplevel', name: 'RunTask', ph: 'X', pid: 7, tid: 2, ts: 1000, dur: 90_000 }, // another thread
  { args: {}, cat: 'toplevel', name: 'Instant', ph: 'I', ...MAIN, ts: 5 },
  { args: { name: 'Compositor' }, name: 'thread_name', ph: 'M', pid: 7, tid: 2, ts: 0 },
  { args: { name: 'CrRendererMain' }, name: 'thread_name', ph: 'M', ...MAIN, ts: 0 }, // metadata after the events
];

describe('readTrace', () => {
  it('keeps the thread names and the main thread\'s complete events, whatever the strings hold', () => {
    const buf = Buffer.from(JSON.stringify({ traceEvents: events, metadata: { 'trace-config': '{"a":[1]}' } }));
    const { traceEvents } = readTrace(buf);
    expect(traceEvents.filter((e) => e.ph === 'M').map((e) => e.args?.name)).toEqual(['Compositor', 'CrRendererMain']);
    expect(traceEvents.filter((e) => e.ph === 'X').map((e) => e.name)).toEqual(['FunctionCall', 'RunTask']);
    expect(traceEvents.find((e) => e.name === 'FunctionCall')?.args?.data?.functionName).toBe('f\\"}');
    const tasks = mainThreadTasks({ traceEvents });
    expect(tasks.map((t) => [t.wall, t.cpu])).toEqual([[60, 30]]);
    expect(tasks[0].parts).toEqual([['FunctionCall:f\\"}@', 9]]);
  });

  it('reads a bare array of events too (the other trace format)', () => {
    expect(readTrace(Buffer.from(JSON.stringify(events))).traceEvents).toHaveLength(4);
  });
});

describe('threadCpu', () => {
  it('sums each thread\'s top-level task CPU inside the window, by process and thread name', () => {
    const buf = Buffer.from(JSON.stringify({ traceEvents: [
      ...events,
      { args: { name: 'Renderer' }, name: 'process_name', ph: 'M', pid: 7, tid: 0, ts: 0 },
      { args: {}, cat: 'toplevel', name: 'ThreadControllerImpl::RunTask', ph: 'X', pid: 7, tid: 2, ts: 1500, dur: 10_000, tdur: 4_000 }, // inside the first: not counted again
      { args: {}, cat: 'toplevel', name: 'RunTask', ph: 'X', pid: 7, tid: 2, ts: 200_000, dur: 10_000, tdur: 5_000 },
      { args: {}, cat: 'toplevel', name: 'RunTask', ph: 'X', pid: 7, tid: 2, ts: 900_000, dur: 10_000, tdur: 5_000 }, // after the window
    ] }));
    const json = readTrace(buf, { allThreadTasks: true });
    expect(threadCpu(json, 0, 500_000)).toEqual([['Renderer / Compositor', 95], ['Renderer / CrRendererMain', 30]]);
    // Without allThreadTasks only the main thread's events are kept.
    expect(threadCpu(readTrace(buf), 0, 500_000)).toEqual([['Renderer / CrRendererMain', 30]]);
  });
});
