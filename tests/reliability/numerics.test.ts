/**
 * N5: an Inf vector (besides NaN and zero, covered in tests/pipeline/run.test.ts) is excluded
 * and reported, and the layout handed to the renderer is finite.
 * N6: the same seed gives an identical layout; the same sentences embedded with the WASM and
 * the CPU backend agree within a tolerance (tfjs#265: backends differ in the last bits).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { runPipeline } from '../../src/pipeline/run.ts';
import { embedAll, EMBED_DIM, MAX_TOKENS, type Encoder } from '../../src/pipeline/embed.ts';
import { loadNodeEncoder } from '../../src/model/load-node.ts';
import { DEFAULT_SETTINGS } from '../../src/types.ts';
import { fakeEncoder } from '../pipeline/fake-encoder.ts';
import { paper, topicCorpus } from '../pipeline/fixtures.ts';

const settings = { ...DEFAULT_SETTINGS };

describe('non-finite vectors (N5)', () => {
  it('a vector holding +Infinity is left off the map and reported; every coordinate is finite', async () => {
    const { papers } = topicCorpus(3);
    const poisoned = papers.map((p, i) => (i === 5 ? paper(i, p.title, p.abstract + ' infinitypoison') : p));
    const base = fakeEncoder();
    const enc: Encoder = {
      ...base,
      async embedBatch(texts) {
        const out = await base.embedBatch(texts);
        texts.forEach((t, r) => {
          if (t.includes('infinitypoison')) out[r * EMBED_DIM + 7] = Infinity;
        });
        return out;
      },
    };
    const r = await runPipeline(poisoned, enc, { settings });
    expect(r.info.notices.join(' ')).toMatch(/1 paper\(s\) got an invalid embedding/);
    expect(r.layout.cluster[5]).toBe(-1);
    for (let i = 0; i < poisoned.length; i++) {
      if (i === 5) continue;
      expect(Number.isFinite(r.layout.x[i]) && Number.isFinite(r.layout.y[i])).toBe(true);
    }
    for (const c of r.layout.clusters) expect(c.members).not.toContain(5);
  });
});

describe('reproducibility (N6)', () => {
  it('the same seed gives a bit-identical layout and partition through the whole pipeline; another seed differs', async () => {
    const { papers } = topicCorpus(6);
    const a = await runPipeline(papers, fakeEncoder(), { settings: { ...settings, seed: 7 } });
    const b = await runPipeline(papers, fakeEncoder(), { settings: { ...settings, seed: 7 } });
    const c = await runPipeline(papers, fakeEncoder(), { settings: { ...settings, seed: 8 } });
    expect(Array.from(b.layout.x)).toEqual(Array.from(a.layout.x));
    expect(Array.from(b.layout.y)).toEqual(Array.from(a.layout.y));
    expect(Array.from(b.layout.cluster)).toEqual(Array.from(a.layout.cluster));
    expect(Array.from(c.layout.x)).not.toEqual(Array.from(a.layout.x));
  });

  describe('across backends (real USE-lite)', () => {
    let enc: Encoder;
    beforeAll(async () => {
      enc = await loadNodeEncoder();
    });
    afterAll(async () => {
      await tf.setBackend('wasm');
    });

    it('WASM and CPU embeddings of five sentences agree: cosine > 0.999 per sentence, pairwise cosines within 1e-3', async () => {
      const sentences = [
        'Pruning removes redundant weights from neural networks.',
        'Quantization stores weights with fewer bits.',
        'A robot learns to grasp unseen objects.',
        'Dense retrieval ranks passages for a query.',
        'Protein structure prediction with deep learning.',
      ];
      expect(tf.getBackend()).toBe('wasm');
      const wasm = await enc.embedBatch(sentences);
      expect(await tf.setBackend('cpu')).toBe(true);
      const cpu = await enc.embedBatch(sentences);
      const dot = (a: Float32Array, i: number, b: Float32Array, j: number) => {
        let s = 0;
        for (let d = 0; d < EMBED_DIM; d++) s += a[i * EMBED_DIM + d] * b[j * EMBED_DIM + d];
        return s;
      };
      for (let i = 0; i < 5; i++) {
        const cos = dot(wasm, i, cpu, i) / Math.sqrt(dot(wasm, i, wasm, i) * dot(cpu, i, cpu, i));
        expect(cos, `sentence ${i}`).toBeGreaterThan(0.999);
      }
      for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) expect(Math.abs(dot(wasm, i, wasm, j) - dot(cpu, i, cpu, j))).toBeLessThan(1e-3);
      // The sentences are different: the agreement above is not vacuous.
      expect(dot(wasm, 0, wasm, 2)).toBeLessThan(0.9);
    });

    it('R9: 20 batches leave tf.memory().numTensors where it started; R5: so does a run cancelled mid-way', async () => {
      await tf.setBackend('wasm');
      const texts = Array.from({ length: 160 }, (_, i) => `Sentence number ${i} about topic ${i % 7} and method ${i % 5}.`);
      await enc.embedBatch(texts.slice(0, 2)); // warm-up: weights and kernels are allocated once
      const base = tf.memory().numTensors;
      await embedAll(texts, enc, { batchSize: 8 }); // 20 batches
      expect(tf.memory().numTensors).toBe(base);
      const ctl = new AbortController();
      const run = embedAll(texts, enc, { batchSize: 8, onProgress: (done) => done >= 40 && ctl.abort(), signal: ctl.signal });
      await expect(run).rejects.toThrow(/Cancel/);
      expect(tf.memory().numTensors).toBe(base);
    });

    it('R9: the batch size is capped (64) whatever is asked, and a huge text is cut to the model limit', async () => {
      const sizes: number[] = [];
      const counting: Encoder = { ...enc, embedBatch: (t) => (sizes.push(t.length), enc.embedBatch(t)) };
      await embedAll(Array.from({ length: 130 }, (_, i) => `short text ${i}`), counting, { batchSize: 10_000 });
      expect(Math.max(...sizes)).toBeLessThanOrEqual(64);
      expect(enc.encode('word '.repeat(200_000)).length).toBeLessThanOrEqual(MAX_TOKENS);
    });
  });
});
