/** The one IndexedDB database: embeddings (worker) and the saved session (main thread). */
import { openDB, type IDBPDatabase } from 'idb';

export const DB_NAME = 'paperscope';
export const DB_VERSION = 3;
export const EMBEDDINGS = 'embeddings';
export const SESSIONS = 'sessions';
/** Last use of each embedding key ({ at }), indexed by time: the cache's LRU order. */
export const EMBEDDING_LRU = 'embedding-lru';

export function openPaperscopeDb(): Promise<IDBPDatabase> {
  return openDB(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion) {
      // Version 3 keys vectors by backend class too: the old, unclassed keys are dropped.
      if (oldVersion < 3 && db.objectStoreNames.contains(EMBEDDINGS)) db.deleteObjectStore(EMBEDDINGS);
      if (!db.objectStoreNames.contains(EMBEDDINGS)) db.createObjectStore(EMBEDDINGS);
      if (!db.objectStoreNames.contains(SESSIONS)) db.createObjectStore(SESSIONS);
      if (!db.objectStoreNames.contains(EMBEDDING_LRU)) db.createObjectStore(EMBEDDING_LRU).createIndex('at', 'at');
    },
    // Another tab holding an old version must not block this one forever.
    blocking() {},
  });
}
