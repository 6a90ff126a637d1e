/**
 * Cooperative time slicing for long main-thread work (issue 16: no task over 200 ms).
 *
 * Long jobs are written as generators that yield at checkpoints: a `Task<T>` yields
 * nothing and returns its value; a parts generator (`Iterable<string>`) yields the pieces
 * of a file, and may yield '' as a bare checkpoint. One synchronous driver (`runSync`,
 * `[...parts].join('')`) keeps the plain functions for tests and the CLI; the sliced
 * drivers here run the same generator in slices of about `budgetMs` and give the event
 * loop back between slices, so input, paint and other tasks go on.
 */

export type Task<T> = Generator<void, T, void>;

export interface SliceOptions {
  /** Work per slice before the event loop gets a turn (ms). */
  budgetMs?: number;
  /** Clock (tests inject a fake one). */
  now?: () => number;
  /** Gives the event loop a turn (tests inject a counter). */
  pause?: () => Promise<void>;
  /** Stops the work at the next checkpoint with an AbortError. */
  signal?: AbortSignal;
}

/**
 * 16 ms (was 24): a slice's wall time grows with the machine's load, and 24 ms slices were
 * 35 ms tasks while a 50,000-paper map's refinement kept the other core busy (issue 10).
 */
export const SLICE_MS = 16;

/** A macrotask turn: `scheduler.yield` where there is one, else a MessageChannel message (setTimeout(0) is clamped to 4 ms). */
export function nextTurn(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (s?.yield) return s.yield();
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        resolve();
      };
      ch.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

const clock = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Checkpoint bookkeeping: `due()` is true once the slice is used up; `pause()` yields and starts a new slice. */
export class Slicer {
  private start: number;
  private readonly budget: number;
  private readonly now: () => number;
  private readonly turn: () => Promise<void>;
  readonly signal?: AbortSignal;
  /** How many times the event loop was given a turn. */
  pauses = 0;

  constructor(opts: SliceOptions = {}) {
    this.budget = opts.budgetMs ?? SLICE_MS;
    this.now = opts.now ?? clock;
    this.turn = opts.pause ?? nextTurn;
    this.signal = opts.signal;
    this.start = this.now();
  }

  due(): boolean {
    return this.now() - this.start >= this.budget;
  }

  async pause(): Promise<void> {
    this.pauses++;
    await this.turn();
    this.check();
    this.start = this.now();
  }

  check(): void {
    if (this.signal?.aborted) throw new DOMException('The operation was aborted.', 'AbortError');
  }
}

/** Runs a task to its end in one go (tests, CLI, the plain exporters). */
export function runSync<T>(task: Task<T>): T {
  for (;;) {
    const r = task.next();
    if (r.done) return r.value;
  }
}

/** Runs a task in slices; resolves with its value. */
export async function runSliced<T>(task: Task<T>, opts: SliceOptions | Slicer = {}): Promise<T> {
  const s = opts instanceof Slicer ? opts : new Slicer(opts);
  s.check();
  for (;;) {
    const r = task.next();
    if (r.done) return r.value;
    if (s.due()) await s.pause();
  }
}

/** Strings buffered before they become one Blob piece (UTF-16 units); keeps each Blob's UTF-8 encoding short. */
const BLOB_PIECE = 1 << 16;

/**
 * Most parts one `new Blob` is given. Chromium makes a Blob of n Blobs in worse than linear
 * time: 1,000 pieces of 64 KB took 420 ms in one call, 32 pieces under 20 ms (issue 16: the
 * 100,000-paper CSV's last task was this call). Pieces are combined in a tree of this fan-out.
 */
export const BLOB_FAN = 16;

/**
 * Blob pieces in order, combined BLOB_FAN at a time into a tree (like a binary counter in
 * base BLOB_FAN), so no `new Blob` call takes more than BLOB_FAN + 1 parts and the file's
 * Blob holds a few large ones. `make` is the Blob constructor (tests count its calls).
 */
export class BlobTree {
  private readonly levels: Blob[][] = [];
  constructor(private readonly make: (parts: BlobPart[], type?: string) => Blob = (parts, type) => new Blob(parts, type ? { type } : undefined)) {}

  add(piece: Blob, level = 0): void {
    const row = (this.levels[level] ??= []);
    row.push(piece);
    if (row.length === BLOB_FAN) {
      this.levels[level] = [];
      this.add(this.make(row), level + 1);
    }
  }

  /** The whole file: each level's pieces before the (later) pieces of the levels below. */
  finish(type: string): Blob {
    let later: Blob | null = null;
    for (let l = 0; l < this.levels.length; l++) {
      const row: Blob[] = later ? [...this.levels[l], later] : this.levels[l]; // spread-ok: at most BLOB_FAN
      const top = this.levels.slice(l + 1).every((r) => !r.length);
      if (top) return this.make(row, type);
      later = row.length === 1 ? row[0] : row.length ? this.make(row) : null;
    }
    return this.make(later ? [later] : [], type);
  }
}

/** Where collectBlob puts a file's encoded pieces: a BlobTree here (localSink), or the blob worker (src/util/blob-sink.ts). */
export interface PieceSink {
  /** The next piece of the file, UTF-8 (the sink may take ownership of its buffer). */
  add(bytes: Uint8Array): void;
  /** The whole file. */
  finish(type: string): Promise<Blob>;
  /** The file is abandoned (an aborted export): pieces sent so far are dropped. */
  abort(): void;
}

/** Pieces made into a Blob tree on this thread. */
export function localSink(tree = new BlobTree()): PieceSink {
  return {
    add: (bytes) => tree.add(new Blob([bytes as Uint8Array<ArrayBuffer>])),
    finish: (type) => Promise.resolve(tree.finish(type)),
    abort: () => {},
  };
}

/**
 * Collects a parts generator into a Blob in slices. Each slice's strings are joined,
 * UTF-8-encoded and made a small Blob at once, and the file is a tree of those (BlobTree):
 * no giant string is ever joined, no single step encodes more than about BLOB_PIECE
 * characters, and no Blob is made of more than BLOB_FAN + 1 parts. (Chromium makes a Blob
 * from many small strings about six times slower than from their encoded join: 100,000
 * CSV rows spent 7.6 s in `new Blob`.) Parts never split a surrogate pair, so encoding
 * piece by piece gives the bytes of the whole.
 */
export async function collectBlob(parts: Iterable<string>, type: string, opts: SliceOptions | Slicer = {}, into: BlobTree | PieceSink = new BlobTree()): Promise<Blob> {
  const s = opts instanceof Slicer ? opts : new Slicer(opts);
  s.check();
  // A sink may be the blob worker (src/util/blob-sink.ts): the file's Blob is then made off the page.
  const sink = into instanceof BlobTree ? localSink(into) : into;
  const enc = new TextEncoder();
  let pending: string[] = [];
  let chars = 0;
  const flush = () => {
    if (pending.length) sink.add(enc.encode(pending.join('')));
    pending = [];
    chars = 0;
  };
  try {
    for (const part of parts) {
      if (part) {
        pending.push(part);
        chars += part.length;
        if (chars >= BLOB_PIECE) flush();
      }
      if (s.due()) {
        flush();
        await s.pause();
      }
    }
    flush();
  } catch (e) {
    sink.abort();
    throw e;
  }
  return sink.finish(type);
}

/** Collects a parts generator into a string in slices (small outputs, tests). */
export async function collectText(parts: Iterable<string>, opts: SliceOptions | Slicer = {}): Promise<string> {
  const s = opts instanceof Slicer ? opts : new Slicer(opts);
  s.check();
  const out: string[] = [];
  for (const part of parts) {
    if (part) out.push(part);
    if (s.due()) await s.pause();
  }
  return out.join('');
}

/** Pieces of about `size` UTF-16 units, cut only between two code units both `plain` (never inside a surrogate pair). */
export function* segments(s: string, size: number, plain: (code: number) => boolean = notSurrogate): Generator<string, void, void> {
  let from = 0;
  while (s.length - from > size) {
    let cut = from + size;
    while (cut < s.length && !(plain(s.charCodeAt(cut - 1)) && plain(s.charCodeAt(cut)))) cut++;
    if (cut >= s.length) break;
    yield s.slice(from, cut);
    from = cut;
  }
  yield s.slice(from);
}

export const notSurrogate = (c: number) => c < 0xd800 || c > 0xdfff;

/** Long strings are escaped in pieces of this many UTF-16 units (a piece takes well under a millisecond). */
export const SEGMENT = 1 << 16;
