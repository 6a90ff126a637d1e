/**
 * The ingest worker's logic, separate from the worker global so it can be tested in
 * Node: holds the current batch, answers read/reread, throttles progress.
 */
import { IngestBatch, type IngestProgress } from '../src/app/ingest-batch.ts';
import { isIngestRequest, type IngestReply } from './ingest-protocol.ts';

/** Progress is posted at most this often (ms), plus at each new file. */
const PROGRESS_MS = 100;

export function createIngestHandler(post: (reply: IngestReply) => void) {
  let batch: IngestBatch | null = null;

  const progressFor = (id: number) => {
    let lastAt = 0;
    let lastFile = '';
    return (p: IngestProgress) => {
      const now = Date.now();
      if (p.file === lastFile && now - lastAt < PROGRESS_MS && p.fraction < 1) return;
      lastAt = now;
      lastFile = p.file;
      post({ id, type: 'progress', progress: p });
    };
  };

  return (msg: unknown): void => {
    if (!isIngestRequest(msg)) {
      const id = typeof (msg as { id?: unknown } | null)?.id === 'number' ? (msg as { id: number }).id : -1;
      post({ id, type: 'error', error: { name: 'ProtocolError', message: 'Malformed request to the ingest worker' } });
      return;
    }
    try {
      const progress = progressFor(msg.id);
      if (msg.type === 'read') {
        batch = new IngestBatch(msg.inputs.map((f) => ({ name: f.name, text: f.text, bytes: f.bytes ? new Uint8Array(f.bytes) : undefined })));
        post({ id: msg.id, type: 'result', result: batch.run(progress) });
      } else {
        if (!batch) throw new Error('Nothing to re-read: the files are no longer held; open them again');
        post({ id: msg.id, type: 'result', result: batch.rerun(msg.file, msg.choice, progress) });
      }
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      post({ id: msg.id, type: 'error', error: { name: err.name, message: err.message } });
    }
  };
}
