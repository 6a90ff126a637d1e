/**
 * One JSON object -> RawRecord. Values of the wrong type are reported by path
 * ("$[3].title: expected a string") and left out, never coerced. Only the object's own
 * keys are read and copied into a null-prototype `extra`, so `__proto__` is inert.
 */
import type { Problem } from '../types.ts';
import { problem, splitAuthors, type RawRecord } from './common.ts';
import { guessMapping, type ColumnMapping } from './mapping.ts';
import { recordFromPairs, type Preset } from './record.ts';

/** Longest JSON text kept for a nested value in `extra` (characters). */
const EXTRA_JSON_MAX = 10_000;

export function pathKey(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function nameOf(a: unknown): string | null {
  if (typeof a === 'string') return a;
  if (a === null || typeof a !== 'object' || Array.isArray(a)) return null;
  const o = a as Record<string, unknown>;
  const str = (k: string): string => (Object.hasOwn(o, k) && typeof o[k] === 'string' ? (o[k] as string).trim() : '');
  for (const k of ['name', 'literal', 'full_name', 'fullName']) if (str(k)) return str(k);
  const first = str('given') || str('first') || str('firstName') || str('first_name') || str('forename');
  const last = str('family') || str('last') || str('lastName') || str('last_name') || str('surname');
  const joined = `${first} ${last}`.trim();
  return joined || null;
}

function authorsOf(v: unknown, path: string, file: string, row: number, problems: Problem[]): string[] | undefined {
  if (typeof v === 'string') return splitAuthors(v);
  if (Array.isArray(v)) {
    const out: string[] = [];
    v.forEach((a, i) => {
      const n = nameOf(a);
      if (n) out.push(n);
      else problems.push(problem('warning', `${path}[${i}]: expected an author name or {name} / {given, family} object`, file, row));
    });
    return out;
  }
  if (v !== null && v !== undefined) problems.push(problem('warning', `${path}: expected a string or an array of authors`, file, row));
  return undefined;
}

/** Nested values kept as JSON text in `extra`; a value too deep or too big to stringify is dropped. */
function extraText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return null;
  try {
    const s = JSON.stringify(v);
    return s.length > EXTRA_JSON_MAX ? `${s.slice(0, EXTRA_JSON_MAX)}…` : s;
  } catch {
    return null;
  }
}

/** Caches the mapping per distinct key set (JSON exports repeat the same keys on every row). */
export class JsonRecordReader {
  private cache = new Map<string, ColumnMapping>();

  read(obj: Record<string, unknown>, path: string, file: string, row: number, problems: Problem[]): RawRecord {
    const keys = Object.keys(obj);
    const sig = keys.join('\u0001');
    let mapping = this.cache.get(sig);
    if (!mapping) {
      mapping = guessMapping(keys).mapping;
      if (this.cache.size < 1000) this.cache.set(sig, mapping);
    }
    const pairs: Array<[string, string]> = [];
    const preset: Preset = {};
    for (const key of keys) {
      const v = obj[key];
      const p = pathKey(path, key);
      if (key === mapping.title || key === mapping.abstract) {
        if (typeof v === 'string') pairs.push([key, v]);
        else if (v !== null && v !== undefined) problems.push(problem('warning', `${p}: expected a string`, file, row));
      } else if (key === mapping.authors) {
        const a = authorsOf(v, p, file, row, problems);
        if (a) preset.authors = a;
      } else if (key === mapping.keywords && Array.isArray(v)) {
        preset.keywords = v.filter((k): k is string => typeof k === 'string');
      } else {
        const s = extraText(v);
        if (s !== null) pairs.push([key, s]);
      }
    }
    // Authors/keywords read from arrays arrive through `preset`, not as strings.
    return recordFromPairs(pairs, mapping, preset);
  }
}
