/**
 * Loads USE-lite from the app's own origin (/models/use/, copied from the npm
 * package by the build). Never a remote URL: the app works offline and tells
 * no server what the user reads.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfconv from '@tensorflow/tfjs-converter';
import { createUseEncoder, type Encoder, type Vocabulary } from '../pipeline/embed.ts';
import { checkTokenizer } from './tokenizer-guard.ts';

export function modelBaseUrl(): string {
  return new URL(`${import.meta.env.BASE_URL}models/use/`, self.location.href).href;
}

export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
}

export async function loadBrowserEncoder(base = modelBaseUrl()): Promise<Encoder> {
  let model: tfconv.GraphModel;
  let vocab: Vocabulary;
  try {
    const vocabResponse = await fetch(base + 'vocab.json');
    if (!vocabResponse.ok) throw new Error(`vocab.json: HTTP ${vocabResponse.status}`);
    [model, vocab] = await Promise.all([tfconv.loadGraphModel(base + 'model.json'), vocabResponse.json() as Promise<Vocabulary>]);
  } catch (e) {
    throw new ModelLoadError(`Could not load the sentence model from ${base} (${(e as Error).message}). Your papers are kept; press Retry.`);
  }
  const encoder = createUseEncoder(tf, model, vocab);
  checkTokenizer(encoder.encode);
  return encoder;
}
