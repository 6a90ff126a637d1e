/**
 * Splits a BibTeX file into entry chunks before any real parsing, so one broken entry
 * cannot swallow the rest: an entry ends at its balancing brace, or — when braces never
 * balance — just before the next line that starts with `@type{`. Linear in the input.
 */

export interface BibChunk {
  /** Lower-cased entry type: article, string, comment, ... */
  type: string;
  /** Offsets into the source: [start, end). `start` is at the '@'. */
  start: number;
  end: number;
  /** 1-based line of the '@'. */
  line: number;
  /** False when the closing brace/parenthesis was never found. */
  closed: boolean;
}

const ENTRY_START = /[ \t]*@[ \t]*([A-Za-z][\w-]*)[ \t]*([{(])/y;
const LINE_ENTRY_START = /[ \t]*@[ \t]*[A-Za-z][\w-]*[ \t]*[{(]/y;

export function splitBibtex(text: string): BibChunk[] {
  const chunks: BibChunk[] = [];
  const n = text.length;
  let line = 1;
  let i = 0;
  // `i` is always at the start of a line in this outer loop.
  while (i < n) {
    ENTRY_START.lastIndex = i;
    const m = ENTRY_START.exec(text);
    if (!m) {
      const nl = text.indexOf('\n', i);
      if (nl === -1) break;
      i = nl + 1;
      line++;
      continue;
    }
    const type = m[1].toLowerCase();
    const start = i + m[0].indexOf('@');
    const startLine = line;
    const closer = m[2] === '{' ? '}' : ')';
    let depth = 1;
    let j = i + m[0].length;
    let closed = false;
    let endLineStart = -1;
    /** Inside a "quoted" value at the entry's own level: its `)` and `}` are text, not the end. */
    let inQuote = false;
    let quoteDepth = 0;
    for (; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c === 92 /* \ */) {
        j++; // an escaped character never opens or closes a group
        if (text.charCodeAt(j) === 10) line++;
        continue;
      }
      if (inQuote && c !== 10) {
        if (c === 123) quoteDepth++;
        else if (c === 125 && quoteDepth > 0) quoteDepth--;
        else if (c === 34 && quoteDepth === 0) inQuote = false;
        continue;
      }
      if (c === 34 /* " */ && depth === 1) {
        inQuote = true;
        quoteDepth = 0;
        continue;
      }
      if (c === 10) {
        line++;
        LINE_ENTRY_START.lastIndex = j + 1;
        if (LINE_ENTRY_START.test(text)) {
          endLineStart = j + 1;
          break;
        }
      } else if (closer === ')' && depth === 1 && c === 41) {
        closed = true;
        break;
      } else if (c === 123) depth++;
      else if (c === 125) {
        depth--;
        if (depth === 0 && closer === '}') {
          closed = true;
          break;
        }
      }
    }
    if (closed) {
      chunks.push({ type, start, end: j + 1, line: startLine, closed });
      // Continue scanning at the next line start.
      const nl = text.indexOf('\n', j + 1);
      if (nl === -1) break;
      i = nl + 1;
      line++;
    } else {
      const end = endLineStart === -1 ? n : endLineStart;
      chunks.push({ type, start, end, line: startLine, closed });
      i = end;
    }
  }
  return chunks;
}
