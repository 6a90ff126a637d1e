/**
 * Term occurrences without strings, for tfidf.ts: texts tokenised once into
 * word ids (Int32, flags in the high bits), phrases enumerated as token spans
 * with a 32-bit hash of their word ids, a count-min sketch of occurrence counts
 * (an upper bound of document frequency) and an open-addressing table that
 * identifies a term by the word ids of its first occurrence.
 */
import { tokens } from './terms.ts';
import { GENERIC_WORDS } from './stopwords.ts';

/** Token flags packed above the word id. */
const BREAK = 1 << 30;
const GENERIC = 1 << 29;
const ID = GENERIC - 1;

/** Every text as word-id tokens: tok[docPtr[d] .. docPtr[d+1]) with character spans [start, end). */
export interface Tokenised {
  words: string[];
  docPtr: Int32Array;
  tok: Int32Array;
  start: Int32Array;
  end: Int32Array;
}

export function tokenise(texts: string[]): Tokenised {
  const ids = new Map<string, number>();
  const words: string[] = [];
  const docPtr = new Int32Array(texts.length + 1);
  let tok = new Int32Array(1 << 16);
  let start = new Int32Array(1 << 16);
  let end = new Int32Array(1 << 16);
  let m = 0;
  texts.forEach((text, d) => {
    for (const t of tokens(text)) {
      let id = ids.get(t.key);
      if (id === undefined) {
        id = words.length;
        ids.set(t.key, id);
        words.push(t.key);
      }
      if (m === tok.length) [tok, start, end] = [grow(tok), grow(start), grow(end)];
      tok[m] = id | (t.breakBefore ? BREAK : 0) | (GENERIC_WORDS.has(t.lower) ? GENERIC : 0);
      start[m] = t.start;
      end[m++] = t.end;
    }
    docPtr[d + 1] = m;
  });
  return { words, docPtr, tok: tok.slice(0, m), start: start.slice(0, m), end: end.slice(0, m) };
}

export function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * Calls f(i, len, h) for every term occurrence of document d among its tokens before e, in extractTerms
 * order: a non-generic word, then the 2..maxN-word phrases starting there that
 * are not all generic and do not cross a break. h is a 32-bit hash of the word ids.
 */
export function forEachTerm(tk: Tokenised, d: number, maxN: number, e: number, f: (i: number, len: number, h: number) => void): void {
  const { tok, docPtr } = tk;
  for (let i = docPtr[d]; i < e; i++) {
    let allGeneric = (tok[i] & GENERIC) !== 0;
    let h = mix(0x811c9dc5, tok[i] & ID);
    if (!allGeneric) f(i, 1, h);
    for (let n = 2; n <= maxN && i + n - 1 < e; n++) {
      const u = tok[i + n - 1];
      if (u & BREAK) break;
      h = mix(h, u & ID);
      allGeneric &&= (u & GENERIC) !== 0;
      if (!allGeneric) f(i, n, h);
    }
  }
}

function mix(h: number, x: number): number {
  h = Math.imul(h ^ x, 0x9e3779b1);
  return h ^ (h >>> 15);
}

export function keyOf(tk: Tokenised, i: number, len: number): string {
  let k = tk.words[tk.tok[i] & ID];
  for (let j = 1; j < len; j++) k += ' ' + tk.words[tk.tok[i + j] & ID];
  return k;
}

/** Count-min sketch (two rows of saturating byte counters) of term occurrences; never under-counts. */
export function sketch(tk: Tokenised, n: number, maxN: number): (h: number) => number {
  const size = Math.min(1 << 24, Math.max(1 << 12, 2 ** Math.ceil(Math.log2(tk.tok.length * 3 + 1))));
  const mask = size - 1;
  const a = new Uint8Array(size);
  const b = new Uint8Array(size);
  const bump = (_i: number, _len: number, h: number) => {
    const x = h & mask;
    const y = mix(h, 0x5bd1e995) & mask;
    if (a[x] < 255) a[x]++;
    if (b[y] < 255) b[y]++;
  };
  for (let d = 0; d < n; d++) forEachTerm(tk, d, maxN, tk.docPtr[d + 1], bump);
  return (h) => Math.min(a[h & mask], b[mix(h, 0x5bd1e995) & mask]);
}

/**
 * Open-addressing table of terms keyed by their word ids, without strings:
 * a term is stored as the token position and length of its first occurrence.
 */
export class TermTable {
  size = 0;
  pos = new Int32Array(1024);
  len = new Uint8Array(1024);
  private slots: Int32Array;
  private hashes: Int32Array;
  constructor(private tk: Tokenised) {
    this.slots = new Int32Array(1 << 12).fill(-1);
    this.hashes = new Int32Array(1 << 12);
  }
  /** Id of the term at (i, len) with hash h; `insert` adds it when missing, else -1. */
  find(i: number, len: number, h: number, insert: boolean): number {
    const mask = this.slots.length - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const t = this.slots[s];
      if (t < 0) return insert ? this.add(s, i, len, h) : -1;
      if (this.hashes[s] === h && this.len[t] === len && this.same(this.pos[t], i, len)) return t;
    }
  }
  private same(a: number, b: number, len: number): boolean {
    const tok = this.tk.tok;
    for (let j = 0; j < len; j++) if ((tok[a + j] & ID) !== (tok[b + j] & ID)) return false;
    return true;
  }
  private add(slot: number, i: number, len: number, h: number): number {
    const t = this.size++;
    if (t === this.pos.length) {
      this.pos = grow(this.pos);
      const l2 = new Uint8Array(this.len.length * 2);
      l2.set(this.len);
      this.len = l2;
    }
    this.pos[t] = i;
    this.len[t] = len;
    this.slots[slot] = t;
    this.hashes[slot] = h;
    if (this.size * 2 > this.slots.length) this.rehash();
    return t;
  }
  private rehash(): void {
    const [oldSlots, oldHashes] = [this.slots, this.hashes];
    this.slots = new Int32Array(oldSlots.length * 2).fill(-1);
    this.hashes = new Int32Array(oldSlots.length * 2);
    const mask = this.slots.length - 1;
    for (let s = 0; s < oldSlots.length; s++) {
      if (oldSlots[s] < 0) continue;
      let q = oldHashes[s] & mask;
      while (this.slots[q] >= 0) q = (q + 1) & mask;
      this.slots[q] = oldSlots[s];
      this.hashes[q] = oldHashes[s];
    }
  }
}
