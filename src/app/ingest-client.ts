/**
 * Main-thread client of the ingest worker. Files always go to the worker, their bytes
 * transferred (not copied); pasted text under SYNC_LIMIT is read here, since that is
 * instant. Re-reads (encoding, column mapping) go wherever the batch lives. One request
 * at a time: a new read or cancel() terminates the worker, and the next call starts a fresh one.
 */
import { IngestBatch, type BatchResult, type FileChoice, type IngestProgress } from './ingest-batch.ts';
import { isIngestReply, type IngestReply, type IngestRequest, type SessionOutcome, type WireInput } from '../../workers/ingest-protocol.ts';
import type { Paper } from '../types.ts';
import { pushAll } from '../util/array.ts';
import { fromWire } from '../../workers/protocol.ts';

/** Pasted text shorter than this (characters) is parsed on the main thread. */
export const SYNC_LIMIT = 200_000;

type Pending = { id: number; resolve: (r: never) => void; reject: (e: Error) => void; onProgress?: (p: IngestProgress) => void; papers?: Paper[] };

export class IngestClient {
  private worker: Worker | null = null;
  private pending: Pending | null = null;
  private local: IngestBatch | null = null;
  private nextId = 1;

  constructor(private readonly create: () => Worker = defaultWorker) {}

  /** Reads dropped/picked files; `bytes` buffers are transferred and unusable afterwards. */
  readFiles(files: { name: string; bytes: ArrayBuffer }[], onProgress?: (p: IngestProgress) => void): Promise<BatchResult> {
    this.local = null;
    return this.send({ id: 0, type: 'read', inputs: files }, onProgress, files.map((f) => f.bytes));
  }

  readText(text: string, name: string, onProgress?: (p: IngestProgress) => void): Promise<BatchResult> {
    if (text.length < SYNC_LIMIT) {
      if (this.pending) this.abort(new DOMException('Replaced by a newer input', 'AbortError'));
      this.local = new IngestBatch([{ name, text }]);
      return this.attempt(() => this.local!.run(onProgress));
    }
    this.local = null;
    const input: WireInput = { name, text };
    return this.send({ id: 0, type: 'read', inputs: [input] }, onProgress);
  }

  /** Re-reads one file of the last batch with a new encoding and/or column mapping. */
  reread(file: string, choice: FileChoice, onProgress?: (p: IngestProgress) => void): Promise<BatchResult> {
    if (this.local) {
      const batch = this.local;
      return this.attempt(() => batch.rerun(file, choice, onProgress));
    }
    return this.send({ id: 0, type: 'reread', file, choice }, onProgress);
  }

  /**
   * Opens a session or map JSON file in the worker: decoded, parsed and checked there,
   * its papers received in chunks (each message a short task). `bytes` is transferred.
   */
  openSession(name: string, bytes: ArrayBuffer): Promise<SessionOutcome> {
    this.local = null;
    return this.send<SessionOutcome>({ id: 0, type: 'session', name, bytes }, undefined, [bytes]);
  }

  /** Stops a read in progress (terminates the worker); its promise rejects with an AbortError. */
  cancel(): void {
    this.abort(new DOMException('Cancelled', 'AbortError'));
  }

  private attempt(run: () => BatchResult): Promise<BatchResult> {
    try {
      return Promise.resolve(run());
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  private send<T = BatchResult>(req: IngestRequest, onProgress: ((p: IngestProgress) => void) | undefined, transfer: Transferable[] = []): Promise<T> {
    // A read still running is superseded: its worker is busy, so it is replaced.
    if (this.pending && req.type !== 'reread') this.abort(new DOMException('Replaced by a newer input', 'AbortError'));
    else if (this.pending) this.pending.reject(new DOMException('Replaced by a newer request', 'AbortError'));
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending = { id, resolve: resolve as (r: never) => void, reject, onProgress };
      worker.postMessage({ ...req, id }, transfer);
    });
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = this.create();
    w.onmessage = (ev: MessageEvent) => this.receive(ev.data);
    w.onerror = (ev: ErrorEvent) => {
      ev.preventDefault?.();
      this.abort(new Error(`The file reader crashed: ${ev.message || 'unknown error'} (the file may be too large for this browser)`));
    };
    w.onmessageerror = () => this.abort(new Error('The file reader sent a message that could not be read'));
    this.worker = w;
    return w;
  }

  private receive(data: unknown): void {
    if (!isIngestReply(data)) return;
    const msg = data as IngestReply;
    const p = this.pending;
    if (!p || p.id !== msg.id) return; // a stale reply of a superseded request
    if (msg.type === 'progress') {
      p.onProgress?.(msg.progress);
      return;
    }
    if (msg.type === 'papers') {
      pushAll((p.papers ??= []), msg.papers);
      return;
    }
    this.pending = null;
    if (msg.type === 'session') {
      const o = msg.outcome;
      if (o.kind === 'ok') o.session.papers = p.papers ?? [];
      p.resolve(o as never);
    } else if (msg.type === 'result') p.resolve(msg.result as never);
    else p.reject(fromWire(msg.error));
  }

  /** Terminates the worker (its batch goes with it) and rejects the pending call. */
  private abort(reason: Error): void {
    this.worker?.terminate();
    this.worker = null;
    const p = this.pending;
    this.pending = null;
    p?.reject(reason);
  }
}

function defaultWorker(): Worker {
  return new Worker(new URL('../../workers/ingest.worker.ts', import.meta.url), { type: 'module', name: 'paperscope-ingest' });
}
