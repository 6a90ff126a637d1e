/**
 * The ingest worker's logic, separate from the worker global so it can be tested in
 * Node: holds the current batch, answers read/reread, throttles progress.
 */
import { IngestBatch, type IngestProgress } from '../src/app/ingest-batch.ts';
import { isIngestRequest, SESSION_CHUNK, type IngestReply } from './ingest-protocol.ts';
import { fromSessionJson, isSessionJson } from '../src/store/session.ts';
import { fromMapJson, isMapJson } from '../src/store/map-json.ts';

/** Decodes, parses and checks a session or map JSON file; posts its papers in chunks, then the outcome. */
function openSession(id: number, bytes: ArrayBuffer, post: (reply: IngestReply) => void): void {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(new Uint8Array(bytes)));
  } catch {
    post({ id, type: 'session', outcome: { kind: 'not-session' } }); // not JSON: the ingest layer reports it with its line
    return;
  }
  const mapJson = isMapJson(value);
  if (!isSessionJson(value) && !mapJson) {
    post({ id, type: 'session', outcome: { kind: 'not-session' } });
    return;
  }
  let session;
  try {
    session = mapJson ? fromMapJson(value) : fromSessionJson(value);
  } catch (e) {
    post({ id, type: 'session', outcome: { kind: 'error', message: (e as Error).message } });
    return;
  }
  value = null;
  const { papers } = session;
  for (let at = 0; at < papers.length; at += SESSION_CHUNK) post({ id, type: 'papers', papers: papers.slice(at, at + SESSION_CHUNK) });
  post({ id, type: 'session', outcome: { kind: 'ok', session: { ...session, papers: [] }, mapJson } });
}

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
      if (msg.type === 'session') {
        openSession(msg.id, msg.bytes, post);
      } else if (msg.type === 'read') {
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
