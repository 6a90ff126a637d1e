/** Test double for the USE encoder: hashed bag of words, unit length, deterministic; optional poisoned texts. */
import { EMBED_DIM, type Encoder } from '../../src/pipeline/embed.ts';

export function fakeEncoder(opts: { poison?: (text: string) => 'nan' | 'zero' | undefined } = {}): Encoder & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    async embedBatch(texts) {
      calls.push([...texts]);
      const out = new Float32Array(texts.length * EMBED_DIM);
      texts.forEach((t, r) => {
        const o = r * EMBED_DIM;
        for (const w of t.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
          let h = 2166136261;
          for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 16777619);
          out[o + ((h >>> 0) % EMBED_DIM)] += 1;
        }
        out[o + 511] += 0.5;
        let s = 0;
        for (let j = 0; j < EMBED_DIM; j++) s += out[o + j] ** 2;
        for (let j = 0; j < EMBED_DIM; j++) out[o + j] /= Math.sqrt(s);
        const p = opts.poison?.(t);
        if (p === 'nan') out[o + 3] = NaN;
        if (p === 'zero') out.fill(0, o, o + EMBED_DIM);
      });
      return out;
    },
    encode: (t) => t.split(/\s+/).map((_, i) => i),
    dispose() {},
  };
}
