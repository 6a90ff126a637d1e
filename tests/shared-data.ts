/**
 * The optional shared data folder (`../shared/data` beside the clone): real
 * abstracts that some tests read. A clone without it must still pass
 * `npm test`, so every test that reads it goes through this module and is
 * skipped, with the reason printed, when the file it needs is absent.
 * `PAPERSCOPE_SHARED_DATA` points at another copy of the folder.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

export const SHARED_DATA = process.env.PAPERSCOPE_SHARED_DATA
  ? resolve(process.env.PAPERSCOPE_SHARED_DATA)
  : // Not `new URL(...)`: under the jsdom environment URL is jsdom's, which rejects file: URLs.
    resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/data');

/** The path of a file in the shared data folder (whether or not it exists). */
export function sharedData(name: string): string {
  return join(SHARED_DATA, name);
}

const warned = new Set<string>();

/** True when every named file is present; otherwise prints why the caller skips (once per title) and returns false. */
export function haveSharedData(names: string | string[], title: string): boolean {
  const missing = [names].flat().filter((n) => !existsSync(sharedData(n)));
  if (!missing.length) return true;
  if (!warned.has(title)) {
    warned.add(title);
    // eslint-disable-next-line no-console -- the printed reason for a skipped test
    console.warn(`skip: "${title}" needs ${missing.map((n) => sharedData(n)).join(', ')}, which is absent`);
  }
  return false;
}

/** `describe` that runs only when the named shared data files exist, and prints the reason when it skips. */
export function describeWithData(names: string | string[], title: string, fn: () => void): void {
  describe.skipIf(!haveSharedData(names, title))(title, fn);
}
