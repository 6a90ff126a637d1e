/// <reference lib="webworker" />
/** Worker entry: one pipeline API, its messages handled by pipeline-handler.ts; every reply carries the request id. */
import { createPipelineApi } from './pipeline-api.ts';
import { createPipelineHandler } from './pipeline-handler.ts';
import { installTrustedTypes } from '../src/security/trusted-types.ts';
import type { Reply } from './protocol.ts';

// This worker starts the embedding workers: their script URLs pass the same-origin policy.
installTrustedTypes();

const post = (reply: Reply, transfer: Transferable[] = []) => (self as DedicatedWorkerGlobalScope).postMessage(reply, transfer);
const handle = createPipelineHandler(createPipelineApi(), post);
self.onmessage = (ev: MessageEvent) => void handle(ev.data);
