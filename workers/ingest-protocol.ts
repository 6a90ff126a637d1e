/**
 * Messages between the main thread and the ingest worker. Every request carries an id;
 * every reply carries the same id and is progress, a result, or an error (errors are
 * sent back as messages, never only thrown inside the worker).
 */
import type { BatchResult, FileChoice, IngestProgress } from '../src/app/ingest-batch.ts';
import type { Paper } from '../src/types.ts';
import type { Session } from '../src/store/session.ts';

/** One input on the wire: file bytes (transferred, not copied) or pasted text. */
export interface WireInput {
  name: string;
  bytes?: ArrayBuffer;
  text?: string;
}

export type IngestRequest =
  | { id: number; type: 'read'; inputs: WireInput[] }
  | { id: number; type: 'reread'; file: string; choice: FileChoice }
  /** A session or `npm run map` JSON file: decoded, parsed and checked in the worker (issue 16: 23 MB took seconds on the page). */
  | { id: number; type: 'session'; name: string; bytes: ArrayBuffer };

/**
 * What a session file gave: the checked session (its papers arrive first, in `papers`
 * messages of SESSION_CHUNK each, so no single message takes long to receive), a file
 * that is not JSON or not a session (read as an ordinary input instead), or the schema's
 * message naming the field.
 */
export type SessionOutcome =
  | { kind: 'ok'; session: Session; mapJson: boolean }
  | { kind: 'not-session' }
  | { kind: 'error'; message: string };

/** Papers per `papers` message of a session reply. */
export const SESSION_CHUNK = 1000;

export type IngestReply =
  | { id: number; type: 'progress'; progress: IngestProgress }
  | { id: number; type: 'result'; result: BatchResult }
  | { id: number; type: 'papers'; papers: Paper[] }
  | { id: number; type: 'session'; outcome: SessionOutcome }
  | { id: number; type: 'error'; error: { name: string; message: string } };

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object';

function isInput(v: unknown): v is WireInput {
  if (!isObj(v) || typeof v.name !== 'string') return false;
  return (v.bytes === undefined || v.bytes instanceof ArrayBuffer) && (v.text === undefined || typeof v.text === 'string');
}

function isChoice(v: unknown): v is FileChoice {
  if (!isObj(v)) return false;
  if (v.encoding !== undefined && typeof v.encoding !== 'string') return false;
  if (v.mapping === undefined) return true;
  return isObj(v.mapping) && Object.values(v.mapping).every((c) => c === undefined || typeof c === 'string');
}

/** Shape check of a request (RELIABILITY S7): handled as data only. */
export function isIngestRequest(m: unknown): m is IngestRequest {
  if (!isObj(m) || typeof m.id !== 'number') return false;
  if (m.type === 'read') return Array.isArray(m.inputs) && m.inputs.every(isInput);
  if (m.type === 'reread') return typeof m.file === 'string' && isChoice(m.choice);
  if (m.type === 'session') return typeof m.name === 'string' && m.bytes instanceof ArrayBuffer;
  return false;
}

export function isIngestReply(m: unknown): m is IngestReply {
  if (!isObj(m) || typeof m.id !== 'number') return false;
  if (m.type === 'progress') return isObj(m.progress) && typeof m.progress.fraction === 'number';
  if (m.type === 'result') return isObj(m.result) && isObj(m.result.result) && Array.isArray(m.result.files);
  if (m.type === 'error') return isObj(m.error) && typeof m.error.message === 'string';
  if (m.type === 'papers') return Array.isArray(m.papers);
  if (m.type === 'session') return isObj(m.outcome) && typeof m.outcome.kind === 'string';
  return false;
}
