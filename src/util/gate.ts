/**
 * A gate work can wait at: `hold()` closes it (a second hold while closed is the same hold),
 * `open()` lets every waiter through, and `wait(maxMs)` resolves when the gate is open or after
 * `maxMs`, whichever comes first, so a gate left closed by mistake delays the work and never
 * loses it (the autosave waits at the map's landing gate, main.ts).
 */
export interface Gate {
  hold(): void;
  open(): void;
  readonly closed: boolean;
  wait(maxMs: number): Promise<void>;
}

export function createGate(): Gate {
  let pending: { promise: Promise<void>; release: () => void } | null = null;
  return {
    hold() {
      if (pending) return;
      let release!: () => void;
      const promise = new Promise<void>((r) => (release = r));
      pending = { promise, release };
    },
    open() {
      const p = pending;
      pending = null;
      p?.release();
    },
    get closed() {
      return pending !== null;
    },
    wait(maxMs) {
      if (!pending) return Promise.resolve();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<void>((r) => (timer = setTimeout(r, maxMs)));
      return Promise.race([pending.promise, late]).finally(() => clearTimeout(timer));
    },
  };
}
