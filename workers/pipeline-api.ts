/**
 * The worker's API: plain async functions over the pure pipeline stages.
 * The worker entry only registers them; the main thread never imports this
 * file (it talks through workers/protocol.ts).
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { chooseBackend } from '../src/model/backend.ts';
import { loadBrowserEncoder } from '../src/model/load-browser.ts';
import { EMBED_DIM, MODEL_ID, type Encoder } from '../src/pipeline/embed.ts';
import { createEmbeddingCache } from '../src/store/embedding-cache.ts';
import { embedStage, layoutStage, similar, type Computed } from '../src/pipeline/run.ts';
import type { Backend, MapResult, MapSettings, Paper, Progress } from '../src/types.ts';
import type { SimilarHit } from './protocol.ts';

// Without explicit paths the .wasm request gets index.html back and setBackend('wasm') quietly returns false.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  // Required by setWasmPaths even though threads are off below (never fetched).
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});
// No WASM threads: tfjs builds their workers from blob: source text, which a strict CSP
// (no blob: scripts, Trusted Types) forbids, and it would use at most half the cores anyway.
// Parallelism comes from several embedding workers instead.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

let backend: Backend | null = null;
let encoder: Promise<Encoder> | null = null;
let current: { papers: Paper[]; computed: Computed } | null = null;
const cache = createEmbeddingCache(MODEL_ID, EMBED_DIM);

/** Candidate backends, overridable from the page URL (?backend=wasm) for tests and troubleshooting. */
function candidates(): Backend[] {
  const forced = new URL(self.location.href).searchParams.get('backend');
  if (forced === 'wasm' || forced === 'webgl' || forced === 'cpu') return [forced];
  return ['wasm', 'webgl'];
}

async function ready(onProgress: (p: Progress) => void): Promise<Encoder> {
  if (!encoder) {
    encoder = (async () => {
      onProgress({ stage: 'load-model', fraction: 0, message: 'Choosing a compute backend' });
      backend = (await chooseBackend(candidates())).backend;
      onProgress({ stage: 'load-model', fraction: 0.3, message: `Loading the sentence model (${backend})` });
      return loadBrowserEncoder();
    })();
    // A failed load must not poison later attempts (Retry).
    encoder.catch(() => {
      encoder = null;
    });
  }
  const e = await encoder;
  onProgress({ stage: 'load-model', fraction: 1, message: `Model ready (${backend})` });
  return e;
}

export async function map(papers: Paper[], settings: MapSettings, onProgress: (p: Progress) => void): Promise<MapResult> {
  const t0 = performance.now();
  const enc = await ready(onProgress);
  const t1 = performance.now();
  const computed = await embedStage(papers, enc, { settings, onProgress, backend: backend ?? undefined, cache });
  const t2 = performance.now();
  current = { papers, computed };
  const result = await layoutStage(papers, computed, { settings, onProgress, backend: backend ?? undefined });
  result.info.timings = { 'load-model': Math.round(t1 - t0), embed: Math.round(t2 - t1), ...result.info.timings };
  const storage = cache.problem();
  if (storage) result.info.notices.push(storage);
  return result;
}

export async function relayout(settings: MapSettings, onProgress: (p: Progress) => void): Promise<MapResult> {
  if (!current) {
    // A fresh worker (after Cancel or a crash) has no vectors; the caller falls back to a full map.
    const err = new Error('The worker holds no mapped corpus.');
    err.name = 'NoCorpus';
    throw err;
  }
  return layoutStage(current.papers, current.computed, { settings, onProgress, backend: backend ?? undefined });
}

export async function similarTo(query: string, k: number): Promise<SimilarHit[]> {
  if (!current) throw new Error('Map some papers before searching by similarity.');
  const enc = await ready(() => {});
  const q = await enc.embedBatch([query]);
  return similar(q, current.computed, k);
}

export async function currentBackend(): Promise<Backend> {
  await ready(() => {});
  return backend ?? 'cpu';
}
