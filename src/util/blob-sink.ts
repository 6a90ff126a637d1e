/**
 * Where an export's encoded pieces go (collectBlob): a BlobTree on the page, or the blob worker
 * (workers/blob.worker.ts), which makes the Blob off the page. Chromium serves a Blob's bytes to
 * the browser from the thread that made it when a download reads them: a 50 MB CSV made on the
 * page was a 0.3-1.1 s page task with no script in it after the export (issue 16); made in the
 * worker, none (measured in headless Chromium here).
 */
import { localSink, type PieceSink } from './slice.ts';

/** What the page sends the blob worker. */
export interface BlobRequest {
  id: number;
  bytes?: Uint8Array;
  finish?: string;
  drop?: boolean;
}

let worker: Worker | null | undefined;
let nextId = 1;
const waiting = new Map<number, { resolve: (b: Blob) => void; reject: (e: Error) => void }>();

function blobWorker(): Worker | null {
  if (worker !== undefined) return worker;
  worker = null;
  if (typeof Worker !== 'function') return null;
  try {
    const w = new Worker(new URL('../../workers/blob.worker.ts', import.meta.url), { type: 'module', name: 'paperscope-blob' });
    w.onmessage = (ev: MessageEvent) => {
      const d = ev.data as { id: number; blob?: unknown; error?: string };
      const p = waiting.get(d.id);
      if (!p) return;
      waiting.delete(d.id);
      if (d.blob instanceof Blob) p.resolve(d.blob);
      else p.reject(new Error(d.error ?? 'The export file could not be made'));
    };
    w.onerror = (ev) => {
      ev.preventDefault();
      // Exports in flight fail with a message; later ones are made on the page.
      for (const p of waiting.values()) p.reject(new Error(`The export file could not be made (${ev.message || 'worker error'})`));
      waiting.clear();
      worker = null;
      w.terminate();
    };
    worker = w;
  } catch {
    worker = null;
  }
  return worker;
}

/** The sink for an export: the blob worker when the browser has workers, else this thread. */
export function exportSink(): PieceSink {
  const w = blobWorker();
  if (!w) return localSink();
  const id = nextId++;
  return {
    add(bytes) {
      const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
      const req: BlobRequest = { id, bytes: own };
      w.postMessage(req, [own.buffer]);
    },
    finish(type) {
      // The worker failed while the pieces went out: they are lost with it.
      if (worker !== w) return Promise.reject(new Error('The export file could not be made (the worker stopped)'));
      return new Promise<Blob>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        const req: BlobRequest = { id, finish: type };
        w.postMessage(req);
      });
    },
    abort() {
      const req: BlobRequest = { id, drop: true };
      w.postMessage(req);
    },
  };
}
