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
