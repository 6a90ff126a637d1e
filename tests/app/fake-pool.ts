/** Test doubles around the pipeline worker: an embedding pool over the fake encoder, and an in-process pipeline worker. */
import type { EmbedPool } from '../../workers/embed-pool.ts';
import type { Backend } from '../../src/types.ts';
import { createPipelineApi, type PipelineApiDeps } from '../../workers/pipeline-api.ts';
import { createPipelineHandler } from '../../workers/pipeline-handler.ts';
import { createEmbeddingCache, type EmbeddingCache } from '../../src/store/embedding-cache.ts';
import { EMBED_DIM, MODEL_ID } from '../../src/pipeline/embed.ts';
import { fakeEncoder } from '../pipeline/fake-encoder.ts';

/** A pool of `concurrency` lanes over the fake encoder; `delay(texts)` ms before each batch answers. */
export function fakePool(opts: { concurrency?: number; delay?: (texts: string[]) => number; backend?: Backend } = {}): EmbedPool & { calls: string[][]; preferred: Backend[][] } {
  const enc = fakeEncoder();
  const preferred: Backend[][] = [];
  let chosen: Backend | null = null;
  return {
    calls: enc.calls,
    preferred,
    prefer: (b) => void preferred.push(b),
    concurrency: opts.concurrency ?? 2,
    async embedBatch(texts) {
      const ms = opts.delay?.(texts) ?? 0;
      if (ms) await new Promise((r) => setTimeout(r, ms));
      chosen ??= preferred.at(-1)?.[0] ?? opts.backend ?? 'wasm';
      return enc.embedBatch(texts);
    },
    encode: enc.encode,
    dispose() {},
    backend: () => chosen,
    takeNotices: () => [],
  };
}

/** The embedding cache in memory (Node has no IndexedDB), shared between "workers" like IndexedDB is. */
export const memoryCache = (): EmbeddingCache => createEmbeddingCache(MODEL_ID, EMBED_DIM, false);

/** An in-process stand-in for the pipeline worker: the real handler and API, structured-cloned messages, delivered async. */
export class FakePipelineWorker {
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  terminated = false;
  received: Array<{ id: number; type: string }> = [];
  replies: Array<{ id: number; type: string }> = [];
  private handle: (msg: unknown) => Promise<void>;
  constructor(deps: PipelineApiDeps) {
    this.handle = createPipelineHandler(createPipelineApi(deps), (reply) => {
      const data = structuredClone(reply);
      setTimeout(() => {
        if (this.terminated) return;
        this.replies.push(data);
        this.onmessage?.({ data } as MessageEvent);
      }, 0);
    });
  }
  postMessage(msg: unknown) {
    const data = structuredClone(msg) as { id: number; type: string };
    this.received.push(data);
    setTimeout(() => !this.terminated && void this.handle(data), 0);
  }
  terminate() {
    this.terminated = true;
  }
}
