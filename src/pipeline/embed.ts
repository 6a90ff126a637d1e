/**
 * Embed stage: text → unit-length 512-d USE-lite vectors, in batches.
 *
 * The encoder is injected so the same code runs in the browser worker (model
 * fetched from the app's own origin) and in Node (model read from disk).
 */
import type * as tfcore from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { Tokenizer } from '@tensorflow-models/universal-sentence-encoder';

import { EMBED_DIM } from '../model/model-info.ts';

export { EMBED_DIM, MODEL_ID } from '../model/model-info.ts';
/** Tokens the model reads per text (128: what the graph keeps; a typical abstract is 200-400). */
export { MAX_TOKENS } from '../model/model-info.ts';
import { MAX_TOKENS } from '../model/model-info.ts';
/** Characters looked at before tokenising, so a 5 MB abstract cannot stall the tokenizer. */
export const MAX_CHARS = 4000;

export interface Encoder {
  /** Embeds a batch; returns texts.length × EMBED_DIM floats, row-major. */
  embedBatch(texts: string[]): Promise<Float32Array>;
  /** Token ids for a text, after truncation. */
  encode(text: string): number[];
  dispose(): void;
  /** How many batches it can embed at once (a pool of workers); 1 when absent. */
  concurrency?: number;
}

export type Vocabulary = Array<[string, number]>;

/**
 * The graph's sparse input for token-id lists: (row, column) pairs and ids. prepare() never sends
 * "", but an empty token list would drop the row from the model's output; a lone unknown token
 * (id 0) keeps rows and outputs aligned.
 */
export function sparseInput(lists: number[][]): { indices: Int32Array; values: Int32Array; total: number } {
  let total = 0;
  for (const e of lists) total += Math.max(1, e.length);
  const indices = new Int32Array(total * 2);
  const values = new Int32Array(total);
  let k = 0;
  lists.forEach((ids, row) => {
    const list = ids.length ? ids : [0];
    list.forEach((id, col) => {
      indices[2 * k] = row;
      indices[2 * k + 1] = col;
      values[k++] = id;
    });
  });
  return { indices, values, total };
}

/** Wraps a loaded USE-lite graph model and its vocabulary. Disposes every tensor it makes. */
export function createUseEncoder(tf: typeof tfcore, model: GraphModel, vocabulary: Vocabulary): Encoder {
  const tokenizer = new Tokenizer(vocabulary);
  const encode = (text: string): number[] => {
    const ids = tokenizer.encode(text.length > MAX_CHARS ? cutAt(text, MAX_CHARS) : text);
    return ids.length > MAX_TOKENS ? ids.slice(0, MAX_TOKENS) : ids;
  };
  return {
    encode,
    async embedBatch(texts: string[]): Promise<Float32Array> {
      const { indices, values, total } = sparseInput(texts.map(encode));
      const ti = tf.tensor2d(indices, [total, 2], 'int32');
      const tv = tf.tensor1d(values, 'int32');
      let out: tfcore.Tensor | undefined;
      try {
        out = (await model.executeAsync({ indices: ti, values: tv })) as tfcore.Tensor;
        const data = (await out.data()) as Float32Array;
        if (data.length !== texts.length * EMBED_DIM) {
          throw new Error(`model returned ${data.length} values for ${texts.length} texts`);
        }
        return new Float32Array(data);
      } finally {
        ti.dispose();
        tv.dispose();
        out?.dispose();
      }
    },
    dispose() {
      model.dispose();
    },
  };
}

export interface EmbedOptions {
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /**
   * Called with each finished batch (its first text index, its vectors, and the rows within it
   * that were invalid) as soon as it is in,
   * so a cache can be written per batch and a reload mid-run resumes from what was done.
   * Awaited before the lane takes the next batch.
   */
  onBatch?: (start: number, vectors: Float32Array, badRows: number[]) => Promise<void> | void;
}

/**
 * Embeds every text. Rows whose vector is not finite or has zero length are
 * zeroed and listed in `bad` (RELIABILITY N5), never passed on silently.
 * Lanes share one stop flag: when a batch fails or the signal fires, no lane
 * starts another batch (a failed lane must not leave the others embedding the
 * rest of the corpus while a Retry queues behind them).
 */
export async function embedAll(
  texts: string[],
  encoder: Encoder,
  opts: EmbedOptions = {},
): Promise<{ vectors: Float32Array; bad: number[] }> {
  const batchSize = Math.max(1, Math.min(opts.batchSize ?? 16, 64));
  const vectors = new Float32Array(texts.length * EMBED_DIM);
  const bad: number[] = [];
  let next = 0;
  let done = 0;
  let stop: Error | null = null;
  // `concurrency` batches in flight (one per pool worker); each lane takes the next batch when free.
  const lane = async () => {
    while (next < texts.length && !stop) {
      if (opts.signal?.aborted) throw (stop = new DOMException('Cancelled', 'AbortError'));
      const start = next;
      next += batchSize;
      const batch = texts.slice(start, start + batchSize);
      try {
        const out = await encoder.embedBatch(batch);
        if (stop) return;
        if (out.length !== batch.length * EMBED_DIM) throw new Error(`embedding batch returned ${out.length} values for ${batch.length} texts`);
        vectors.set(out, start * EMBED_DIM);
        const badHere: number[] = [];
        for (let r = 0; r < batch.length; r++) if (!checkRow(vectors, start + r)) badHere.push(r);
        for (const r of badHere) bad.push(start + r);
        await opts.onBatch?.(start, vectors.slice(start * EMBED_DIM, (start + batch.length) * EMBED_DIM), badHere);
      } catch (e) {
        stop ??= e as Error;
        throw e;
      }
      done += batch.length;
      opts.onProgress?.(done, texts.length);
    }
  };
  const lanes = Math.max(1, Math.min(encoder.concurrency ?? 1, Math.ceil(texts.length / batchSize)));
  const results = await Promise.allSettled(Array.from({ length: lanes }, lane));
  if (stop) throw stop;
  for (const r of results) if (r.status === 'rejected') throw r.reason;
  bad.sort((a, b) => a - b);
  return { vectors, bad };
}

/** True when row i is finite with a norm near 1; otherwise zeroes it. */
export function checkRow(vectors: Float32Array, i: number, dim = EMBED_DIM): boolean {
  let s = 0;
  let ok = true;
  for (let j = i * dim; j < (i + 1) * dim; j++) {
    const v = vectors[j];
    if (!Number.isFinite(v)) ok = false;
    s += v * v;
  }
  if (ok && s > 0.25 && s < 4) return true;
  vectors.fill(0, i * dim, (i + 1) * dim);
  return false;
}

export { embedText } from '../util/paper-text.ts';

/** The first `n` UTF-16 units of `text`, one fewer if the cut would split a surrogate pair. */
export function cutAt(text: string, n: number): string {
  const code = text.charCodeAt(n - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
}
