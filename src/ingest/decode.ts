/**
 * Bytes -> text. UTF-8 is checked with a fatal decoder so invalid bytes are never
 * silently turned into U+FFFD; such input falls back to windows-1252 with a warning.
 */
import type { Problem } from '../types.ts';

export interface Decoded {
  text: string;
  encoding: string;
  problems: Problem[];
}

export const NOT_UTF8_MESSAGE = 'not UTF-8; decoded as windows-1252, choose another encoding if text looks wrong';

function bomEncoding(b: Uint8Array): { encoding: string; skip: number } | null {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  return null;
}

/**
 * Decodes `bytes`. With an explicit `encoding` (the user's choice in the encoding picker)
 * that encoding is used non-fatally; otherwise BOM, then strict UTF-8, then windows-1252.
 */
export function decodeText(bytes: Uint8Array, encoding?: string, file = ''): Decoded {
  const problems: Problem[] = [];
  const bom = bomEncoding(bytes);
  if (encoding) {
    const enc = encoding.toLowerCase();
    const body = bom && bom.encoding === enc ? bytes.subarray(bom.skip) : bytes;
    const text = enc === 'windows-1252' || enc === 'cp1252' ? decodeWindows1252(body) : new TextDecoder(enc, { ignoreBOM: true }).decode(body);
    return { text: stripBom(text), encoding: enc, problems };
  }
  if (bom) {
    const text = new TextDecoder(bom.encoding, { ignoreBOM: true }).decode(bytes.subarray(bom.skip));
    return { text, encoding: bom.encoding, problems };
  }
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16, problems };
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    return { text, encoding: 'utf-8', problems };
  } catch {
    const cjk = cjkText(bytes);
    if (cjk) {
      problems.push({ severity: 'warning', message: `not UTF-8; decoded as ${cjk.encoding} (Chinese), choose another encoding if text looks wrong`, file });
      return { text: cjk.text, encoding: cjk.encoding, problems };
    }
    problems.push({ severity: 'warning', message: NOT_UTF8_MESSAGE, file });
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252', problems };
  }
}

/** UTF-16 saved without a BOM: in ASCII-heavy text every other byte is zero. */
function utf16WithoutBom(b: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(b.length, 4096) & ~1;
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenZero++;
    if (b[i + 1] === 0) oddZero++;
  }
  const half = n / 2;
  if (oddZero > half * 0.4 && evenZero < half * 0.05) return 'utf-16le';
  if (evenZero > half * 0.4 && oddZero < half * 0.05) return 'utf-16be';
  return null;
}

/**
 * GBK/GB18030 text: bytes >= 0x80 come in pairs (a lead and a trail byte), where windows-1252
 * text has them alone between ASCII letters. Only then, and only when a strict decode succeeds
 * and yields Chinese characters, is the text read as GBK.
 */
function cjkText(b: Uint8Array): { text: string; encoding: string } | null {
  let i = 0;
  let pairs = 0;
  while (i < b.length) {
    if (b[i] < 0x80) {
      i++;
      continue;
    }
    if (b[i] === 0x80 || b[i] === 0xff || i + 1 >= b.length || b[i + 1] < 0x40 || b[i + 1] === 0x7f || b[i + 1] === 0xff) return null;
    pairs++;
    i += 2;
  }
  if (pairs === 0) return null;
  try {
    const text = new TextDecoder('gbk', { fatal: true }).decode(b);
    const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
    return han >= pairs * 0.5 ? { text, encoding: 'gbk' } : null;
  } catch {
    return null;
  }
}

/** windows-1252 bytes 0x80..0x9F (the rest is Latin-1). Unassigned bytes map to C1 controls, as WHATWG does. */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * windows-1252 by table: Node 20's TextDecoder treats this label as ISO-8859-1 (wrong for
 * 0x80..0x9F: curly quotes, dashes, euro), so it is not relied on. Never yields U+FFFD.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const end = Math.min(bytes.length, i + CHUNK);
    const codes = new Array<number>(end - i);
    for (let j = i; j < end; j++) {
      const b = bytes[j];
      codes[j - i] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH.charCodeAt(b - 0x80) : b;
    }
    parts.push(String.fromCharCode(...codes)); // spread-ok: at most CHUNK (8,192) arguments
  }
  return parts.join('');
}

/** Removes a leading U+FEFF (a BOM that survived decoding, or pasted text that carries one). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
