/** The one IndexedDB database: embeddings (worker) and the saved session (main thread). */
import { openDB, type IDBPDatabase } from 'idb';

export const DB_NAME = 'paperscope';
export const DB_VERSION = 2;
export const EMBEDDINGS = 'embeddings';
export const SESSIONS = 'sessions';

export function openPaperscopeDb(): Promise<IDBPDatabase> {
  return openDB(DB_NAME, DB_VERSION, {
    upgrade(db) {
      if (!db.objectStoreNames.contains(EMBEDDINGS)) db.createObjectStore(EMBEDDINGS);
      if (!db.objectStoreNames.contains(SESSIONS)) db.createObjectStore(SESSIONS);
    },
    // Another tab holding an old version must not block this one forever.
    blocking() {},
  });
}
