/// <reference lib="webworker" />
/**
 * Embedding worker: one of a pool. Loads its own copy of the model on first
 * use and embeds the batches it is sent; every reply carries the request id.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ModelRuntime } from './model-runtime.ts';
import type { EmbedReply, EmbedRequest } from './embed-protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope & { paperscopeDebug?: unknown };
const runtime = new ModelRuntime();
// Fault injection for the e2e suite (Playwright evaluates in the worker); inert otherwise.
scope.paperscopeDebug = {
  loseWebGLContext: () => runtime.loseContextForTest(),
  backend: () => runtime.backend,
  numTensors: () => tf.memory().numTensors,
};

const post = (m: EmbedReply, transfer: Transferable[] = []) => scope.postMessage(m, transfer);

scope.onmessage = async (ev: MessageEvent<EmbedRequest>) => {
  const req = ev.data;
  if (!req || typeof req.id !== 'number' || !Array.isArray(req.texts) || !req.texts.every((t) => typeof t === 'string')) {
    post({ id: typeof req?.id === 'number' ? req.id : -1, type: 'error', error: { name: 'ProtocolError', message: 'Malformed embed request' } });
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
