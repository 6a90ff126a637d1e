/**
 * Embedding cache on disk for the CLI and eval: one 2 KB file of float32 per
 * text, named by SHA-256 of (model id, text). Lives under
 * node_modules/.cache/paperscope/ by default, so it is never committed.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { EMBED_DIM, MODEL_ID } from '../src/pipeline/embed.ts';

export interface VectorCache {
  get(texts: string[]): Promise<(Float32Array | undefined)[]>;
  put(texts: string[], vectors: Float32Array): Promise<void>;
}

export function defaultCacheDir(): string {
  return join(process.cwd(), 'node_modules', '.cache', 'paperscope');
}

function keyOf(text: string): string {
  return createHash('sha256').update(MODEL_ID).update('\n').update(text).digest('hex');
}

export function diskCache(dir = defaultCacheDir()): VectorCache {
  const pathOf = (text: string) => {
    const k = keyOf(text);
    return { sub: join(dir, k.slice(0, 2)), file: join(dir, k.slice(0, 2), k + '.f32') };
  };
  return {
    async get(texts) {
      return texts.map((t) => {
        const { file } = pathOf(t);
        if (!existsSync(file)) return undefined;
        const b = readFileSync(file);
        if (b.byteLength !== EMBED_DIM * 4) return undefined;
        return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
      });
    },
    async put(texts, vectors) {
      texts.forEach((t, i) => {
        const { sub, file } = pathOf(t);
        mkdirSync(sub, { recursive: true });
        const row = vectors.slice(i * EMBED_DIM, (i + 1) * EMBED_DIM);
        writeFileSync(file, Buffer.from(row.buffer));
      });
    },
  };
}
