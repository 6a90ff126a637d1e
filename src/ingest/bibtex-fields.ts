/**
 * Reads one BibTeX entry chunk into its key and raw (still LaTeX) field values, with
 * `@string` macros and `#` concatenation resolved. Errors do not throw: they are
 * collected with their offset and the fields read so far are kept.
 */

export interface ScanError {
  message: string;
  /** Offset in the chunk. */
  offset: number;
}

export interface ScannedEntry {
  key: string;
  /** Field name (lower case) -> raw value. Insertion-ordered. */
  fields: Map<string, string>;
  /** Per field: how many @string macros deep its value is (0 = no macro). */
  depths: Map<string, number>;
  /** Fields whose value was refused for exceeding the size or depth limit. */
  tooLong: Set<string>;
  errors: ScanError[];
}

/** @string macros defined so far: name (lower case) -> expanded value and nesting depth. */
export type StringTable = Map<string, { value: string; depth: number; refused?: boolean }>;

/** Longest value (characters) a field or an @string may expand to; past it the value is refused and reported. */
export const MAX_VALUE_CHARS = 1_000_000;
/** Deepest chain of @string macros built from other macros. */
export const MAX_MACRO_DEPTH = 32;

const MONTHS: Record<string, string> = {
  jan: 'January', feb: 'February', mar: 'March', apr: 'April', may: 'May', jun: 'June',
  jul: 'July', aug: 'August', sep: 'September', oct: 'October', nov: 'November', dec: 'December',
};

const WS = /\s/;

/** A "quoted" value may hold a "}" with no "{" before it: escaped, so it stays text. */
function escapeStray(v: string): string {
  if (!v.includes('}')) return v;
  let depth = 0;
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c === '\\') {
      out += v.slice(i, i + 2);
      i++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) {
        out += '\\}';
        continue;
      }
      depth--;
    }
    out += c;
  }
  return out;
}

export function scanEntry(chunk: string, strings: StringTable): ScannedEntry {
  const fields = new Map<string, string>();
  const depths = new Map<string, number>();
  const tooLong = new Set<string>();
  let valueDepth = 0;
  const errors: ScanError[] = [];
  const n = chunk.length;
  /** Set when a value was cut short at the next field line: no comma is expected then. */
  let recovered = false;
  let p = chunk.search(/[{(]/) + 1;
  const closer = chunk[p - 1] === '(' ? ')' : '}';
  const skipWs = () => {
    while (p < n && WS.test(chunk[p])) p++;
  };
  const readName = (): string => {
    const s = p;
    while (p < n && !/[\s=,{}()"#]/.test(chunk[p])) p++;
    return chunk.slice(s, p);
  };
  /** A {balanced} or "quoted" value starting at p; returns null when it never ends. */
  const readDelimited = (): string | null => {
    const open = chunk[p];
    const s = ++p;
    let depth = 0;
    for (; p < n; p++) {
      const c = chunk[p];
      if (c === '\\') {
        p++;
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}') {
        if (depth === 0 && open === '{') return chunk.slice(s, p++);
        // A stray "}" inside a "quoted" value is text.
        if (depth > 0) depth--;
      } else if (c === '"' && open === '"' && depth === 0) return escapeStray(chunk.slice(s, p++));
    }
    return null;
  };
  const readValue = (field: string): string | null => {
    const parts: string[] = [];
    let size = 0;
    let tooBig = false;
    valueDepth = 0;
    const add = (v: string, at: number) => {
      if (tooBig) return;
      size += v.length;
      if (size > MAX_VALUE_CHARS) {
        tooBig = true;
        errors.push({ message: `value of field "${field}" too long: @string expansion over ${MAX_VALUE_CHARS.toLocaleString('en')} characters (value dropped)`, offset: at });
        parts.length = 0;
        return;
      }
      parts.push(v);
    };
    for (;;) {
      skipWs();
      const c = chunk[p];
      if (c === '{' || c === '"') {
        const at = p;
        const v = readDelimited();
        if (v === null) {
          errors.push({ message: `unterminated ${c === '{' ? '{…}' : '"…"'} value in field "${field}" (missing closing brace?)`, offset: at });
          // Keep the text up to the next line that starts a field, and go on from there.
          const next = chunk.slice(at + 1).search(/\n\s*[\w-]+\s*=/);
          if (next === -1) return null;
          add(chunk.slice(at + 1, at + 1 + next).replace(/[,\s]+$/, ''), at);
          p = at + 1 + next;
          recovered = true;
          return parts.join('');
        }
        add(v, at);
      } else {
        const at = p;
        const name = readName();
        if (!name) {
          errors.push({ message: `missing value for field "${field}"`, offset: at });
          return null;
        }
        const lower = name.toLowerCase();
        const macro = strings.get(lower);
        if (/^\d+$/.test(name)) add(name, at);
        else if (macro) {
          valueDepth = Math.max(valueDepth, macro.depth + 1);
          if (macro.refused) {
            if (!tooBig) errors.push({ message: `value of field "${field}" too long: @string "${name}" was refused for exceeding the limit (value dropped)`, offset: at });
            tooBig = true;
            parts.length = 0;
          } else if (valueDepth > MAX_MACRO_DEPTH) {
            if (!tooBig) errors.push({ message: `value of field "${field}" too long: @string macros nested over ${MAX_MACRO_DEPTH} deep (value dropped)`, offset: at });
            tooBig = true;
            parts.length = 0;
          } else add(macro.value, at);
        } else if (Object.hasOwn(MONTHS, lower)) add(MONTHS[lower], at);
        else {
          errors.push({ message: `undefined @string macro "${name}" in field "${field}"`, offset: at });
          add(name, at);
        }
      }
      skipWs();
      if (chunk[p] !== '#') {
        if (tooBig) tooLong.add(field);
        return tooBig ? '' : parts.join('');
      }
      p++;
    }
  };

  skipWs();
  // The citation key, unless the entry has none and starts with a field.
  const keyStart = p;
  let key = readName();
  skipWs();
  if (chunk[p] === '=') {
    p = keyStart;
    key = '';
  } else if (chunk[p] === ',') p++;
  else if (chunk[p] !== closer) errors.push({ message: 'missing comma after the citation key', offset: p });

  for (;;) {
    skipWs();
    while (chunk[p] === ',') {
      p++;
      skipWs();
    }
    if (p >= n) {
      errors.push({ message: 'entry is not closed (missing closing brace)', offset: n });
      break;
    }
    if (chunk[p] === closer) break;
    const at = p;
    const name = readName().toLowerCase();
    skipWs();
    if (!name || chunk[p] !== '=') {
      errors.push({ message: name ? `expected "=" after field name "${name}"` : `unexpected character "${chunk[p]}"`, offset: at });
      // Resync at the next comma or line start that begins a field.
      const rest = chunk.slice(p + 1).search(/,|\n\s*[\w-]+\s*=/);
      if (rest === -1) break;
      p = p + 1 + rest;
      continue;
    }
    p++;
    const value = readValue(name);
    if (value === null) break;
    if (!fields.has(name)) {
      fields.set(name, value);
      depths.set(name, valueDepth);
    }
    skipWs();
    if (recovered) recovered = false;
    else if (p < n && chunk[p] !== ',' && chunk[p] !== closer) {
      errors.push({ message: `missing comma after field "${name}"`, offset: p });
    }
  }
  return { key, fields, depths, tooLong, errors };
}

/** 1-based line of `offset` in `chunk`, given the chunk's first line. */
export function lineOf(chunk: string, offset: number, firstLine: number): number {
  let line = firstLine;
  for (let i = chunk.indexOf('\n'); i !== -1 && i < offset; i = chunk.indexOf('\n', i + 1)) line++;
  return line;
}
