/**
 * Keeps the current session in IndexedDB so a reload restores it: the map and
 * edits after every change (debounced), and the input of a run in progress so
 * an interrupted run can be resumed (its finished batches are in the embedding
 * cache). Storage failures are reported once; the app keeps working in memory.
 */
import { openPaperscopeDb, SESSIONS } from './db.ts';
import { fromSessionJson, toSessionJson, type Session, type SessionJson } from './session.ts';
import { checkPaper } from './session.ts';
import type { Paper } from '../types.ts';

const CURRENT = 'current';
const RUNNING = 'running';
/** Renames made since the last full save (a rename writes only this, never the whole corpus again). */
const EDITS = 'edits';
/**
 * The current session's papers are stored in records of this many, under
 * `current:papers:<k>`: IndexedDB clones a value when it is put, on the page, and one
 * record of 100,000 papers took 0.7 s (issue 16). Each chunk is put after the last one
 * landed, so each clone is its own short task.
 */
export const PAPER_CHUNK = 2000;
const chunkKey = (k: number) => `${CURRENT}:papers:${k}`;
const CHUNKS = typeof IDBKeyRange === 'undefined' ? null : () => IDBKeyRange.bound(`${CURRENT}:papers:`, `${CURRENT}:papers:\uffff`);

export interface SessionStore {
  load(): Promise<Session | null>;
  save(session: Session): void;
  /** Saves only the renames (the papers and map were saved already). */
  saveEdits(labels: Map<number, string>): void;
  /** Marks a run as started with these papers (cleared by finishRun). */
  startRun(papers: Paper[]): Promise<void>;
  finishRun(): Promise<void>;
  /** Papers of a run that never finished (a reload mid-run), if any. */
  interruptedRun(): Promise<Paper[] | null>;
  clear(): Promise<void>;
  problem(): string | null;
}

/** What a write that landed in IndexedDB stored: the whole session (given), renames only, or the input of a run in progress. */
export type Stored = 'session' | 'edits' | 'run';

export function createSessionStore(
  onProblem: (message: string) => void,
  delayMs = 500,
  onStored: (what: Stored, session?: Session) => void = () => {},
): SessionStore {
  let problem: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** The session of a pending (debounced) full save: a rename meanwhile goes into it. */
  let pendingFull: Session | null = null;
  const fail = (e: unknown) => {
    if (problem) return;
    const name = (e as DOMException)?.name ?? 'error';
    problem =
      name === 'QuotaExceededError'
        ? 'Browser storage is full: this session is kept in memory only and will not survive a reload.'
        : `Browser storage is unavailable (${name}): this session is kept in memory only and will not survive a reload.`;
    onProblem(problem);
  };
  const db = () => (typeof indexedDB === 'undefined' ? Promise.reject(new DOMException('no IndexedDB', 'NotSupportedError')) : openPaperscopeDb());
  const put = async (key: string, value: unknown) => {
    const d = await db();
    const tx = d.transaction(SESSIONS, 'readwrite');
    await Promise.all([tx.store.put(value, key), tx.done]);
  };

  return {
    problem: () => problem,
    async load() {
      try {
        const d = await db();
        const raw = (await d.get(SESSIONS, CURRENT)) as (SessionJson & { paperChunks?: unknown }) | undefined;
        if (!raw) return null;
        if (typeof raw.paperChunks === 'number' && Number.isSafeInteger(raw.paperChunks) && raw.paperChunks >= 0) {
          const papers: unknown[] = [];
          for (let k = 0; k < raw.paperChunks; k++) {
            const chunk = (await d.get(SESSIONS, chunkKey(k))) as unknown;
            if (!Array.isArray(chunk)) return null; // a save that never finished: nothing consistent to restore
            for (const p of chunk) papers.push(p);
          }
          raw.papers = papers as SessionJson['papers'];
        }
        const session = fromSessionJson(raw);
        // Renames saved after the last full save (a full save deletes them).
        const edits = (await d.get(SESSIONS, EDITS)) as { labels?: unknown } | undefined;
        if (Array.isArray(edits?.labels)) {
          const labels = new Map(session.labels);
          for (const e of edits.labels) if (Array.isArray(e) && typeof e[0] === 'number' && typeof e[1] === 'string') labels.set(e[0], e[1]);
          session.labels = labels;
        }
        return session;
      } catch (e) {
        if ((e as Error).name === 'SessionError') return null; // an unreadable old session is dropped, not fatal
        fail(e);
        return null;
      }
    },
    save(session) {
      clearTimeout(timer);
      pendingFull = session;
      timer = setTimeout(() => {
        const full = pendingFull ?? session;
        pendingFull = null;
        (async () => {
          const d = await db();
          const tx = d.transaction(SESSIONS, 'readwrite');
          const json = toSessionJson(full);
          const { papers } = json;
          const chunks = Math.ceil(papers.length / PAPER_CHUNK);
          const done = tx.done;
          done.catch(() => {}); // reported through the awaits below
          await tx.store.put({ ...json, papers: [], paperChunks: chunks }, CURRENT);
          for (let k = 0; k < chunks; k++) await tx.store.put(papers.slice(k * PAPER_CHUNK, (k + 1) * PAPER_CHUNK), chunkKey(k));
          await tx.store.delete(EDITS);
          await done;
          onStored('session', full);
        })().catch(fail);
      }, delayMs);
    },
    saveEdits(labels) {
      if (pendingFull) {
        pendingFull = { ...pendingFull, labels };
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(() => {
        put(EDITS, { labels: [...labels] }).then(() => onStored('edits'), fail);
      }, delayMs);
    },
    async startRun(papers) {
      await put(RUNNING, { papers, startedAt: new Date().toISOString() }).then(() => onStored('run'), fail);
    },
    async finishRun() {
      try {
        await (await db()).delete(SESSIONS, RUNNING);
      } catch (e) {
        fail(e);
      }
    },
    async interruptedRun() {
      try {
        const raw = (await (await db()).get(SESSIONS, RUNNING)) as { papers?: unknown } | undefined;
        if (!raw || !Array.isArray(raw.papers)) return null;
        return raw.papers.map((p, i) => checkPaper(p, i));
      } catch (e) {
        fail(e);
        return null;
      }
    },
    async clear() {
      try {
        const d = await db();
        const jobs = [d.delete(SESSIONS, CURRENT), d.delete(SESSIONS, RUNNING)];
        if (CHUNKS) jobs.push(d.delete(SESSIONS, CHUNKS()));
        await Promise.all(jobs);
      } catch (e) {
        fail(e);
      }
    },
  };
}
