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
  errors: ScanError[];
}

const MONTHS: Record<string, string> = {
  jan: 'January', feb: 'February', mar: 'March', apr: 'April', may: 'May', jun: 'June',
  jul: 'July', aug: 'August', sep: 'September', oct: 'October', nov: 'November', dec: 'December',
};

const WS = /\s/;

export function scanEntry(chunk: string, strings: Map<string, string>): ScannedEntry {
  const fields = new Map<string, string>();
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
        depth--;
        if (depth < 0) return null;
      } else if (c === '"' && open === '"' && depth === 0) return chunk.slice(s, p++);
    }
    return null;
  };
  const readValue = (field: string): string | null => {
    const parts: string[] = [];
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
          parts.push(chunk.slice(at + 1, at + 1 + next).replace(/[,\s]+$/, ''));
          p = at + 1 + next;
          recovered = true;
          return parts.join('');
        }
        parts.push(v);
      } else {
        const at = p;
        const name = readName();
        if (!name) {
          errors.push({ message: `missing value for field "${field}"`, offset: at });
          return null;
        }
        const lower = name.toLowerCase();
        if (/^\d+$/.test(name)) parts.push(name);
        else if (strings.has(lower)) parts.push(strings.get(lower) as string);
        else if (Object.hasOwn(MONTHS, lower)) parts.push(MONTHS[lower]);
        else {
          errors.push({ message: `undefined @string macro "${name}" in field "${field}"`, offset: at });
          parts.push(name);
        }
      }
      skipWs();
      if (chunk[p] !== '#') return parts.join('');
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
    if (!fields.has(name)) fields.set(name, value);
    skipWs();
    if (recovered) recovered = false;
    else if (p < n && chunk[p] !== ',' && chunk[p] !== closer) {
      errors.push({ message: `missing comma after field "${name}"`, offset: p });
    }
  }
  return { key, fields, errors };
}

/** 1-based line of `offset` in `chunk`, given the chunk's first line. */
export function lineOf(chunk: string, offset: number, firstLine: number): number {
  let line = firstLine;
  for (let i = chunk.indexOf('\n'); i !== -1 && i < offset; i = chunk.indexOf('\n', i + 1)) line++;
  return line;
}
