/// <reference lib="webworker" />
/**
 * Embedding worker: one of a pool. Loads its own copy of the model on first
 * use and embeds the batches it is sent; every reply carries the request id.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ModelRuntime } from './model-runtime.ts';
import { isEmbedRequest, type EmbedReply } from './embed-protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope & { paperscopeDebug?: unknown };
const runtime = new ModelRuntime();
// Fault injection for the e2e suite (Playwright evaluates in the worker); inert otherwise.
scope.paperscopeDebug = {
  loseWebGLContext: () => runtime.loseContextForTest(),
  backend: () => runtime.backend,
  numTensors: () => tf.memory().numTensors,
  /** Vectors for `texts` on this worker's backend (backend comparison tests). */
  embed: async (texts: string[]) => Array.from(await runtime.embed(texts)),
};

const post = (m: EmbedReply, transfer: Transferable[] = []) => scope.postMessage(m, transfer);

scope.onmessage = async (ev: MessageEvent<unknown>) => {
  const req = ev.data;
  if (!isEmbedRequest(req)) {
    const id = typeof (req as { id?: unknown } | null)?.id === 'number' ? (req as { id: number }).id : -1;
    post({ id, type: 'error', error: { name: 'ProtocolError', message: 'Malformed embed request' } });
    return;
  }
  try {
    runtime.want(req.backends);
    const vectors = await runtime.embed(req.texts);
    post({ id: req.id, type: 'result', vectors, backend: runtime.backend ?? 'cpu', notices: runtime.notices.splice(0) }, [vectors.buffer]);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    post({ id: req.id, type: 'error', error: { name: err.name, message: err.message } });
  }
};
