/**
 * Main-thread client of the pipeline worker. One run at a time: a map, add or
 * relayout while another run is in flight cancels it first (its promise rejects
 * with an AbortError), so a stale run can never finish last. Every reply is
 * matched to its request by id; replies of cancelled requests are dropped.
 * Cancel terminates the worker (the kNN and UMAP steps are synchronous inside
 * it, so a message could not interrupt them) and the next call starts a fresh one.
 */
import type { Request, Reply, ResultOf, RuntimeOptions, SimilarHit } from '../workers/protocol.ts';
import { CORPUS_PART, fromWire, isReply } from '../workers/protocol.ts';
import type { Layout, MapResult, MapSettings, Paper, Progress } from './types.ts';
import { corpusKey } from './pipeline/corpus-key.ts';

type Pending = {
  kind: Request['type'];
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  onProgress?: (p: Progress) => void;
  onPartial?: (r: MapResult) => void;
};
const RUNS = new Set<Request['type']>(['map', 'add', 'relayout']);
type Payload<T extends Request['type']> = Omit<Extract<Request, { type: T }>, 'id' | 'type'>;

export class PipelineClient {
  private worker: Worker | null = null;
  private pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    private readonly runtime: RuntimeOptions = {},
    private readonly create: () => Worker = defaultWorker,
  ) {}

  /**
   * A progressive run: `onFirstMap` gets the keyword map while the sentence model works; the
   * promise resolves with the refined map (or the keyword map when `refine` is false).
   */
  map(papers: Paper[], settings: MapSettings, onProgress?: (p: Progress) => void, onFirstMap?: (r: MapResult) => void, refine = true): Promise<MapResult> {
    return this.call('map', { papers, settings, runtime: this.runtime, refine }, onProgress, onFirstMap);
  }

  add(papers: Paper[], nOld: number, layout: Layout, settings: MapSettings, onProgress?: (p: Progress) => void): Promise<MapResult> {
    return this.call('add', { papers, nOld, layout, settings, runtime: this.runtime }, onProgress);
  }

  relayout(settings: MapSettings, onProgress?: (p: Progress) => void): Promise<MapResult> {
    return this.call('relayout', { settings }, onProgress);
  }

  /**
   * Papers of `papers` (the corpus on screen) nearest to the query. When the worker holds another
   * corpus or none (after a cancel, a crash, a reload or an opened session), the request is sent
   * again with the papers, and the worker answers from the embedding cache.
   */
  async similar(query: string, k: number, papers: Paper[]): Promise<SimilarHit[]> {
    const key = corpusKey(papers);
    try {
      return await this.call('similar', { query, k, key });
    } catch (e) {
      if ((e as Error).name !== 'NoCorpus') throw e;
      return this.call('similar', { query, k, key, papers });
    }
  }

  /** How many of these texts are longer than the sentence model reads. */
  countLongTexts(texts: string[]): Promise<number> {
    return this.call('long-texts', { texts });
  }

  /** Whether a map, add or relayout is in flight. */
  running(): boolean {
    return [...this.pending.values()].some((p) => RUNS.has(p.kind));
  }

  /** Stops whatever runs now: pending calls reject with an AbortError; the worker is replaced on next use. */
  cancel(): void {
    this.reset(new DOMException('Cancelled', 'AbortError'));
  }

  dispose(): void {
    this.reset(new DOMException('Closed', 'AbortError'));
  }

  private call<T extends Request['type']>(type: T, payload: Payload<T>, onProgress?: (p: Progress) => void, onPartial?: (r: MapResult) => void): Promise<ResultOf<T>> {
    // One run at a time: a new run cancels the one in flight (stopping its worker), never races it.
    if (RUNS.has(type) && this.running()) this.reset(new DOMException('Superseded by a newer run', 'AbortError'));
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise<ResultOf<T>>((resolve, reject) => {
      this.pending.set(id, { kind: type, resolve: resolve as (v: unknown) => void, reject, onProgress, onPartial });
      const papers = (payload as { papers?: Paper[] }).papers;
      if ((type === 'map' || type === 'add') && papers && papers.length > CORPUS_PART) {
        void this.sendInParts(worker, id, type, payload, papers);
        return;
      }
      // Payload<T> pairs with T by construction; TypeScript cannot follow the union through the spread.
      worker.postMessage({ id, type, ...payload } as unknown as Request);
    });
  }

  /**
   * A big corpus goes to the worker in parts, each posted in its own task (a postMessage clones
   * its message on the page: 20,000 papers at once were a 0.4 s task), then the request itself.
   * A cancel or a newer run meanwhile stops the sending.
   */
  private async sendInParts(worker: Worker, id: number, type: string, payload: object, papers: Paper[]): Promise<void> {
    const live = () => this.worker === worker && this.pending.has(id);
    let parts = 0;
    for (let at = 0; at < papers.length; at += CORPUS_PART) {
      if (!live()) return;
      worker.postMessage({ id, type: 'papers-part', papers: papers.slice(at, at + CORPUS_PART) } satisfies Request);
      parts++;
      await new Promise((r) => setTimeout(r, 0));
    }
    if (live()) worker.postMessage({ id, type, ...payload, papers: [], parts } as unknown as Request);
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = this.create();
    w.onmessage = (ev: MessageEvent) => this.receive(ev.data);
    // A crash (uncaught error, OOM) or an undecodable message rejects every pending call and drops the worker.
    w.onerror = (ev: ErrorEvent) => {
      ev.preventDefault?.();
      this.reset(new Error(`The pipeline worker crashed: ${ev.message || 'unknown error'}`));
    };
    w.onmessageerror = () => this.reset(new Error('The pipeline worker sent a message that could not be read'));
    this.worker = w;
    return w;
  }

  private receive(data: unknown): void {
    if (!isReply(data)) return;
    const msg = data as Reply;
    const p = this.pending.get(msg.id);
    if (!p) return; // a stale reply from a cancelled request
    if (msg.type === 'progress') p.onProgress?.(msg.progress);
    else if (msg.type === 'partial') p.onPartial?.(msg.result as MapResult);
    else if (msg.type === 'result') {
      this.pending.delete(msg.id);
      p.resolve(msg.result);
    } else {
      this.pending.delete(msg.id);
      p.reject(fromWire(msg.error));
    }
  }

  private reset(reason: Error): void {
    this.worker?.terminate();
    this.worker = null;
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(reason);
  }
}

function defaultWorker(): Worker {
  return new Worker(new URL('../workers/pipeline.worker.ts', import.meta.url), { type: 'module', name: 'paperscope-pipeline' });
}
