import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGate } from '../../src/util/gate.ts';

/** Settles pending promise callbacks (not timers). */
const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('createGate', () => {
  afterEach(() => vi.useRealTimers());

  it('lets a waiter through at once when open', async () => {
    const g = createGate();
    let through = false;
    void g.wait(1000).then(() => (through = true));
    await flush();
    expect(g.closed).toBe(false);
    expect(through).toBe(true);
  });

  it('holds waiters until opened; a second hold is the same hold', async () => {
    vi.useFakeTimers();
    const g = createGate();
    g.hold();
    const order: string[] = [];
    void g.wait(10_000).then(() => order.push('a'));
    g.hold();
    void g.wait(10_000).then(() => order.push('b'));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(order).toEqual([]);
    expect(g.closed).toBe(true);
    g.open();
    await flush();
    expect(order).toEqual(['a', 'b']);
    expect(g.closed).toBe(false);
  });

  it('a gate left closed delays a waiter by maxMs, never forever', async () => {
    vi.useFakeTimers();
    const g = createGate();
    g.hold();
    let through = false;
    void g.wait(15_000).then(() => (through = true));
    await vi.advanceTimersByTimeAsync(14_999);
    expect(through).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(through).toBe(true);
    expect(g.closed).toBe(true);
  });
});
