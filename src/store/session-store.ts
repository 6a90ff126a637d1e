/**
 * Keeps the current session in IndexedDB so a reload restores it: the map and
 * edits after every change (debounced), and the input of a run in progress so
 * an interrupted run can be resumed (its finished batches are in the embedding
 * cache). Storage failures are reported once; the app keeps working in memory.
 */
import { openPaperscopeDb, SESSIONS } from './db.ts';
import { fromSessionJson, toSessionJsonTask, type Session, type SessionJson } from './session.ts';
import { checkPaper } from './session.ts';
import type { Paper } from '../types.ts';
import { runSliced, runSync, segments, type Task } from '../util/slice.ts';

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
/**
 * A chunk also closes once its papers hold about this many characters, and a title, abstract or
 * raw record longer than this is stored in pieces of this size, each its own record and put (a
 * 30-million-character abstract was one 0.5 s clone). The paper's record keeps the field empty
 * and names the pieces in `PIECES_FIELD`; load puts the text back together.
 *
 * The size keeps every record under the 64 KB (serialized) above which Chromium wraps an
 * IndexedDB value in a blob: a put of a 256K-character record cost 11 ms of the page's time
 * (median; up to 276 ms while a 50,000-paper map refined), one of 60K characters 0.5 ms, and
 * all of them together a quarter of the time (issue 10). A character serializes to 1 or 2 bytes.
 */
export const TEXT_PIECE = 28_000;
const PIECES_FIELD = 'storedInPieces';
const LONG_FIELDS = ['title', 'abstract', 'raw'] as const;
const chunkKey = (k: number) => `${CURRENT}:papers:${k}`;
/** The map's clusters are stored in records of this many, under `current:papers:clusters:<k>`. */
export const CLUSTER_CHUNK = 2000;
const clusterKey = (k: number) => `${CURRENT}:papers:clusters:${k}`;
/** The tree's other levels, in chunks of CLUSTER_CHUNK nodes like the clusters. */
const LEVELS = ['coarse', 'subtopics'] as const;
const levelKey = (level: string, k: number) => `${CURRENT}:papers:${level}:${k}`;
/**
 * The map's per-paper columns, each its own record of a typed array (a memory copy to clone):
 * at 50,000 papers they were plain arrays inside the head record, one clone of a 1-2 MB value,
 * and putting a record costs about its size on this thread (a 136 ms task while a refined map landed, issue 10).
 */
const COLUMNS = ['x', 'y', 'cluster', 'dupOf'] as const;
const columnKey = (k: string) => `${CURRENT}:papers:layout:${k}`;
/** Values per record of a column (4 bytes each: under the 64 KB of TEXT_PIECE's note), under `<columnKey>:<k>`. */
export const COLUMN_CHUNK = 15_000;
const columnChunkKey = (c: string, k: number) => `${columnKey(c)}:${k}`;

/**
 * Tree nodes (clusters, broad areas, subtopics) in records of at most CLUSTER_CHUNK nodes that
 * also close at about TEXT_PIECE characters' worth (a member id is counted as 4): at 50,000
 * papers one level's members alone are ~150 KB.
 */
export function nodeChunks<T extends { members?: unknown; label?: unknown; terms?: unknown }>(nodes: readonly T[]): T[][] {
  const out: T[][] = [];
  let chunk: T[] = [], size = 0;
  for (const node of nodes) {
    const members = Array.isArray(node.members) ? node.members.length : 0;
    const terms = Array.isArray(node.terms) ? node.terms.reduce((a: number, t: unknown) => a + (typeof t === 'string' ? t.length + 8 : 8), 0) : 0;
    const c = 64 + 4 * members + (typeof node.label === 'string' ? node.label.length : 0) + terms;
    if (chunk.length && (chunk.length >= CLUSTER_CHUNK || size + c > TEXT_PIECE)) {
      out.push(chunk);
      chunk = [];
      size = 0;
    }
    chunk.push(node);
    size += c;
  }
  if (chunk.length) out.push(chunk);
  return out;
}
const pieceKey = (paper: number, field: string, k: number) => `${CURRENT}:papers:text:${paper}:${field}:${k}`;

/** About how many characters a paper's record serializes to: its strings, and a little for each field. */
function recordChars(p: object): number {
  let n = 64;
  for (const v of Object.values(p)) {
    if (typeof v === 'string') n += v.length + 8;
    else if (Array.isArray(v)) for (const x of v) n += typeof x === 'string' ? x.length + 8 : 8;
    else if (v && typeof v === 'object') for (const x of Object.values(v)) n += typeof x === 'string' ? x.length + 16 : 16;
    else n += 8;
  }
  return n;
}

/**
 * The records a session's papers are stored in, in order: chunks of at most PAPER_CHUNK papers
 * and about TEXT_PIECE characters, and the pieces of every longer title or abstract.
 */
export function paperRecords(papers: readonly Paper[]): { chunks: unknown[][]; pieces: [string, string][] } {
  return runSync(paperRecordsTask(papers));
}

/** `paperRecords` as a task: a checkpoint after every chunk and every long text (100,000 papers were one 0.35 s step of the autosave, issue 16). */
export function* paperRecordsTask(papers: readonly Paper[]): Task<{ chunks: unknown[][]; pieces: [string, string][] }> {
  const chunks: unknown[][] = [];
  const pieces: [string, string][] = [];
  let chunk: unknown[] = [];
  let chars = 0;
  for (let i = 0; i < papers.length; i++) {
    const p = papers[i];
    let rec: Record<string, unknown> = p as unknown as Record<string, unknown>;
    for (const f of LONG_FIELDS) {
      const text = p[f];
      if (typeof text !== 'string' || text.length <= TEXT_PIECE) continue;
      let n = 0;
      for (const part of segments(text, TEXT_PIECE)) {
        pieces.push([pieceKey(i, f, n++), part]);
        yield;
      }
      const named = (rec[PIECES_FIELD] as Record<string, number> | undefined) ?? {};
      rec = { ...rec, [f]: '', [PIECES_FIELD]: { ...named, [f]: n } };
    }
    const c = recordChars(rec);
    if (chunk.length && (chunk.length >= PAPER_CHUNK || chars + c > TEXT_PIECE)) {
      chunks.push(chunk);
      chunk = [];
      chars = 0;
      yield;
    }
    chunk.push(rec);
    chars += c;
  }
  if (chunk.length) chunks.push(chunk);
  return { chunks, pieces };
}
/** The papers of a run in progress, in records of PAPER_CHUNK, under `running:papers:<k>`. */
const runChunkKey = (k: number) => `${RUNNING}:papers:${k}`;
const RUN_CHUNKS = typeof IDBKeyRange === 'undefined' ? null : () => IDBKeyRange.bound(`${RUNNING}:papers:`, `${RUNNING}:papers:\uffff`);
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
  /**
   * The papers the last full save stored (the very array) and in how many chunks: a save of the
   * same papers (the refined map of a keyword map, a merge) writes the map alone, not the corpus
   * again (50,000 papers are ~70 MB, written while the page is in use, issue 10). Bumped
   * `saveGen` makes a save that finished after a newer one started claim nothing.
   */
  let savedPapers: { papers: readonly Paper[]; chunks: number } | null = null;
  let saveGen = 0;
  /** Bumped by every startRun and finishRun: a run's chunked write stops when it is no longer the current one. */
  let runGen = 0;
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
  /**
   * Records by key, in order: one transaction with every get in flight at once. A session of
   * 50,000 papers is thousands of small records (TEXT_PIECE); read one after another, each
   * waited a round trip.
   */
  const getMany = async (keys: readonly string[]): Promise<unknown[]> => {
    if (!keys.length) return [];
    const d = await db();
    const tx = d.transaction(SESSIONS, 'readonly');
    return Promise.all(keys.map((k) => tx.store.get(k)));
  };
  const range = (n: number, key: (k: number) => string) => Array.from({ length: n }, (_, k) => key(k));
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
        const raw = (await d.get(SESSIONS, CURRENT)) as (SessionJson & { paperChunks?: unknown; clusterChunks?: unknown; levelChunks?: unknown; columns?: unknown; columnChunks?: unknown }) | undefined;
        if (!raw) return null;
        const layoutRaw = raw.result?.layout as Record<string, unknown> | undefined;
        if (raw.columns === true && layoutRaw) {
          // Each column in COLUMN_CHUNK pieces (columnChunks), or, saved by an older version, in one record.
          const m = raw.columnChunks;
          const per = typeof m === 'number' && Number.isSafeInteger(m) && m >= 0 ? m : null;
          const cols = await getMany(COLUMNS.flatMap((c) => (per === null ? [columnKey(c)] : range(per, (k) => columnChunkKey(c, k)))));
          for (let i = 0; i < COLUMNS.length; i++) {
            const parts = per === null ? [cols[i]] : cols.slice(i * per, (i + 1) * per);
            const values: number[] = [];
            for (const col of parts) {
              if (!(col instanceof Float32Array || col instanceof Float64Array || col instanceof Int32Array)) return null; // a save that never finished
              for (let j = 0; j < col.length; j++) values.push(col[j]);
            }
            // Plain arrays, as in a session file: the one validation (fromSessionJson) reads both the same way.
            layoutRaw[COLUMNS[i]] = values;
          }
        }
        const levelChunks = raw.levelChunks as Record<string, unknown> | undefined;
        if (levelChunks && typeof levelChunks === 'object' && layoutRaw) {
          for (const level of LEVELS) {
            const n = levelChunks[level];
            if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) continue;
            const nodes: unknown[] = [];
            for (const chunk of await getMany(range(n, (k) => levelKey(level, k)))) {
              if (!Array.isArray(chunk)) return null;
              for (const c of chunk) nodes.push(c);
            }
            layoutRaw[level] = nodes;
          }
        }
        const nClusterChunks = raw.clusterChunks;
        if (typeof nClusterChunks === 'number' && Number.isSafeInteger(nClusterChunks) && nClusterChunks > 0 && raw.result?.layout) {
          const clusters: unknown[] = [];
          for (const chunk of await getMany(range(nClusterChunks, clusterKey))) {
            if (!Array.isArray(chunk)) return null; // a save that never finished
            for (const c of chunk) clusters.push(c);
          }
          raw.result.layout.clusters = clusters as typeof raw.result.layout.clusters;
        }
        if (typeof raw.paperChunks === 'number' && Number.isSafeInteger(raw.paperChunks) && raw.paperChunks >= 0) {
          const papers: unknown[] = [];
          for (const chunk of await getMany(range(raw.paperChunks, chunkKey))) {
            if (!Array.isArray(chunk)) return null; // a save that never finished: nothing consistent to restore
            for (const p of chunk) papers.push(p);
          }
          // Long titles and abstracts stored in pieces (paperRecords).
          for (let i = 0; i < papers.length; i++) {
            const p = papers[i] as Record<string, unknown> | null;
            const named = p && typeof p === 'object' ? (p[PIECES_FIELD] as Record<string, unknown> | undefined) : undefined;
            if (!p || !named || typeof named !== 'object') continue;
            const whole: Record<string, unknown> = { ...p };
            delete whole[PIECES_FIELD];
            for (const f of LONG_FIELDS) {
              const n = named[f];
              if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) continue;
              const parts: string[] = [];
              for (const part of await getMany(range(n, (k) => pieceKey(i, f, k)))) {
                if (typeof part !== 'string') return null; // a save that never finished
                parts.push(part);
              }
              whole[f] = parts.join('');
            }
            papers[i] = whole;
          }
          raw.papers = papers as SessionJson['papers'];
        }
        const session = fromSessionJson(raw);
        // The papers are stored in chunks already: the autosave that follows a restore writes the map alone.
        if (typeof raw.paperChunks === 'number' && raw.papers) {
          saveGen++;
          savedPapers = { papers: session.papers, chunks: raw.paperChunks };
        }
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
        const gen = ++saveGen;
        const kept = savedPapers?.papers === full.papers ? savedPapers.chunks : null;
        if (kept === null) savedPapers = null;
        (async () => {
          // In slices, before the transaction opens (a transaction left waiting for other tasks commits).
          const json = await runSliced(toSessionJsonTask(full));
          const { chunks, pieces } = kept === null ? await runSliced(paperRecordsTask(json.papers)) : { chunks: [], pieces: [] };
          const nChunks = kept ?? chunks.length;
          const d = await db();
          const tx = d.transaction(SESSIONS, 'readwrite');
          const done = tx.done;
          done.catch(() => {}); // reported through the awaits below
          // The map's clusters in chunks too (20,000 clusters with their members were one 0.45 s clone).
          const layout = json.result?.layout;
          const clusters = layout?.clusters ?? [];
          const clusterRecords = nodeChunks(clusters);
          const clusterChunks = clusterRecords.length;
          // The per-paper columns and the tree's other levels go in records of their own (see COLUMNS).
          const l = full.result?.layout;
          const levels = LEVELS.map((level) => [level, nodeChunks(layout?.[level] ?? [])] as const);
          const levelChunks = Object.fromEntries(levels.map(([level, records]) => [level, records.length]));
          const columnChunks = l ? Math.ceil(l.x.length / COLUMN_CHUNK) : 0;
          const head = json.result && layout && l
            ? { ...json, papers: [], result: { ...json.result, layout: { x: [], y: [], cluster: [], dupOf: [], clusters: [] } } }
            : { ...json, papers: [] };
          await tx.store.put({ ...head, paperChunks: nChunks, clusterChunks, ...(l ? { columns: true, columnChunks, levelChunks } : {}) }, CURRENT);
          if (l) {
            for (const c of COLUMNS) {
              for (let k = 0; k < columnChunks; k++) await tx.store.put(l[c].slice(k * COLUMN_CHUNK, (k + 1) * COLUMN_CHUNK), columnChunkKey(c, k));
            }
          }
          for (let k = 0; k < clusterChunks; k++) await tx.store.put(clusterRecords[k], clusterKey(k));
          for (const [level, records] of levels) {
            for (let k = 0; k < records.length; k++) await tx.store.put(records[k], levelKey(level, k));
          }
          for (let k = 0; k < chunks.length; k++) await tx.store.put(chunks[k], chunkKey(k));
          for (const [key, text] of pieces) await tx.store.put(text, key);
          await tx.store.delete(EDITS);
          await done;
          if (gen === saveGen) savedPapers = { papers: full.papers, chunks: nChunks };
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
      // In chunks, each put after the last landed (so each clone is its own short task; 50,000
      // papers in one record were a 3-11 s task when Map was pressed), the head record last:
      // a reload before it lands finds no run rather than part of one.
      // A run that finished (or another that started) meanwhile stops the writing: no stale record.
      const gen = ++runGen;
      try {
        const d = await db();
        await d.delete(SESSIONS, RUNNING);
        // Chunks closed by count or by characters, as the session's (putting a record costs about its size).
        let nChunks = 0;
        for (let i = 0; i < papers.length; ) {
          if (gen !== runGen) return;
          let j = i + 1, chars = recordChars(papers[i]);
          while (j < papers.length && j - i < PAPER_CHUNK && chars + recordChars(papers[j]) <= TEXT_PIECE) chars += recordChars(papers[j++]);
          await put(runChunkKey(nChunks++), papers.slice(i, j));
          i = j;
        }
        if (gen !== runGen) return;
        await put(RUNNING, { paperChunks: nChunks, startedAt: new Date().toISOString() });
        onStored('run');
      } catch (e) {
        fail(e);
      }
    },
    async finishRun() {
      runGen++;
      try {
        const d = await db();
        const tx = d.transaction(SESSIONS, 'readwrite');
        await Promise.all([tx.store.delete(RUNNING), ...(RUN_CHUNKS ? [tx.store.delete(RUN_CHUNKS())] : []), tx.done]);
      } catch (e) {
        fail(e);
      }
    },
    async interruptedRun() {
      try {
        const d = await db();
        const raw = (await d.get(SESSIONS, RUNNING)) as { papers?: unknown; paperChunks?: unknown } | undefined;
        if (!raw) return null;
        let list: unknown[] | null = Array.isArray(raw.papers) ? raw.papers : null; // a run stored by an older version: one record
        const nChunks = raw.paperChunks;
        if (!list && typeof nChunks === 'number' && Number.isSafeInteger(nChunks) && nChunks >= 0) {
          list = [];
          for (const chunk of await getMany(range(nChunks, runChunkKey))) {
            if (!Array.isArray(chunk)) return null;
            for (const p of chunk) list.push(p);
          }
        }
        if (!list) return null;
        return list.map((p, i) => checkPaper(p, i));
      } catch (e) {
        fail(e);
        return null;
      }
    },
    async clear() {
      savedPapers = null;
      saveGen++;
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
