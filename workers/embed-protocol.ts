/** Messages between the pipeline worker's embedding pool and each embedding worker. */
import type { Backend } from '../src/types.ts';
import type { WireError } from './protocol.ts';

export interface EmbedRequest {
  id: number;
  texts: string[];
  /** Backends to try, in order (the first request decides; later ones may omit it). */
  backends?: Backend[];
}

export type EmbedReply =
  | { id: number; type: 'result'; vectors: Float32Array; backend: Backend; notices: string[] }
  | { id: number; type: 'error'; error: WireError };

const BACKENDS = new Set(['webgpu', 'webgl', 'wasm', 'cpu']);

/** Shape check for a request arriving at an embedding worker (RELIABILITY S7): data only, never throws. */
export function isEmbedRequest(m: unknown): m is EmbedRequest {
  if (!m || typeof m !== 'object') return false;
  const r = m as Record<string, unknown>;
  if (typeof r.id !== 'number' || !Array.isArray(r.texts) || !r.texts.every((t) => typeof t === 'string')) return false;
  return r.backends === undefined || (Array.isArray(r.backends) && r.backends.every((b) => typeof b === 'string' && BACKENDS.has(b)));
}

/** Shape check for a reply arriving at the pool from an embedding worker. */
export function isEmbedReply(m: unknown): m is EmbedReply {
  if (!m || typeof m !== 'object') return false;
  const r = m as Record<string, unknown>;
  if (typeof r.id !== 'number') return false;
  if (r.type === 'result') return r.vectors instanceof Float32Array && typeof r.backend === 'string' && BACKENDS.has(r.backend) && Array.isArray(r.notices);
  if (r.type === 'error') return !!r.error && typeof (r.error as { message?: unknown }).message === 'string';
  return false;
}
