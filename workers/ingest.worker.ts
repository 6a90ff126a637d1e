/// <reference lib="webworker" />
/** Ingest worker entry: decoding and parsing run here so large inputs never block the page. */
import { createIngestHandler } from './ingest-handler.ts';

const handle = createIngestHandler((reply) => (self as DedicatedWorkerGlobalScope).postMessage(reply));
self.onmessage = (ev: MessageEvent) => handle(ev.data);
