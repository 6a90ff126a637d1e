/**
 * A pool of embedding workers, one per core (tfjs's WASM backend runs one
 * thread per worker here), each with its own copy of the model. It is an
 * Encoder whose `concurrency` lets embedAll keep every worker busy. Workers
 * start on first use, so a fully cached run never loads the model.
 */
import type { Encoder } from '../src/pipeline/embed.ts';
import type { Backend } from '../src/types.ts';
import { isEmbedReply, type EmbedRequest } from './embed-protocol.ts';
import { fromWire } from './protocol.ts';
import { pushAll } from '../src/util/array.ts';

interface Slot {
  worker: Worker;
  busy: boolean;
}

export interface EmbedPool extends Encoder {
  /** Backend the workers report (the first reply's: every worker of a pool uses it), or null before any. */
  backend(): Backend | null;
  /**
   * Backends to try when the pool has not chosen one yet (e.g. the class of the vectors the
   * cache holds, so a map never mixes WebGL and WASM vectors). Ignored once chosen or when forced.
   */
  prefer(backends: Backend[]): void;
  /** Notices from the workers since the last call (e.g. a WebGL fallback). */
  takeNotices(): string[];
}

/** Memory one embedding worker needs (the model's weights, the tfjs runtime, a batch's activations). */
export const WORKER_MB = 300;

/**
 * One embedding worker per core but one (the page and the pipeline worker need a core:
 * the first map is built there while the pool embeds), memory permitting: at most a quarter
 * of the device memory the browser reports (navigator.deviceMemory, GB, absent in some browsers).
 */
export function poolSize(
  hardwareConcurrency = globalThis.navigator?.hardwareConcurrency ?? 2,
  deviceMemoryGB = (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory,
): number {
  const byCores = Math.max(1, (hardwareConcurrency || 2) - 1);
  const byMemory = deviceMemoryGB ? Math.max(1, Math.floor((deviceMemoryGB * 1024) / 4 / WORKER_MB)) : byCores;
  return Math.max(1, Math.min(byCores, byMemory, 16));
}

export function createEmbedPool(size = poolSize(), forced?: Backend[], create: () => Worker = defaultWorker): EmbedPool {
  let preferred = forced;
  const slots: Slot[] = [];
  const waiting: Array<(s: Slot) => void> = [];
  const pending = new Map<number, { resolve: (v: Float32Array) => void; reject: (e: Error) => void; slot: Slot }>();
  const notices: string[] = [];
  let backend: Backend | null = null;
  let nextId = 1;

  const release = (slot: Slot) => {
    const next = waiting.shift();
    if (next) next(slot);
    else slot.busy = false;
  };

  const spawn = (): Slot => {
    const slot: Slot = { worker: create(), busy: true };
    slot.worker.onmessage = (ev: MessageEvent<unknown>) => {
      if (!isEmbedReply(ev.data)) return; // not ours: handled as data, dropped
      const msg = ev.data;
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      release(slot);
      if (msg.type === 'result') {
        const first = backend === null;
        backend ??= msg.backend;
        if (msg.backend !== backend) {
          // A worker fell back (a lost WebGL context): the batches from now on run on its backend,
          // and that is what the page reports.
          if (slots.length > 1) notices.push(`An embedding worker fell back to ${msg.backend} while the others use ${backend}.`);
          backend = msg.backend;
        }
        pushAll(notices, msg.notices);
        // The first worker has chosen the backend: the others start now, told to use the same one.
        if (first) while (waiting.length && slots.length < size) waiting.shift()!(spawn());
        p.resolve(msg.vectors);
      } else {
        p.reject(fromWire(msg.error));
      }
    };
    // A crashed worker fails its batch and leaves the pool; the next call starts a fresh one.
    slot.worker.onerror = (ev: ErrorEvent) => {
      ev.preventDefault?.();
      slots.splice(slots.indexOf(slot), 1);
      slot.worker.terminate();
      if (waiting.length && slots.length < size) waiting.shift()!(spawn());
      for (const [id, p] of pending) {
        if (p.slot !== slot) continue;
        pending.delete(id);
        p.reject(new Error(`An embedding worker crashed: ${ev.message || 'unknown error'}`));
      }
    };
    slots.push(slot);
    return slot;
  };

  const acquire = (): Promise<Slot> => {
    const idle = slots.find((s) => !s.busy);
    if (idle) {
      idle.busy = true;
      return Promise.resolve(idle);
    }
    // Until the first worker has picked a backend (by timing), no other starts: one backend per pool.
    if (slots.length < size && (slots.length === 0 || backend !== null)) return Promise.resolve(spawn());
    return new Promise((resolve) => waiting.push(resolve));
  };

  return {
    concurrency: size,
    backend: () => backend,
    prefer(b: Backend[]) {
      if (!forced && backend === null && slots.length === 0) preferred = b;
    },
    takeNotices: () => notices.splice(0),
    async embedBatch(texts: string[]): Promise<Float32Array> {
      const slot = await acquire();
      const id = nextId++;
      return new Promise<Float32Array>((resolve, reject) => {
        pending.set(id, { resolve, reject, slot });
        slot.worker.postMessage({ id, texts, backends: backend ? [backend] : preferred } satisfies EmbedRequest);
      });
    },
    encode(): number[] {
      throw new Error('Tokenising happens inside the embedding workers.');
    },
    dispose() {
      for (const s of slots) s.worker.terminate();
      slots.length = 0;
      for (const p of pending.values()) p.reject(new DOMException('Closed', 'AbortError'));
      pending.clear();
    },
  };
}

function defaultWorker(): Worker {
  return new Worker(new URL('./embed.worker.ts', import.meta.url), { type: 'module', name: 'paperscope-embed' });
}
