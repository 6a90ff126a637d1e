/**
 * The pipeline worker's message handling, apart from the worker global so it can
 * run in-process in tests: checks each message's shape, dispatches it to the API,
 * and replies with the request id (progress, the first map of a progressive run,
 * the result, or the error).
 */
import type { createPipelineApi } from './pipeline-api.ts';
import { isRequest, type Reply, type Request } from './protocol.ts';
import type { MapResult, Paper, Progress } from '../src/types.ts';

type Api = ReturnType<typeof createPipelineApi>;

function transferablesOf(result: unknown): Transferable[] {
  const layout = (result as MapResult | undefined)?.layout;
  // A buffer listed twice makes postMessage throw, so dedupe (columns may share one buffer).
  return layout ? [...new Set([layout.x.buffer, layout.y.buffer, layout.cluster.buffer, layout.dupOf.buffer])] : [];
}

export function createPipelineHandler(api: Api, post: (reply: Reply, transfer?: Transferable[]) => void) {
  /** Papers received in parts ahead of their request, by request id. */
  const received = new Map<number, { parts: number; papers: Paper[] }>();
  /** The request's papers: as sent, or put together from the parts sent ahead of it. */
  const papersOf = (req: { id: number; papers: Paper[]; parts?: number }): Paper[] => {
    if (req.parts === undefined) return req.papers;
    const got = received.get(req.id);
    received.delete(req.id);
    if ((got?.parts ?? 0) !== req.parts) throw Object.assign(new Error(`The corpus arrived incomplete (${got?.parts ?? 0} of ${req.parts} parts)`), { name: 'ProtocolError' });
    return got?.papers ?? [];
  };
  const handle = (req: Request): Promise<unknown> => {
    const progress = (p: Progress) => post({ id: req.id, type: 'progress', progress: p });
    switch (req.type) {
      case 'map':
        // The first map is copied, not transferred: the worker starts the refined layout from it.
        return api.map(papersOf(req), req.settings, progress, req.runtime, (first) => post({ id: req.id, type: 'partial', result: first }), req.refine);
      case 'relayout':
        return api.relayout(req.settings, progress);
      case 'add':
        return api.add(papersOf(req), req.nOld, req.layout, req.settings, progress, req.runtime);
      case 'papers-part':
        return Promise.resolve();
      case 'similar':
        return api.similarTo(req.query, req.k, req.key, req.papers);
      case 'long-texts':
        return api.countLongTexts(req.texts);
    }
  };
  return async (msg: unknown) => {
    if (!isRequest(msg)) {
      const id = typeof (msg as { id?: unknown })?.id === 'number' ? (msg as { id: number }).id : -1;
      post({ id, type: 'error', error: { name: 'ProtocolError', message: 'Malformed request to the pipeline worker' } });
      return;
    }
    if (msg.type === 'papers-part') {
      // No reply: the request that follows the parts answers.
      const got = received.get(msg.id) ?? { parts: 0, papers: [] };
      for (const p of msg.papers) got.papers.push(p);
      got.parts++;
      received.set(msg.id, got);
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
}
