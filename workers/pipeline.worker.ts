/// <reference lib="webworker" />
/** Worker entry: checks each message's shape and dispatches it to the API; every reply carries the request id. */
import * as api from './pipeline-api.ts';
import { installTrustedTypes } from '../src/security/trusted-types.ts';
import { isRequest, type Reply, type Request } from './protocol.ts';
import type { MapResult, Progress } from '../src/types.ts';

// This worker starts the embedding workers: their script URLs pass the same-origin policy.
installTrustedTypes();

const post = (reply: Reply, transfer: Transferable[] = []) => (self as DedicatedWorkerGlobalScope).postMessage(reply, transfer);

function transferablesOf(result: unknown): Transferable[] {
  const layout = (result as MapResult | undefined)?.layout;
  // A buffer listed twice makes postMessage throw, so dedupe (columns may share one buffer).
  return layout ? [...new Set([layout.x.buffer, layout.y.buffer, layout.cluster.buffer, layout.dupOf.buffer])] : [];
}

async function handle(req: Request): Promise<unknown> {
  const progress = (p: Progress) => post({ id: req.id, type: 'progress', progress: p });
  switch (req.type) {
    case 'map':
      return api.map(req.papers, req.settings, progress, req.runtime, (first) => post({ id: req.id, type: 'partial', result: first }), req.refine);
    case 'relayout':
      return api.relayout(req.settings, progress);
    case 'add':
      return api.add(req.papers, req.nOld, req.layout, req.settings, progress, req.runtime);
    case 'similar':
      return api.similarTo(req.query, req.k, req.key, req.papers);
  }
}

self.onmessage = async (ev: MessageEvent) => {
  const msg: unknown = ev.data;
  if (!isRequest(msg)) {
    const id = typeof (msg as { id?: unknown })?.id === 'number' ? (msg as { id: number }).id : -1;
    post({ id, type: 'error', error: { name: 'ProtocolError', message: 'Malformed request to the pipeline worker' } });
    return;
  }
  try {
    const result = await handle(msg);
    post({ id: msg.id, type: 'result', result }, transferablesOf(result));
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    post({ id: msg.id, type: 'error', error: { name: err.name, message: err.message } });
  }
};
