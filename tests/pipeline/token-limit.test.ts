/**
 * The token limit is what the graph reads: USE-lite clips its sparse input to the
 * first 128 positions (ClipToMaxLength → SparseToDense [batch, 128]). Probed on the
 * real graph: ids past position 128 change nothing, an id at position 127 does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { loadNodeGraph } from '../../src/model/load-node.ts';
import { MAX_TOKENS } from '../../src/pipeline/embed.ts';

let model: GraphModel;
beforeAll(async () => {
  model = await loadNodeGraph();
}, 120_000);
afterAll(() => model?.dispose());

/** Embeds rows of token ids given as-is (no truncation on our side). */
async function embedIds(rows: number[][]): Promise<Float32Array[]> {
  const idx: number[] = [];
  const val: number[] = [];
  rows.forEach((ids, r) => ids.forEach((id, c) => (idx.push(r, c), val.push(id))));
  const ti = tf.tensor2d(idx, [val.length, 2], 'int32');
  const tv = tf.tensor1d(val, 'int32');
  const out = (await model.executeAsync({ indices: ti, values: tv })) as tf.Tensor;
  const data = (await out.data()) as Float32Array;
  ti.dispose();
  tv.dispose();
  out.dispose();
  return rows.map((_, r) => data.slice(r * 512, (r + 1) * 512));
}

const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, j) => Math.max(m, Math.abs(v - b[j])), 0);

describe('USE-lite token limit', () => {
  it(`reads ${MAX_TOKENS} tokens: a different tail after position ${MAX_TOKENS} changes nothing, a change at ${MAX_TOKENS - 1} does`, async () => {
    const base = Array.from({ length: 300 }, (_, i) => 1000 + ((i * 37) % 5000));
    const otherTail = [...base.slice(0, MAX_TOKENS), ...base.slice(MAX_TOKENS).map((id) => id + 1)];
    const cut = base.slice(0, MAX_TOKENS);
    const lastChanged = [...base];
    lastChanged[MAX_TOKENS - 1] += 1;
    const [v, vTail, vCut, vLast] = await embedIds([base, otherTail, cut, lastChanged]);
    expect(maxDiff(v, vTail)).toBeLessThan(1e-6);
    expect(maxDiff(v, vCut)).toBeLessThan(1e-6);
    expect(maxDiff(v, vLast)).toBeGreaterThan(1e-4);
  });

  it('WASM and CPU give the same vectors within 1e-5 (one cache class, "f32"; WebGL is keyed apart)', async () => {
    const rows = [[1502, 1341, 1334, 5122, 1846, 7, 22, 992, 147, 3737], [3477, 243, 6, 1000, 2000, 3000]];
    expect(tf.getBackend()).toBe('wasm');
    const wasm = await embedIds(rows);
    await tf.setBackend('cpu');
    try {
      const cpu = await embedIds(rows);
      for (let r = 0; r < rows.length; r++) expect(maxDiff(wasm[r], cpu[r])).toBeLessThan(1e-5);
    } finally {
      await tf.setBackend('wasm');
    }
  });
});
